using System.CommandLine;
using System.Globalization;
using GradientFlows.Cli.Figures;
using GradientFlows.Cli.Invocation;
using GradientFlows.Experiments;
using OxyPlot;
using Spectre.Console;

namespace GradientFlows.Cli.Demos;

/// <summary>
/// The linear-network demo: a deep linear network trained by the gradient flow from a small Gaussian start and from the
/// decoupled balanced start of Saxe et al., against the Saxe closed-form mode strengths, with the drift of the conserved
/// matrices Dᵢ = Wᵢ₊₁ᵀWᵢ₊₁ − WᵢWᵢᵀ along both paths (Chitour–Liao–Couillet's invariance property).
/// </summary>
internal static class LinearDemo
{
    /// <summary>The <c>linear</c> subcommand.</summary>
    public static Command Create(Terminal terminal)
    {
        var d = SaxeExperiment.Default;
        var HiddenLayers = NumberOption.Integer("--depth", null, "H, number of hidden layers (N = H + 1 factors)", d.HiddenLayers);
        var InputWidth = NumberOption.Integer("--inputs", "-m", "d_x, input width", d.InputWidth);
        var OutputWidth = NumberOption.Integer("--outputs", "-n", "d_y, output width", d.OutputWidth);
        var HiddenWidth = NumberOption.Integer("--hidden", "-k", "width of every hidden layer", d.HiddenWidth);
        var Scale = NumberOption.Real("--scale", "σ, per-factor scale of the initialisation (0 < σ < 1)", d.InitialScale, sigma => sigma > 0 && sigma < 1, "a number with 0 < σ < 1");
        var Seed = NumberOption.Integer("--seed", null, "seed of every random draw", d.Seed, minimum: null);
        var Output = new Option<DirectoryInfo>("--output", "-o") { Description = "folder for the SVG figures", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("out", "linear")) };
        var Format = OutputFormatOption.Create();
        var command = new Command("linear", "Chitour–Liao–Couillet / Saxe et al.: deep linear network from small initialisation against the Saxe curves, with the invariants' drift. " +
                                            $"Refused up front when its memory estimate, {MemoryBudget.LinearFormula}, exceeds the memory available.");
        foreach (var option in new Option[] { HiddenLayers, InputWidth, OutputWidth, HiddenWidth, Scale, Seed, Output, Format })
        {
            command.Options.Add(option);
        }
        command.SetAction(parse => Run(terminal,
            parse.GetValue(HiddenLayers), parse.GetValue(InputWidth), parse.GetValue(OutputWidth), parse.GetValue(HiddenWidth),
            parse.GetValue(Scale), parse.GetValue(Seed), parse.GetValue(Output)!, parse.GetValue(Format)));
        return command;
    }

    private static int Run(Terminal terminal, int hiddenLayers, int inputWidth, int outputWidth, int hiddenWidth, double scale, int seed,
        DirectoryInfo output, OutputFormat format)
    {
        double parameters = (double)inputWidth * hiddenWidth + (hiddenLayers - 1.0) * hiddenWidth * hiddenWidth + (double)hiddenWidth * outputWidth;
        if (MemoryBudget.Refusal($"H = {hiddenLayers}, d_x = {inputWidth}, d_y = {outputWidth}, hidden width {hiddenWidth}",
                MemoryBudget.LinearBytes(hiddenLayers, inputWidth, outputWidth, hiddenWidth), parameters, "choose smaller widths or fewer layers") is string refusal)
        {
            terminal.Error.WriteLine($"gradient-flows linear: {refusal}");
            return ExitCode.Usage;
        }
        if (OutputFolder.Problem(output, "--output") is string problem)
        {
            terminal.Error.WriteLine($"gradient-flows linear: {problem}");
            return ExitCode.OutputNotWritable;
        }
        var experiment = new SaxeExperiment(hiddenLayers, inputWidth, outputWidth, hiddenWidth, scale, seed);
        var console = terminal.Out;
        bool table = format == OutputFormat.Table;
        if (table)
        {
            console.MarkupLine($"[bold]Deep linear network[/] (Saxe et al. §7.2, CLC invariance §2): H = {experiment.HiddenLayers}, " +
                               $"d_x = {experiment.InputWidth}, d_y = {experiment.OutputWidth}, hidden width {experiment.HiddenWidth}, " +
                               $"σ = {experiment.InitialScale.ToString("G3", CultureInfo.InvariantCulture)}, seed = {experiment.Seed}");
        }
        var r = terminal.WithProgress("integrating the gradient flow from both starts", _ => experiment.Run());
        int k = r.SingularValues.Length;
        int samples = r.Rows.Length;
        var shownRows = new[] { 0, samples / 8, samples / 4, 3 * samples / 8, samples / 2, 3 * samples / 4, samples - 1 }.Distinct().Select(j => r.Rows[j]).ToList();
        // Compact for an 80-column terminal: the decoupled path equals the Saxe curve to integrator accuracy (its maximum
        // deviation is printed below), so the table shows the Saxe value and the Gaussian path per mode.
        int shown = Math.Min(k, 3);
        var (modesPath, driftPath) = WriteFigures(experiment, r, output);

        if (!table)
        {
            terminal.WriteJson(new
            {
                Command = "linear",
                Parameters = new { H = hiddenLayers, Dx = inputWidth, Dy = outputWidth, HiddenWidth = hiddenWidth, Sigma = scale, Seed = seed },
                r.SingularValues,
                r.InitialStrength,
                r.ActiveModes,
                T = r.Rows[^1].Time,
                r.DecoupledEvaluations,
                r.GaussianEvaluations,
                Rows = shownRows.Select(row => new
                {
                    T = row.Time,
                    Saxe = row.Oracle.Take(shown),
                    Gauss = row.Gaussian.Take(shown),
                    LGauss = row.GaussianLoss,
                    DriftD = row.GaussianDrift,
                }),
                MaxDecoupledMinusSaxe = r.DecoupledOracleError,
                r.MaxDecoupledDrift,
                r.MaxGaussianDrift,
                Figures = new[] { modesPath, driftPath },
            });
            return ExitCode.Success;
        }

        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"s = ({string.Join(", ", r.SingularValues.Select(s => s.ToString("G3", CultureInfo.InvariantCulture)))}), u_α(0) = σᴺ = {r.InitialStrength:G3} on {r.ActiveModes} mode(s); " +
            $"T = {r.Rows[^1].Time:G4}; right-hand-side evaluations {r.DecoupledEvaluations} (decoupled), {r.GaussianEvaluations} (Gaussian)"));
        var grid = new Table().Border(TableBorder.Minimal).AddColumn("t");
        for (int a = 0; a < shown; a++)
        {
            grid.AddColumn($"u{a + 1} Saxe").AddColumn($"u{a + 1} Gauss");
        }
        grid.AddColumn("L Gauss").AddColumn("drift D");
        foreach (var row in shownRows)
        {
            var cells = new List<string> { LogScalePlot.Format(row.Time) };
            for (int a = 0; a < shown; a++)
            {
                cells.Add(LogScalePlot.Format(row.Oracle[a]));
                cells.Add(LogScalePlot.Format(row.Gaussian[a]));
            }
            cells.Add(LogScalePlot.Format(row.GaussianLoss));
            cells.Add(LogScalePlot.Format(row.GaussianDrift));
            grid.AddRow(cells.ToArray());
        }
        console.Write(grid);
        console.MarkupLine("u_α = u_αᵀW(t)v_α with Σ_YX = Σ s_α u_α v_αᵀ; Saxe: closed form (N = 2) or the mode ODE u̇ = N u^(2−2/N)(s − u) (N ≥ 3); " +
                           "Gauss: the flow from the small Gaussian start; drift D = maxᵢ‖Dᵢ(t) − Dᵢ(0)‖_F along it, zero for the exact flow.");
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"max |decoupled − Saxe| = {r.DecoupledOracleError:G3}; max invariant drift {r.MaxDecoupledDrift:G3} (decoupled), {r.MaxGaussianDrift:G3} (Gaussian), at integrator rtol 1e-10."));
        console.MarkupLine($"Figures written to {Markup.Escape(OutputFolder.Display(modesPath))} and {Markup.Escape(OutputFolder.Display(driftPath))}");
        return ExitCode.Success;
    }

    /// <summary>Writes the two figures of a run (mode strengths against the Saxe curves; invariant drift) into <paramref name="output"/>.</summary>
    public static (string ModesPath, string DriftPath) WriteFigures(SaxeExperiment experiment, SaxeExperimentResult r, DirectoryInfo output)
    {
        output.Create();
        int k = r.SingularValues.Length;
        var colors = new[] { OxyColors.SteelBlue, OxyColors.DarkOrange, OxyColors.SeaGreen, OxyColors.Purple, OxyColors.Brown };
        var markers = new[] { MarkerType.Circle, MarkerType.Square, MarkerType.Triangle, MarkerType.Diamond, MarkerType.Cross };
        var modes = new LogScalePlot($"Deep linear network, N = {experiment.Factors}, σ = {experiment.InitialScale:G3}, seed {experiment.Seed}: Saxe curves (s), decoupled (dec.) and Gaussian (|G|) starts", "time t", "mode strength u_α(t)");
        for (int a = 0; a < k; a++)
        {
            var color = colors[a % colors.Length];
            var marker = markers[a % markers.Length];
            int mode = a;
            string s = r.SingularValues[a].ToString("G3", CultureInfo.InvariantCulture);
            modes.AddCurve($"s={s}", r.Rows.Select(row => (row.Time, row.Oracle[mode])), color);
            // The decoupled path lies on the Saxe curve: drawn thin and black on top, with the mode's own marker.
            modes.AddCurve($"dec., s={s}", r.Rows.Select(row => (row.Time, row.Decoupled[mode])), OxyColors.Black, LineStyle.Dot, marker, thickness: 1.5);
            modes.AddCurve($"|G|, s={s}", r.Rows.Select(row => (row.Time, Math.Abs(row.Gaussian[mode]))), color, LineStyle.Dash);
        }
        string modesPath = Path.Combine(output.FullName, "linear-modes.svg");
        modes.Save(modesPath);

        var drift = new LogScalePlot("Invariance property: drift of Dᵢ = Wᵢ₊₁ᵀWᵢ₊₁ − WᵢWᵢᵀ along the flow", "time t", "maxᵢ ‖Dᵢ(t) − Dᵢ(0)‖_F");
        drift.AddCurve("decoupled", r.Rows.Select(row => (row.Time, row.DecoupledDrift)), OxyColors.Black, LineStyle.Solid, MarkerType.Circle);
        drift.AddCurve("Gaussian", r.Rows.Select(row => (row.Time, row.GaussianDrift)), OxyColors.SteelBlue, LineStyle.Dash, MarkerType.Square);
        string driftPath = Path.Combine(output.FullName, "linear-drift.svg");
        drift.Save(driftPath);
        return (modesPath, driftPath);
    }
}
