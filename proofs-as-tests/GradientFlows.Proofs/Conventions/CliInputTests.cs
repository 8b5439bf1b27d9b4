using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using GradientFlows.Cli;
using GradientFlows.TestVectors;

namespace GradientFlows.Proofs.Conventions;

/// <summary>
/// The command line as a user meets it, driven in-process through <see cref="CliProgram.Run(string[], TextWriter, TextWriter)"/>
/// (as with stdout and stderr redirected): every bad value is one line on stderr naming the option with exit code 1,
/// an unwritable output folder is exit code 2 before any work, an unexpected failure is one line, never a stack trace;
/// <c>--format json</c> carries the table's numbers.
/// </summary>
public sealed class CliInputTests
{
    private const string StackTraceLine = "   at ";

    /// <summary>The inputs that crashed with a stack trace (issue 9), and their neighbours.</summary>
    public static TheoryData<string, string> BadValues => new()
    {
        { "-k abc", "--hidden" },
        { "--steps 1.5", "--steps" },
        { "--step-size abc", "--step-size" },
        { "--step-size inf", "--step-size" },
        { "--step-size NaN", "--step-size" },
        { "--step-size -1", "--step-size" },
        { "--step-fraction inf", "--step-fraction" },
        { "--step-fraction 0", "--step-fraction" },
        { "-n 0", "--outputs" },
        { "-m 1e8", "--inputs" },
        { "-k 1e8", "--hidden" },
        { "--seed 1.5", "--seed" },
        { "--format xml", "--format" },
        { "health -k abc", "--hidden" },
        { "adapted --epsilon abc", "--epsilon" },
        { "adapted --epsilon 1", "--epsilon" },
        { "adapted --hidden 8,x", "--hidden" },
        { "adapted --activation relu", "--activation" },
        { "adapted -n 0", "--samples" },
        { "linear --scale abc", "--scale" },
        { "linear --scale 1.5", "--scale" },
        { "linear --depth 0", "--depth" },
        { "vectors check --format yaml .", "--format" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    [Trait("Theorem", "META.Cli")]
    public void BadValue_Gives_OneLine_Naming_Option_Exit1(string arguments, string option)
    {
        var run = Run(arguments);
        Check.That(run.ExitCode == 1, $"'{arguments}': exit code {run.ExitCode}, expected 1");
        run.AssertOneErrorLine(arguments);
        Check.That(run.Error.Contains(option, StringComparison.Ordinal), $"'{arguments}': the line names {option}: {run.Error}");
        Check.That(run.Output.Length == 0, $"'{arguments}': nothing on stdout, got: {run.Output}");
    }

    [Theory]
    [InlineData("-k 10000000")]
    [InlineData("-k 2000000000 -m 2000000000")]
    [InlineData("-n 1000000")]
    [InlineData("adapted -n 100000")]
    [InlineData("linear -k 100000")]
    [Trait("Theorem", "META.Cli")]
    public void OversizedRun_Is_Refused_UpFront_Exit1(string arguments)
    {
        var clock = Stopwatch.StartNew();
        var run = Run(arguments);
        Check.That(run.ExitCode == 1, $"'{arguments}': exit code {run.ExitCode}, expected 1");
        run.AssertOneErrorLine(arguments);
        Check.That(run.Error.Contains("memory", StringComparison.Ordinal) || run.Error.Contains("largest array", StringComparison.Ordinal),
            $"'{arguments}': the refusal states the memory it would need: {run.Error}");
        Check.That(clock.Elapsed < TimeSpan.FromSeconds(5), $"'{arguments}': refused in {clock.Elapsed.TotalSeconds:F1} s, expected under 5 s");
    }

    [Theory]
    [InlineData("-o {0}")]
    [InlineData("health --output {0}")]
    [InlineData("adapted -o {0}")]
    [InlineData("linear -o {0}")]
    [InlineData("vectors export {0}")]
    [Trait("Theorem", "META.Cli")]
    public void UnwritableOutput_Gives_Exit2_Before_Work(string pattern)
    {
        // A folder below a regular file can be neither created nor written, on every platform.
        string file = Path.GetTempFileName();
        try
        {
            string arguments = string.Format(CultureInfo.InvariantCulture, pattern, Path.Combine(file, "figures"));
            var clock = Stopwatch.StartNew();
            var run = Run(arguments);
            Check.That(run.ExitCode == 2, $"'{arguments}': exit code {run.ExitCode}, expected 2");
            run.AssertOneErrorLine(arguments);
            Check.That(run.Output.Length == 0, $"'{arguments}': nothing on stdout before the check, got: {run.Output}");
            Check.That(clock.Elapsed < TimeSpan.FromSeconds(5), $"'{arguments}': failed after {clock.Elapsed.TotalSeconds:F1} s, expected under 5 s");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    [Trait("Theorem", "META.Cli")]
    public void UnexpectedFailure_Gives_OneLine_Exit3_And_Verbose_Gives_Trace()
    {
        using var folder = new TemporaryFolder();
        // Seed 2 with k = 1 kills the only hidden unit at w₀, so η = c/λ_max(K₀) is undefined and the experiment throws.
        var run = Run($"-k 1 --seed 2 -o {folder.Path}");
        Check.That(run.ExitCode == 3, $"exit code {run.ExitCode}, expected 3");
        run.AssertOneErrorLine("-k 1 --seed 2");
        var verbose = Run($"-k 1 --seed 2 -o {folder.Path} --verbose");
        Check.That(verbose.ExitCode == 3 && verbose.Error.Contains(StackTraceLine, StringComparison.Ordinal),
            $"--verbose: exit code {verbose.ExitCode} and the stack trace on stderr, got: {verbose.Error}");
    }

    [Fact]
    [Trait("Theorem", "META.Cli")]
    public void Version_Names_ProductBackend()
    {
        var run = Run("--version");
        Check.That(run.ExitCode == 0 && run.Output.Contains(GradientFlows.LinearAlgebra.ProductBackend.Description, StringComparison.Ordinal),
            $"--version exits 0 and names the dense-product backend: {run.Output}");
    }

    [Fact]
    [Trait("Theorem", "META.Cli")]
    public void Help_States_Limits_And_ExitCodes()
    {
        var run = Run("--help");
        Check.That(run.ExitCode == 0, $"exit code {run.ExitCode}, expected 0");
        Check.That(run.Output.Contains("Limits:", StringComparison.Ordinal) && run.Output.Contains("Exit codes:", StringComparison.Ordinal),
            $"--help states the size limits and the exit codes: {run.Output}");
    }

    [Fact]
    [Trait("Theorem", "META.Cli")]
    public void MainJob_Json_Eq_TableNumbers()
    {
        using var folder = new TemporaryFolder();
        string arguments = $"-n 2 -k 8 -m 3 --steps 40 --seed 5 -o {folder.Path}";
        var table = Run(arguments);
        var json = Run(arguments + " --format json");
        Check.That(table.ExitCode == 0 && json.ExitCode == 0, $"exit codes {table.ExitCode} (table), {json.ExitCode} (json): {table.Error}{json.Error}");
        Check.That(table.Output.Split('\n').All(line => line.TrimEnd().Length <= 300) && !table.Output.Contains('\u001b', StringComparison.Ordinal),
            "redirected output is plain (no ANSI escapes)");

        var cells = table.Output.Split('\n')
            .Select(line => line.Split('│').Select(c => c.Trim()).ToArray())
            .Where(c => c.Length == 8 && int.TryParse(c[0], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .ToList();
        using var document = JsonDocument.Parse(json.Output);
        var rows = document.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Check.That(cells.Count == 7 && rows.Count == cells.Count, $"7 table rows and as many JSON rows, got {cells.Count} and {rows.Count}");
        string[] columns = ["step", "gdLoss", "flowLoss", "health", "rigorous", "s1", "gdD22", "idealised"];
        for (int i = 0; i < rows.Count; i++)
        {
            for (int c = 0; c < columns.Length; c++)
            {
                var value = rows[i].GetProperty(columns[c]);
                string shown = c == 0
                    ? value.GetInt32().ToString(CultureInfo.InvariantCulture)
                    : GradientFlows.Cli.Figures.LogScalePlot.Format(value.ValueKind == JsonValueKind.Null ? null : value.GetDouble());
                Check.That(shown == cells[i][c], $"row {i}, {columns[c]}: JSON {value} shows as {shown}, the table has {cells[i][c]}");
            }
        }
        Check.That(document.RootElement.GetProperty("rigorousHolds").GetBoolean(), "the JSON carries the verdict");
    }

    [Fact]
    [Trait("Theorem", "META.Cli")]
    public void EveryCommand_Json_Parses()
    {
        using var folder = new TemporaryFolder();
        var vector = TestVectorCatalogue.All[0];
        string vectorFile = Path.Combine(folder.Path, vector.Name + ".json");
        File.WriteAllText(vectorFile, TestVectorJson.Write(vector.Compute()));
        foreach (var (arguments, command) in new[]
        {
            ($"health -k 8 --steps 10 --seed 5 -o {folder.Path}", "health"),
            ($"adapted -m 2 -k 3 -q 1 -n 2 -o {folder.Path}", "adapted"),
            ($"linear -m 2 -n 2 -k 2 -o {folder.Path}", "linear"),
            ($"vectors check {vectorFile}", "vectors check"),
        })
        {
            var run = Run(arguments + " --format json");
            Check.That(run.ExitCode == 0, $"'{arguments}': exit code {run.ExitCode}: {run.Error}");
            using var document = JsonDocument.Parse(run.Output);
            Check.That(document.RootElement.GetProperty("command").GetString() == command, $"'{arguments}': a JSON document of command {command}");
        }
    }

    [Fact]
    [Trait("Theorem", "META.Cli")]
    public void Cli_References_No_TestFramework()
    {
        var references = typeof(CliProgram).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
        var test = references.Where(n => n.StartsWith("xunit", StringComparison.OrdinalIgnoreCase) || n.StartsWith("FsCheck", StringComparison.OrdinalIgnoreCase)
            || n.StartsWith("Snapshooter", StringComparison.OrdinalIgnoreCase) || n.Contains("TestPlatform", StringComparison.OrdinalIgnoreCase)
            || n.StartsWith("GradientFlows.Proofs", StringComparison.Ordinal)).ToList();
        Check.That(test.Count == 0, "the user's program references no test framework: " + string.Join(", ", test));
    }

    private static CliRun Run(string arguments)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var error = new StringWriter(CultureInfo.InvariantCulture);
        int code = CliProgram.Run(arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries), output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    private sealed record CliRun(int ExitCode, string Output, string Error)
    {
        public void AssertOneErrorLine(string arguments)
        {
            var lines = Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Check.That(lines.Length == 1, $"'{arguments}': one line on stderr, got {lines.Length}: {Error}");
            Check.That(!Error.Contains(StackTraceLine, StringComparison.Ordinal) && !Output.Contains(StackTraceLine, StringComparison.Ordinal),
                $"'{arguments}': no stack trace: {Error}");
        }
    }

    private sealed class TemporaryFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("gradient-flows-cli-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
