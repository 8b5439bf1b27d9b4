using System.CommandLine;
using System.Globalization;
using GradientFlows.TestVectors;
using Spectre.Console;

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
    public static Command Create()
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "folder to write the vectors into (created if missing)" };
        var force = new Option<bool>("--force") { Description = "overwrite files that already exist" };
        var export = new Command("export", "Write every published test vector as <name>.json, plus the JSON Schema.") { folder, force };
        export.SetAction(parse => Export(parse.GetValue(folder)!, parse.GetValue(force)));

        var path = new Argument<FileSystemInfo>("file-or-folder") { Description = "a vector file, or a folder whose *.json vectors are all checked" };
        var check = new Command("check", "Recompute vector files with this implementation and report the largest differences per quantity.") { path };
        check.SetAction(parse => Check(parse.GetValue(path)!));

        return new Command("vectors", "Test vectors for ports: export them, or check a vector file (ours or a port's).") { export, check };
    }

    private static int Export(DirectoryInfo folder, bool force)
    {
        var console = AnsiConsole.Console;
        folder.Create();
        var entries = TestVectorCatalogue.All;
        var targets = entries.Select(e => Path.Combine(folder.FullName, e.Name + ".json")).Append(Path.Combine(folder.FullName, SchemaFile)).ToList();
        var existing = targets.Where(File.Exists).ToList();
        if (existing.Count > 0 && !force)
        {
            console.MarkupLine($"[red]{existing.Count} files already exist (first: {Markup.Escape(existing[0])}); nothing was written. Use --force to overwrite.[/]");
            return 2;
        }
        console.Progress().AutoClear(true).Start(context =>
        {
            var task = context.AddTask("computing vectors", maxValue: entries.Count);
            foreach (var entry in entries)
            {
                File.WriteAllText(Path.Combine(folder.FullName, entry.Name + ".json"), TestVectorJson.Write(entry.Compute()));
                task.Increment(1);
            }
        });
        File.WriteAllText(Path.Combine(folder.FullName, SchemaFile), TestVectorSchema.Text);
        console.MarkupLine($"Wrote {entries.Count} vectors and {SchemaFile} to {Markup.Escape(folder.FullName)}");
        return 0;
    }

    private static int Check(FileSystemInfo path)
    {
        // Plain lines, not a table: the output is read in terminals of any width and in CI logs, and must not wrap.
        var output = Console.Out;
        var files = path switch
        {
            DirectoryInfo d when d.Exists => d.GetFiles("*.json").Where(f => f.Name != SchemaFile).OrderBy(f => f.Name, StringComparer.Ordinal).ToList(),
            FileInfo f when f.Exists => [f],
            _ => null,
        };
        if (files is null || files.Count == 0)
        {
            output.WriteLine($"{path.FullName}: expected a vector file or a folder containing *.json vectors.");
            return 2;
        }
        int failedFiles = 0;
        foreach (var file in files)
        {
            string name = Path.GetFileNameWithoutExtension(file.Name);
            try
            {
                var result = TestVectorCheck.Compare(TestVectorJson.Read(File.ReadAllText(file.FullName)));
                failedFiles += result.Agrees ? 0 : 1;
                var worst = result.Differences.MaxBy(d => d.WorstFraction)!;
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
                output.WriteLine($"INVALID {file.Name}: {e.Message}");
            }
        }
        output.WriteLine(failedFiles == 0
            ? $"{files.Count} vectors agree with this implementation within the reference tolerances."
            : $"{failedFiles} of {files.Count} vectors differ or are invalid.");
        return failedFiles == 0 ? 0 : 1;
    }

    /// <summary>"expected.gradient[2]: |Δ| = 1e-06, |Δ|/|e| = 3.1e-06, 1e+05 × the allowed 1e-11".</summary>
    private static string Describe(QuantityDifference d)
    {
        static string G(double x) => x.ToString("G3", CultureInfo.InvariantCulture);
        string relative = d.RelativeUndefined ? "|Δ|/|e| undefined (e = 0)" : $"|Δ|/|e| = {G(d.MaxRelative)}";
        string index = d.Entries > 1 && d.WorstIndex >= 0 ? $"[{d.WorstIndex}]" : "";
        return $"{d.Quantity}{index}: |Δ| = {G(d.MaxAbsolute)}, {relative}, {G(d.WorstFraction)} × the allowed {G(d.Allowed)}";
    }
}
