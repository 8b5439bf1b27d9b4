using System.Collections.Concurrent;
using System.CommandLine;
using System.Globalization;
using System.Text;
using GradientFlows.Cli.Demos;
using GradientFlows.Cli.Invocation;
using GradientFlows.Experiments;
using GradientFlows.Proofs;
using Spectre.Console;

namespace GradientFlows.Certificate;

/// <summary>
/// The certificate run (<c>verify</c>). Every theorem of the three sources is checked on fresh random instances by the
/// same property bodies as the proofs-as-tests, with a progress display, a summary table (theorem, source, instances,
/// worst slack relative to its tolerance, pass/fail), a non-zero exit code on any failure, and a report folder.
/// </summary>
internal static class VerifyCommand
{
    /// <summary>The command that replays a run, as printed in the report.</summary>
    public const string Replay = "dotnet run --project proofs-as-tests/GradientFlows.Certificate --";

    /// <summary>The certificate run as a root command.</summary>
    public static RootCommand Create(Terminal terminal)
    {
        var count = NumberOption.Integer("--count", null, "instances per property (properties whose cases are expensive run proportionally fewer)", 100);
        var seed = NumberOption.OptionalUnsigned("--seed", "seed of the run (default: fresh, printed so the run can be replayed)");
        var report = new Option<DirectoryInfo>("--report") { Description = "folder for the report (Markdown and SVG figures)", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("out", "report")) };
        var filter = new Option<string?>("--theorem") { Description = "only theorems whose id starts with this prefix, e.g. GB.R1 or CH" };
        var format = OutputFormatOption.Create();
        var command = new RootCommand(
            "Certificate run (verify): re-check every theorem of the three sources on fresh random instances, print a summary table and write a report. " +
            "Exit codes: 0 every theorem held, 1 a check failed or a bad value, 2 the report folder is not writable or no theorem id matches --theorem, 3 unexpected failure.")
        {
            count, seed, report, filter, format,
        };
        command.SetAction(parse => Run(terminal, parse.GetValue(count), parse.GetValue(seed) ?? (ulong)Random.Shared.NextInt64(1, long.MaxValue),
            parse.GetValue(report)!, parse.GetValue(filter), parse.GetValue(format)));
        return command;
    }

    private static int Run(Terminal terminal, int count, ulong seed, DirectoryInfo report, string? prefix, OutputFormat format)
    {
        var console = terminal.Out;
        bool table = format == OutputFormat.Table;
        var checks = TheoremCheck.Discover().Where(c => prefix is null || c.Id.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        if (checks.Count == 0)
        {
            terminal.Error.WriteLine($"verify: --theorem: no theorem id starts with '{prefix}'.");
            return ExitCode.OutputNotWritable;
        }
        if (OutputFolder.Problem(report, "--report") is string problem)
        {
            terminal.Error.WriteLine($"verify: {problem}");
            return ExitCode.OutputNotWritable;
        }
        var runner = new CertificateRunner(count, seed);
        string heading = string.Create(CultureInfo.InvariantCulture,
            $"Certificate run: {checks.Count} checks of {checks.Select(c => c.Id).Distinct().Count()} theorems, {count} instances per property, seed {seed}");
        if (table)
        {
            console.MarkupLine(Markup.Escape(heading));
        }
        else
        {
            // The seed goes to stderr at once, so an interrupted run can still be replayed.
            terminal.Error.WriteLine(heading);
        }
        var outcomes = new ConcurrentBag<CheckOutcome>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        terminal.WithProgress("theorems", progress =>
        {
            int done = 0;
            // Expensive checks first, so the two cores stay busy until the end.
            Parallel.ForEach(checks.OrderBy(c => c.Kind), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, check =>
            {
                outcomes.Add(runner.Run(check));
                progress((double)Interlocked.Increment(ref done) / checks.Count);
            });
            return done;
        });
        var byTheorem = outcomes.GroupBy(o => o.Check.Id).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new TheoremSummary(
            g.Key, g.First().Check.Source, g.Sum(o => o.Drawn), g.Sum(o => o.Checked), Merge(g.Select(o => o.Inconclusive)),
            g.Max(o => o.WorstSlack), g.All(o => o.Passed), g.Count())).ToList();
        var failures = outcomes.Where(o => !o.Passed).OrderBy(o => o.Check.Id, StringComparer.Ordinal).ToList();

        HealthDemo.WriteFigure(HealthExperiment.Default.Run(), Path.Combine(report.FullName, "health.svg"));
        AdaptedDemo.WriteFigure(AdaptedExperiment.Default.Run(), Path.Combine(report.FullName, "adapted.svg"));
        LinearDemo.WriteFigures(SaxeExperiment.Default, SaxeExperiment.Default.Run(), report);
        string reportPath = Path.Combine(report.FullName, "report.md");
        File.WriteAllText(reportPath, Markdown(byTheorem, outcomes, failures, count, seed, clock.Elapsed));
        int checkedTotal = byTheorem.Sum(s => s.Checked), drawnTotal = byTheorem.Sum(s => s.Drawn);

        if (!table)
        {
            terminal.WriteJson(new
            {
                Command = "verify",
                Seed = seed,
                Count = count,
                Theorem = prefix,
                Seconds = clock.Elapsed.TotalSeconds,
                Checks = outcomes.Count,
                Drawn = drawnTotal,
                Checked = checkedTotal,
                Theorems = byTheorem.Select(s => new
                {
                    s.Id,
                    s.Source,
                    s.Tests,
                    s.Drawn,
                    s.Checked,
                    Inconclusive = s.InconclusiveCount,
                    InconclusiveReasons = s.Inconclusive,
                    WorstSlack = Terminal.Finite(s.WorstSlack),
                    Result = s.Passed ? "pass" : "FAIL",
                }),
                Failures = failures.Select(f => new { f.Check.Id, Test = f.Check.Method.Name, f.Failure }),
                Report = reportPath,
            });
            return failures.Count == 0 ? ExitCode.Success : ExitCode.Usage;
        }

        var grid = new Table().Border(TableBorder.Minimal).AddColumn("theorem").AddColumn("source")
            .AddColumn("drawn").AddColumn("checked").AddColumn("inconcl.").AddColumn("worst slack").AddColumn("result");
        foreach (var s in byTheorem)
        {
            grid.AddRow(s.Id, s.Source, s.Drawn.ToString(CultureInfo.InvariantCulture), s.Checked.ToString(CultureInfo.InvariantCulture),
                s.InconclusiveCount.ToString(CultureInfo.InvariantCulture), FormatSlack(s.WorstSlack), s.Passed ? "[green]pass[/]" : "[red]FAIL[/]");
        }
        console.Write(grid);
        console.MarkupLine("drawn = checked + inconclusive; an inconclusive instance is redrawn, and a property fails when more than one in five drawn is inconclusive.");
        console.MarkupLine("worst slack: the largest fraction of a tolerance any check used (≤ 1 passes; negative means the bound held with room to spare; — means exact checks only).");
        foreach (var s in byTheorem.Where(s => s.InconclusiveCount > 0))
        {
            console.MarkupLine(Markup.Escape($"{s.Id} inconclusive: {FormatReasons(s.Inconclusive)}"));
        }
        foreach (var f in failures)
        {
            console.MarkupLine($"[red]{Markup.Escape(f.Check.Id)} {Markup.Escape(f.Check.Method.Name)}[/]: {Markup.Escape(f.Failure ?? "")}");
        }
        console.MarkupLine(failures.Count == 0
            ? $"[green]All {byTheorem.Count} theorems hold on every checked instance ({checkedTotal} of {drawnTotal} drawn; the rest inconclusive, listed above).[/] Report: {Markup.Escape(reportPath)}"
            : $"[red]{failures.Count} checks failed.[/] Report: {Markup.Escape(reportPath)}");
        return failures.Count == 0 ? ExitCode.Success : ExitCode.Usage;
    }

    private static Dictionary<string, int> Merge(IEnumerable<IReadOnlyDictionary<string, int>> parts)
    {
        var merged = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (reason, n) in parts.SelectMany(p => p))
        {
            merged[reason] = merged.GetValueOrDefault(reason) + n;
        }
        return merged;
    }

    private static string FormatReasons(IReadOnlyDictionary<string, int> reasons) =>
        string.Join("; ", reasons.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Value} × {r.Key}"));

    private static string FormatSlack(double slack) => double.IsNegativeInfinity(slack) ? "—" : slack.ToString("G3", CultureInfo.InvariantCulture);

    private static string Markdown(
        List<TheoremSummary> summaries, IEnumerable<CheckOutcome> outcomes, List<CheckOutcome> failures, int count, ulong seed, TimeSpan elapsed)
    {
        var md = new StringBuilder();
        md.AppendLine("# Certificate run");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Seed {seed}, {count} instances per property, {elapsed.TotalSeconds:F0} s. Replay with `{Replay} --seed {seed} --count {count}`.");
        md.AppendLine();
        int checkedTotal = summaries.Sum(s => s.Checked), drawnTotal = summaries.Sum(s => s.Drawn);
        md.AppendLine(failures.Count == 0
            ? $"**Every theorem held on every checked instance ({checkedTotal} of {drawnTotal} drawn; the others were inconclusive, with their reasons below).**"
            : $"**{failures.Count} checks failed** (details below).");
        md.AppendLine();
        md.AppendLine("| theorem | source | tests | drawn | checked | inconclusive | worst slack | result |");
        md.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var s in summaries)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.Id} | {s.Source} | {s.Tests} | {s.Drawn} | {s.Checked} | {s.InconclusiveCount} | {FormatSlack(s.WorstSlack)} | {(s.Passed ? "pass" : "FAIL")} |");
        }
        md.AppendLine();
        md.AppendLine("Drawn = checked + inconclusive. An inconclusive instance (a hypothesis the generator cannot guarantee failed, or too little of an orbit was reached) is discarded and redrawn; a property fails when more than one instance in five is inconclusive.");
        md.AppendLine();
        if (summaries.Any(s => s.InconclusiveCount > 0))
        {
            md.AppendLine("## Inconclusive instances");
            md.AppendLine();
            md.AppendLine("| theorem | reasons |");
            md.AppendLine("| --- | --- |");
            foreach (var s in summaries.Where(s => s.InconclusiveCount > 0))
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {s.Id} | {FormatReasons(s.Inconclusive).Replace("|", "\\|", StringComparison.Ordinal)} |");
            }
            md.AppendLine();
        }
        md.AppendLine("Worst slack is the largest fraction of its tolerance that any check of the theorem used: a check passes while it is ≤ 1; a negative value means the inequality held with that many tolerances to spare. Statements, code and tests of each id: [docs/theorems.md](../../docs/theorems.md).");
        md.AppendLine();
        md.AppendLine("## Tolerances");
        md.AppendLine();
        md.AppendLine("Each named tolerance (a member of the proofs' `Tolerances`; a tolerance made inside a test carries the test's name) with the number of checks that used it in this run and the largest fraction of it any check used, smallest first: a tolerance whose worst use stays far below 1 over many instances is a candidate for tightening (docs/numerics.md).");
        md.AppendLine();
        md.AppendLine("| tolerance | checks | worst fraction used |");
        md.AppendLine("| --- | --- | --- |");
        var byTolerance = new Dictionary<string, ToleranceUse>(StringComparer.Ordinal);
        foreach (var (name, use) in outcomes.SelectMany(o => o.ByTolerance))
        {
            var previous = byTolerance.GetValueOrDefault(name, new ToleranceUse(0, double.NegativeInfinity));
            byTolerance[name] = new ToleranceUse(previous.Checks + use.Checks, Math.Max(previous.Worst, use.Worst));
        }
        foreach (var (name, use) in byTolerance.OrderBy(t => t.Value.Worst).ThenBy(t => t.Key, StringComparer.Ordinal))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| `{name}` | {use.Checks} | {FormatSlack(use.Worst)} |");
        }
        md.AppendLine();
        md.AppendLine("## Tests");
        md.AppendLine();
        md.AppendLine("| theorem | test | drawn | checked | worst slack | seconds | result |");
        md.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var o in outcomes.OrderBy(o => o.Check.Id, StringComparer.Ordinal).ThenBy(o => o.Check.Method.Name, StringComparer.Ordinal))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {o.Check.Id} | `{o.Check.Method.Name}` | {o.Drawn} | {o.Checked} | {FormatSlack(o.WorstSlack)} | {o.Seconds:F1} | {(o.Passed ? "pass" : "FAIL")} |");
        }
        if (failures.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Failures");
            foreach (var f in failures)
            {
                md.AppendLine();
                md.AppendLine(CultureInfo.InvariantCulture, $"### {f.Check.Id} `{f.Check.Method.Name}`");
                md.AppendLine();
                md.AppendLine("```");
                md.AppendLine(f.Failure);
                md.AppendLine("```");
            }
        }
        md.AppendLine();
        md.AppendLine("## Figures");
        md.AppendLine();
        md.AppendLine("Gelada–Buckman: a 2-layer ReLU MLP trained by gradient descent and gradient flow against the learning-health bounds (main job, default seed).");
        md.AppendLine();
        md.AppendLine("![learning health](health.svg)");
        md.AppendLine();
        md.AppendLine("Chen: one network trained by the standard and the adapted flow (`adapted` demo, default settings): log cost against time, the predicted stopping time, the smallest NTK eigenvalue and the rank along each path.");
        md.AppendLine();
        md.AppendLine("![adapted flow](adapted.svg)");
        md.AppendLine();
        md.AppendLine("Linear networks: mode strengths of a deep linear network from small initialisation against the Saxe et al. closed-form curves, and the drift of the conserved matrices (`linear` demo, default settings).");
        md.AppendLine();
        md.AppendLine("![Saxe curves](linear-modes.svg)");
        md.AppendLine();
        md.AppendLine("![invariant drift](linear-drift.svg)");
        return md.ToString();
    }

    private sealed record TheoremSummary(
        string Id, string Source, int Drawn, int Checked, IReadOnlyDictionary<string, int> Inconclusive, double WorstSlack, bool Passed, int Tests)
    {
        public int InconclusiveCount => Inconclusive.Values.Sum();
    }
}
