using System.CommandLine;
using System.Globalization;
using GradientFlows.Cli.Invocation;
using GradientFlows.TestVectors;

namespace GradientFlows.Cli.Vectors;

/// <summary>
/// <c>vectors export</c> writes the published test vectors; <c>vectors check</c> recomputes a vector file (or a folder
/// of them) against the reference tolerances and reports, per vector, the worst quantity and every quantity outside
/// its tolerance, plus notes where the file's stored tolerances differ from the reference's. Exit codes: 0 all agree,
/// 1 some differ or are invalid, 2 nothing to check.
/// </summary>
internal static class VectorsCommand
{
    /// <summary>The schema file name written next to exported vectors.</summary>
    public const string SchemaFile = "test-vector.schema.json";

    /// <summary>The <c>vectors</c> command with its two subcommands.</summary>
    public static Command Create(Terminal terminal)
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "folder to write the vectors into (created if missing)" };
        var force = new Option<bool>("--force") { Description = "overwrite files that already exist" };
        var exportFormat = OutputFormatOption.Create();
        var export = new Command("export", "Write every published test vector as <name>.json, plus the JSON Schema.") { folder, force, exportFormat };
        export.SetAction(parse => Export(terminal, parse.GetValue(folder)!, parse.GetValue(force), parse.GetValue(exportFormat)));

        var path = new Argument<FileSystemInfo>("file-or-folder") { Description = "a vector file, or a folder whose *.json vectors are all checked" };
        var checkFormat = OutputFormatOption.Create();
        var check = new Command("check", "Recompute vector files with this implementation and report the largest differences per quantity.") { path, checkFormat };
        check.SetAction(parse => Check(terminal, parse.GetValue(path)!, parse.GetValue(checkFormat)));

        return new Command("vectors", "Test vectors for ports: export them, or check a vector file (ours or a port's).") { export, check };
    }

    private static int Export(Terminal terminal, DirectoryInfo folder, bool force, OutputFormat format)
    {
        if (OutputFolder.Problem(folder, "vectors export") is string problem)
        {
            terminal.Error.WriteLine($"gradient-flows: {problem}");
            return ExitCode.OutputNotWritable;
        }
        var entries = TestVectorCatalogue.All;
        var targets = entries.Select(e => Path.Combine(folder.FullName, e.Name + ".json")).Append(Path.Combine(folder.FullName, SchemaFile)).ToList();
        var existing = targets.Where(File.Exists).ToList();
        if (existing.Count > 0 && !force)
        {
            terminal.Error.WriteLine($"gradient-flows: {existing.Count} files already exist (first: {existing[0]}); nothing was written. Use --force to overwrite.");
            return ExitCode.OutputNotWritable;
        }
        terminal.WithProgress("computing vectors", progress =>
        {
            for (int i = 0; i < entries.Count; i++)
            {
                File.WriteAllText(Path.Combine(folder.FullName, entries[i].Name + ".json"), TestVectorJson.Write(entries[i].Compute()));
                progress((i + 1.0) / entries.Count);
            }
            return entries.Count;
        });
        File.WriteAllText(Path.Combine(folder.FullName, SchemaFile), TestVectorSchema.Text);
        if (format == OutputFormat.Json)
        {
            terminal.WriteJson(new
            {
                Command = "vectors export",
                Folder = folder.FullName,
                Vectors = entries.Select(e => e.Name + ".json"),
                Schema = SchemaFile,
            });
        }
        else
        {
            terminal.Output.WriteLine($"Wrote {entries.Count} vectors and {SchemaFile} to {folder.FullName}");
        }
        return ExitCode.Success;
    }

    private static int Check(Terminal terminal, FileSystemInfo path, OutputFormat format)
    {
        // Plain lines, not a table: the output is read in terminals of any width and in CI logs, and must not wrap.
        var output = terminal.Output;
        bool json = format == OutputFormat.Json;
        var files = path switch
        {
            DirectoryInfo d when d.Exists => d.GetFiles("*.json").Where(f => f.Name != SchemaFile).OrderBy(f => f.Name, StringComparer.Ordinal).ToList(),
            FileInfo f when f.Exists => [f],
            _ => null,
        };
        if (files is null || files.Count == 0)
        {
            terminal.Error.WriteLine($"gradient-flows: {path.FullName}: expected a vector file or a folder containing *.json vectors.");
            return 2;
        }
        int failedFiles = 0;
        var reports = new List<object>();
        foreach (var file in files)
        {
            string name = Path.GetFileNameWithoutExtension(file.Name);
            try
            {
                var result = TestVectorCheck.Compare(TestVectorJson.Read(File.ReadAllText(file.FullName)));
                failedFiles += result.Agrees ? 0 : 1;
                var worst = result.Differences.MaxBy(d => d.WorstFraction)!;
                if (json)
                {
                    reports.Add(new
                    {
                        Vector = name,
                        Result = result.Agrees ? "ok" : "differs",
                        Worst = Difference(worst),
                        Failing = result.Failing.Select(Difference),
                        result.RegimeMismatch,
                        Notes = result.ToleranceNotes,
                    });
                    continue;
                }
                output.WriteLine(worst.MaxAbsolute == 0
                    ? $"{(result.Agrees ? "ok     " : "DIFFERS")} {name}: every value equal"
                    : $"{(result.Agrees ? "ok     " : "DIFFERS")} {name}: worst {Describe(worst)}");
                foreach (var d in result.Failing.Where(d => d != worst))
                {
                    output.WriteLine($"          {Describe(d)}");
                }
                if (result.RegimeMismatch is { } regime)
                {
                    output.WriteLine($"          {regime}");
                }
                foreach (var note in result.ToleranceNotes)
                {
                    output.WriteLine($"          note: {note}");
                }
            }
            catch (TestVectorFormatException e)
            {
                failedFiles++;
                if (json)
                {
                    reports.Add(new { Vector = name, Result = "invalid", Message = e.Message });
                    continue;
                }
                output.WriteLine($"INVALID {file.Name}: {e.Message}");
            }
        }
        if (json)
        {
            terminal.WriteJson(new { Command = "vectors check", Checked = files.Count, Failed = failedFiles, Vectors = reports });
        }
        else
        {
            output.WriteLine(failedFiles == 0
                ? $"{files.Count} vectors agree with this implementation within the reference tolerances."
                : $"{failedFiles} of {files.Count} vectors differ or are invalid.");
        }
        return failedFiles == 0 ? 0 : 1;
    }

    private static object Difference(QuantityDifference d) => new
    {
        d.Quantity,
        Index = d.Entries > 1 && d.WorstIndex >= 0 ? d.WorstIndex : (int?)null,
        d.MaxAbsolute,
        MaxRelative = Terminal.Finite(d.MaxRelative),
        FractionOfAllowed = Terminal.Finite(d.WorstFraction),
        d.Allowed,
    };

    /// <summary>"expected.gradient[2]: |Δ| = 1e-06, |Δ|/|e| = 3.1e-06, 1e+05 × the allowed 1e-11".</summary>
    private static string Describe(QuantityDifference d)
    {
        static string G(double x) => x.ToString("G3", CultureInfo.InvariantCulture);
        string relative = d.RelativeUndefined ? "|Δ|/|e| undefined (e = 0)" : $"|Δ|/|e| = {G(d.MaxRelative)}";
        string index = d.Entries > 1 && d.WorstIndex >= 0 ? $"[{d.WorstIndex}]" : "";
        return $"{d.Quantity}{index}: |Δ| = {G(d.MaxAbsolute)}, {relative}, {G(d.WorstFraction)} × the allowed {G(d.Allowed)}";
    }
}
