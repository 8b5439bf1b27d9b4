using System.CommandLine;
using System.Globalization;
using GradientFlows.Cli.Figures;
using GradientFlows.Cli.Invocation;
using GradientFlows.Experiments;
using GradientFlows.Models;
using OxyPlot;
using Spectre.Console;

namespace GradientFlows.Cli.Demos;

/// <summary>
/// Chen (arXiv 2311.15487): one deep network and data set trained by the standard flow and by the adapted flow side by
/// side — costs against the predicted e^{−2s/N}C₀, the predicted stopping time T_ε, and λ_min(DDᵀ) and rank D along each
/// path.
/// </summary>
internal static class AdaptedDemo
{
    /// <summary>The <c>adapted</c> subcommand.</summary>
    public static Command Create(Terminal terminal)
    {
        var defaults = AdaptedExperiment.Default;
        var inputs = NumberOption.Integer("--inputs", "-m", "M, input dimension", defaults.InputWidth);
        var hidden = new Option<string>("--hidden", "-k") { Description = "hidden widths M₁,…,M_L, comma-separated", DefaultValueFactory = _ => string.Join(",", defaults.HiddenWidths) };
        var outputs = NumberOption.Integer("--outputs", "-q", "Q, output dimension", defaults.OutputWidth);
        var samples = NumberOption.Integer("--samples", "-n", "N, number of training inputs", defaults.SampleCount);
        var activation = new Option<string>("--activation") { Description = "σ: tanh, softplus, sigmoid or identity", DefaultValueFactory = _ => defaults.Activation.Name };
        var epsilon = NumberOption.Real("--epsilon", "ε/C₀ of the stopping time, in (0, 1)", defaults.EpsilonFraction, e => e > 0 && e < 1, "a number with 0 < ε/C₀ < 1");
        var seed = NumberOption.Integer("--seed", null, "seed of every random draw", defaults.Seed, minimum: null);
        var output = new Option<DirectoryInfo>("--output", "-o") { Description = "folder for the SVG figure", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("out", "adapted")) };
        var format = OutputFormatOption.Create();
        var command = new Command("adapted", "Chen: standard vs adapted gradient flow on a deep network — uniform exponential rate, a-priori stopping time, NTK and rank along each path. " +
                                             $"Refused up front when its memory estimate, {MemoryBudget.AdaptedFormula}, exceeds the memory available.");
        foreach (var option in new Option[] { inputs, hidden, outputs, samples, activation, epsilon, seed, output, format })
        {
            command.Options.Add(option);
        }
        hidden.Validators.Add(r =>
        {
            string? text = r.Tokens.Count == 0 ? null : r.Tokens[0].Value;
            if (text is not null && ParseWidths(text) is null)
            {
                r.AddError($"--hidden (-k): expected a comma-separated list of whole numbers from 1 to {int.MaxValue}, e.g. 8,8; got '{text}'.");
            }
        });
        activation.Validators.Add(r =>
        {
            string? text = r.Tokens.Count == 0 ? null : r.Tokens[0].Value;
            if (text is not null && ParseActivation(text) is null)
            {
                r.AddError($"--activation: expected one of {string.Join(", ", Activation.All.Select(a => a.Name))}; got '{text}'.");
            }
        });
        command.SetAction(parse => Run(terminal,
            parse.GetValue(inputs), ParseWidths(parse.GetValue(hidden))!, parse.GetValue(outputs), parse.GetValue(samples),
            ParseActivation(parse.GetValue(activation))!, parse.GetValue(epsilon), parse.GetValue(seed), parse.GetValue(output)!, parse.GetValue(format)));
        return command;
    }

    private static int Run(Terminal terminal, int inputWidth, int[] hiddenWidths, int outputWidth, int sampleCount, Activation activation,
        double epsilonFraction, int seed, DirectoryInfo output, OutputFormat format)
    {
        double parameters = MemoryBudget.ParameterCount(inputWidth, hiddenWidths, outputWidth);
        if (MemoryBudget.Refusal($"M = {inputWidth}, hidden [{string.Join(",", hiddenWidths)}], Q = {outputWidth}, N = {sampleCount}",
                MemoryBudget.AdaptedBytes(inputWidth, hiddenWidths, outputWidth, sampleCount), Math.Max(parameters, (double)outputWidth * sampleCount), "choose smaller widths or fewer samples") is string refusal)
        {
            terminal.Error.WriteLine($"gradient-flows adapted: {refusal}");
            return ExitCode.Usage;
        }
        if (OutputFolder.Problem(output, "--output") is string problem)
        {
            terminal.Error.WriteLine($"gradient-flows adapted: {problem}");
            return ExitCode.OutputNotWritable;
        }
        var experiment = new AdaptedExperiment(inputWidth, hiddenWidths, outputWidth, sampleCount, activation, epsilonFraction, seed);
        var console = terminal.Out;
        bool table = format == OutputFormat.Table;
        if (table)
        {
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"[bold]Adapted vs standard flow[/] (Chen §2): M = {experiment.InputWidth}, hidden {Markup.Escape("[" + string.Join(",", experiment.HiddenWidths) + "]")}, " +
                $"Q = {experiment.OutputWidth}, N = {experiment.SampleCount}, σ = {experiment.Activation}, seed = {experiment.Seed}"));
        }
        var r = terminal.WithProgress("standard and adapted flow", experiment.Run);
        var shown = new[] { 0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40 }.Select(i => r.Rows[i]).ToList();
        bool fullRank = r.Rows.All(row => row.AdaptedRank == r.QN);
        double worst = r.Rows.Max(row => Math.Abs(row.AdaptedCost / row.PredictedCost - 1));
        bool holds = !fullRank || worst <= 1e-6;
        string regime = r.K > r.QN ? "overparametrised" : r.K == r.QN ? "borderline" : "underparametrised";
        string path = Path.Combine(output.FullName, "adapted.svg");
        WriteFigure(r, path);

        if (!table)
        {
            terminal.WriteJson(new
            {
                Command = "adapted",
                Parameters = new
                {
                    M = inputWidth,
                    Hidden = hiddenWidths,
                    Q = outputWidth,
                    N = sampleCount,
                    Activation = activation.Name,
                    EpsilonFraction = epsilonFraction,
                    Seed = seed,
                },
                r.K,
                r.QN,
                Regime = regime,
                C0 = r.Cost0,
                r.Epsilon,
                PredictedStoppingTime = Terminal.Finite(r.PredictedStoppingTime),
                AdaptedCrossing = Terminal.Finite(r.AdaptedCrossing),
                StandardCrossing = Terminal.Finite(r.StandardCrossing),
                Rows = shown.Select(row => new
                {
                    S = row.Time,
                    StandardC = row.StandardCost,
                    AdaptedC = row.AdaptedCost,
                    PredictedC = row.PredictedCost,
                    LambdaMinStandard = row.StandardKernelMinimum,
                    RankStandard = row.StandardRank,
                    LambdaMinAdapted = row.AdaptedKernelMinimum,
                    RankAdapted = row.AdaptedRank,
                }),
                FullRankAlongAdaptedPath = fullRank,
                WorstRelativeDeviation = Terminal.Finite(worst),
                Holds = holds,
                Figure = path,
            });
            return holds ? ExitCode.Success : ExitCode.Usage;
        }

        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"K = {r.K}, QN = {r.QN} ({(r.K < r.QN ? "underparametrised: Theorem 2.1 does not apply" : regime)}); " +
            $"C₀ = {r.Cost0:G5}, ε = {r.Epsilon:G3}; predicted T_ε = (N/2)ln(C₀/ε) = {r.PredictedStoppingTime:G6}"));
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"observed first C ≤ ε: adapted {Show(r.AdaptedCrossing)}, standard {Show(r.StandardCrossing)}"));

        var grid = new Table().Border(TableBorder.Minimal)
            .AddColumn("s").AddColumn("standard C").AddColumn("adapted C").AddColumn("e^(−2s/N)C₀")
            .AddColumn("λ_min std").AddColumn("rank std").AddColumn("λ_min adapted").AddColumn("rank adapted");
        foreach (var row in shown)
        {
            grid.AddRow(LogScalePlot.Format(row.Time), LogScalePlot.Format(row.StandardCost), LogScalePlot.Format(row.AdaptedCost),
                LogScalePlot.Format(row.PredictedCost), LogScalePlot.Format(row.StandardKernelMinimum),
                row.StandardRank.ToString(CultureInfo.InvariantCulture), LogScalePlot.Format(row.AdaptedKernelMinimum),
                row.AdaptedRank.ToString(CultureInfo.InvariantCulture));
        }
        console.Write(grid);
        console.MarkupLine("λ_min = smallest eigenvalue of the empirical NTK DDᵀ (= σ_min(D)²); rank D by the threshold max(QN, K)·ε·σ_max.");

        string deviation = worst.ToString("G2", CultureInfo.InvariantCulture);
        console.MarkupLine(!fullRank
            ? "[yellow]The adapted path lost rank (see the rank column): Theorem 2.1's hypothesis fails there, and the least-squares flow of Theorem 4.1 takes over.[/]"
            : holds
                ? $"[green]rank D = QN along the adapted path, and its cost follows e^(−2s/N)C₀ (largest relative deviation {deviation}).[/]"
                : $"[red]rank D = QN along the adapted path, but its cost deviates from e^(−2s/N)C₀ by {deviation}: this contradicts Theorem 2.1; please report the seed.[/]");
        console.MarkupLine($"Figure written to {Markup.Escape(OutputFolder.Display(path))}");
        return holds ? ExitCode.Success : ExitCode.Usage;
    }

    /// <summary>Writes the figure: cost of both flows, the prediction, T_ε, and λ_min(DDᵀ) along each path (log scale).</summary>
    public static void WriteFigure(AdaptedExperimentResult r, string path)
    {
        var e = r.Experiment;
        var plot = new LogScalePlot(
            $"Chen: M={e.InputWidth}, hidden [{string.Join(",", e.HiddenWidths)}], Q={e.OutputWidth}, N={e.SampleCount}, {e.Activation}, seed {e.Seed} (K={r.K}, QN={r.QN})",
            "time s", "cost C and λ_min(DDᵀ)");
        plot.AddCurve("standard C", r.Rows.Select(row => (row.Time, row.StandardCost)), OxyColors.Black);
        // The adapted cost follows the prediction exactly: thick with markers, and the prediction thin and dashed on top.
        plot.AddCurve("adapted C", r.Rows.Select(row => (row.Time, row.AdaptedCost)), OxyColors.SteelBlue, LineStyle.Solid, MarkerType.Circle, thickness: 4);
        plot.AddCurve("e^(−2s/N)·C₀", r.Rows.Select(row => (row.Time, row.PredictedCost)), OxyColors.Red, LineStyle.Dash, thickness: 1.2);
        plot.AddCurve("λ_min, standard", r.Rows.Select(row => (row.Time, row.StandardKernelMinimum)), OxyColors.DimGray, LineStyle.Dot, MarkerType.Square);
        plot.AddCurve("λ_min, adapted", r.Rows.Select(row => (row.Time, row.AdaptedKernelMinimum)), OxyColors.DeepSkyBlue, LineStyle.Dot, MarkerType.Triangle);
        plot.AddMarker("T_ε", r.PredictedStoppingTime, OxyColors.Red);
        plot.Save(path);
    }

    private static string Show(double? s) => s is double v ? v.ToString("G6", CultureInfo.InvariantCulture) : "not reached";

    private static int[]? ParseWidths(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var widths = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out widths[i]) || widths[i] < 1)
            {
                return null;
            }
        }
        return widths;
    }

    private static Activation? ParseActivation(string? name) =>
        Activation.All.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));
}
