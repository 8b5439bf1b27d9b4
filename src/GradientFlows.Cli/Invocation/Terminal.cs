using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace GradientFlows.Cli.Invocation;

/// <summary>
/// Where a command writes: results on stdout (text and tables, or one JSON document), progress and errors on stderr.
/// When stdout is redirected, text is not wrapped and tables keep their full width; progress is drawn only when stderr
/// is a terminal.
/// </summary>
internal sealed class Terminal
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Creates a terminal over two writers.</summary>
    /// <param name="output">stdout.</param>
    /// <param name="error">stderr.</param>
    /// <param name="outputIsTerminal">Whether stdout is an interactive terminal (colours, the terminal's width).</param>
    /// <param name="errorIsTerminal">Whether stderr is an interactive terminal (progress is drawn only then).</param>
    public Terminal(TextWriter output, TextWriter error, bool outputIsTerminal, bool errorIsTerminal)
    {
        Output = output;
        Error = error;
        ErrorIsTerminal = errorIsTerminal;
        Out = Create(output, outputIsTerminal);
        Progress = Create(error, errorIsTerminal);
    }

    /// <summary>The process's own console: stdout and stderr, each interactive unless redirected.</summary>
    public static Terminal FromConsole() =>
        new(Console.Out, Console.Error, !Console.IsOutputRedirected, !Console.IsErrorRedirected);

    /// <summary>stdout.</summary>
    public TextWriter Output { get; }

    /// <summary>stderr.</summary>
    public TextWriter Error { get; }

    /// <summary>Whether stderr is an interactive terminal.</summary>
    public bool ErrorIsTerminal { get; }

    /// <summary>Text and tables on stdout.</summary>
    public IAnsiConsole Out { get; }

    /// <summary>Progress displays on stderr.</summary>
    public IAnsiConsole Progress { get; }

    /// <summary>Runs <paramref name="work"/> with a progress bar on stderr (when it is a terminal), passing it the fraction callback.</summary>
    public T WithProgress<T>(string description, Func<Action<double>, T> work)
    {
        if (!ErrorIsTerminal)
        {
            return work(_ => { });
        }
        T result = default!;
        Progress.Progress().AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask(description, maxValue: 1.0);
                result = work(fraction => task.Value = fraction);
            });
        return result;
    }

    /// <summary>Writes <paramref name="document"/> as indented JSON on stdout (non-finite numbers as null).</summary>
    public void WriteJson(object document) => Output.WriteLine(JsonSerializer.Serialize(document, JsonOptions));

    /// <summary>A finite number, or null (JSON has no NaN or ∞).</summary>
    public static double? Finite(double? value) => value is double v && double.IsFinite(v) ? v : null;

    private static IAnsiConsole Create(TextWriter writer, bool interactive)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        if (!interactive)
        {
            // Redirected: no wrapping at an assumed 80 columns; lines and tables keep their natural width.
            console.Profile.Width = 4096;
        }
        return console;
    }
}
