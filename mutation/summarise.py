#!/usr/bin/env python3
"""Summarises a Stryker.NET JSON report: counts per status, the score over non-ignored mutants, and every mutant
that is not killed (file:line, mutator, replacement), for docs/verification.md."""
import json
import sys

report = json.load(open(sys.argv[1]))
folder = sys.argv[2] if len(sys.argv) > 2 else ""
counts = {}
rows = []
for path, entry in sorted(report["files"].items()):
    if folder and f"/{folder}/" not in path:
        continue
    source = entry["source"].splitlines()
    for m in entry["mutants"]:
        status = m["status"]
        counts[status] = counts.get(status, 0) + 1
        if status in ("Survived", "NoCoverage", "Timeout"):
            line = m["location"]["start"]["line"]
            short = path.split("/src/GradientFlows/")[-1]
            rows.append(f"{status:10} {short}:{line} [{m['mutatorName']}] "
                        f"{source[line - 1].strip()[:90]}  =>  {m.get('replacement', '')[:60]}")
killed = counts.get("Killed", 0)
timeout = counts.get("Timeout", 0)
survived = counts.get("Survived", 0)
nocov = counts.get("NoCoverage", 0)
detected = killed + timeout
valid = detected + survived + nocov
print(" ".join(f"{k}={v}" for k, v in sorted(counts.items())))
print(f"mutants={valid} killed={killed} timeout={timeout} survived={survived} nocoverage={nocov} "
      f"score={100.0 * detected / valid if valid else 0:.2f}%")
for r in rows:
    print(r)
