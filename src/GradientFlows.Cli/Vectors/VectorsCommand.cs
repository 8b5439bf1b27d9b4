using System.CommandLine;
using System.Globalization;
using GradientFlows.TestVectors;
using Spectre.Console;

namespace GradientFlows.Cli.Vectors;

/// <summary>
/// <c>vectors export</c> writes the published test vectors; <c>vectors check</c> recomputes a vector file (or a folder
/// of them) and reports, per quantity, the largest absolute and relative difference against the stored values.
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
        var console = AnsiConsole.Console;
        var files = path switch
        {
            DirectoryInfo d when d.Exists => d.GetFiles("*.json").Where(f => f.Name != SchemaFile).OrderBy(f => f.Name, StringComparer.Ordinal).ToList(),
            FileInfo f when f.Exists => [f],
            _ => null,
        };
        if (files is null || files.Count == 0)
        {
            console.MarkupLine($"[red]{Markup.Escape(path.FullName)}: expected a vector file or a folder containing *.json vectors.[/]");
            return 2;
        }
        int failedFiles = 0;
        var table = new Table().Border(TableBorder.Minimal).AddColumn("vector").AddColumn("worst quantity")
            .AddColumn("max |Δ|").AddColumn("max |Δ|/|e|").AddColumn("result");
        foreach (var file in files)
        {
            try
            {
                var differences = TestVectorCheck.Compare(TestVectorJson.Read(File.ReadAllText(file.FullName)));
                var worst = differences.OrderByDescending(d => d.Allowed > 0 ? d.MaxAbsolute / d.Allowed : d.MaxAbsolute > 0 ? double.PositiveInfinity : 0).First();
                bool ok = differences.All(d => d.Within);
                failedFiles += ok ? 0 : 1;
                table.AddRow(Markup.Escape(Path.GetFileNameWithoutExtension(file.Name)), worst.MaxAbsolute == 0 ? "(all equal)" : Markup.Escape(worst.Quantity),
                    worst.MaxAbsolute.ToString("G3", CultureInfo.InvariantCulture), worst.MaxRelative.ToString("G3", CultureInfo.InvariantCulture),
                    ok ? "[green]ok[/]" : "[red]DIFFERS[/]");
                foreach (var d in differences.Where(d => !d.Within))
                {
                    table.AddRow("", Markup.Escape(d.Quantity), d.MaxAbsolute.ToString("G3", CultureInfo.InvariantCulture),
                        d.MaxRelative.ToString("G3", CultureInfo.InvariantCulture), $"[red]allowed {d.Allowed.ToString("G3", CultureInfo.InvariantCulture)}[/]");
                }
            }
            catch (TestVectorFormatException e)
            {
                failedFiles++;
                table.AddRow(Markup.Escape(file.Name), "[red]invalid file[/]", "", "", $"[red]{Markup.Escape(e.Message)}[/]");
            }
        }
        console.Write(table);
        console.MarkupLine(failedFiles == 0
            ? $"[green]{files.Count} vectors agree with this implementation within their tolerances.[/]"
            : $"[red]{failedFiles} of {files.Count} vectors differ or are invalid.[/]");
        return failedFiles == 0 ? 0 : 1;
    }
}
