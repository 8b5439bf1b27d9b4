using System.CommandLine;
using System.Globalization;
using GradientFlows.Cli.Figures;
using GradientFlows.Cli.Invocation;
using GradientFlows.Experiments;
using OxyPlot;
using Spectre.Console;

namespace GradientFlows.Cli.Demos;

/// <summary>
/// The main job: Gelada–Buckman's interactive experiment — a random 2-layer ReLU MLP trained by gradient descent and by
/// the gradient flow, against the idealised bound of the source and the rigorous bound of this project.
/// </summary>
internal static class HealthDemo
{
    /// <summary>Adds the demo's options to <paramref name="command"/> and makes the demo its action.</summary>
    public static void Attach(Command command, Terminal terminal)
    {
        var d = HealthExperiment.Default;
        var OutputWidth = NumberOption.Integer("--outputs", "-n", "n, output width", d.OutputWidth);
        var HiddenWidth = NumberOption.Integer("--hidden", "-k", "k, hidden width", d.HiddenWidth);
        var InputWidth = NumberOption.Integer("--inputs", "-m", "m, input width", d.InputWidth);
        var Steps = NumberOption.Integer("--steps", null, "T, gradient-descent steps", d.Steps);
        var StepFraction = NumberOption.Real("--step-fraction", "c, step size η = c/λ_max(K₀) (stable below 2)", d.StepFraction,
            c => c > 0, "a finite number > 0");
        var StepSize = NumberOption.OptionalReal("--step-size", "absolute step size η (overrides --step-fraction)", eta => eta > 0, "a finite number > 0");
        var Seed = NumberOption.Integer("--seed", null, "seed of every random draw", d.Seed, minimum: null);
        var Output = new Option<DirectoryInfo>("--output", "-o") { Description = "folder for the SVG figure", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("out", "health")) };
        var Format = OutputFormatOption.Create();

        foreach (var option in new Option[] { OutputWidth, HiddenWidth, InputWidth, Steps, StepFraction, StepSize, Seed, Output, Format })
        {
            command.Options.Add(option);
        }
        command.SetAction(parse => Run(terminal,
            parse.GetValue(OutputWidth), parse.GetValue(HiddenWidth), parse.GetValue(InputWidth), parse.GetValue(Steps),
            parse.GetValue(StepFraction), parse.GetValue(StepSize), parse.GetValue(Seed), parse.GetValue(Output)!, parse.GetValue(Format)));
    }

    /// <summary>The <c>health</c> subcommand.</summary>
    public static Command Create(Terminal terminal)
    {
        var command = new Command("health", "Gelada–Buckman: 2-layer ReLU MLP, gradient descent and gradient flow against the learning-health bounds (the default job). " +
                                            $"Refused up front when its memory estimate, {MemoryBudget.HealthFormula}, exceeds the memory available.");
        Attach(command, terminal);
        return command;
    }

    private static int Run(Terminal terminal, int n, int k, int m, int steps, double stepFraction, double? stepSize, int seed, DirectoryInfo output, OutputFormat format)
    {
        if (MemoryBudget.Refusal($"n = {n}, k = {k}, m = {m}, T = {steps}", MemoryBudget.HealthBytes(n, k, m, steps), (double)k * ((double)m + n)) is string refusal)
        {
            terminal.Error.WriteLine($"gradient-flows: {refusal}");
            return ExitCode.Usage;
        }
        if (OutputFolder.Problem(output, "--output") is string problem)
        {
            terminal.Error.WriteLine($"gradient-flows: {problem}");
            return ExitCode.OutputNotWritable;
        }
        var experiment = new HealthExperiment(n, k, m, steps, stepFraction, stepSize, seed);
        var console = terminal.Out;
        bool table = format == OutputFormat.Table;
        if (table)
        {
            console.MarkupLine($"[bold]Learning health[/] (Gelada–Buckman §3): n = {experiment.OutputWidth}, k = {experiment.HiddenWidth}, " +
                               $"m = {experiment.InputWidth}, T = {experiment.Steps}, seed = {experiment.Seed}");
        }
        var r = terminal.WithProgress("gradient descent and gradient flow", experiment.Run);
        var g = r.Guarantee;
        var checkpoints = Checkpoints(experiment.Steps).Select(j => r.Rows[j]).ToList();
        var firstViolation = r.Rows.FirstOrDefault(row => row.IdealisedBound is double b && row.FlowLoss > b * (1 + 1e-6) && row.FlowLoss > 1e-8);
        bool idealisedViolated = firstViolation.IdealisedBound is not null;
        bool rigorousHolds = r.Rows.All(row => row.FlowLoss <= Math.Max(row.RigorousBound, 1e-8 * Math.Max(1, r.Rows[0].FlowLoss)) * (1 + 1e-6));
        string path = Path.Combine(output.FullName, "health.svg");
        WriteFigure(r, path);

        if (!table)
        {
            terminal.WriteJson(new
            {
                Command = "health",
                Parameters = new { N = n, K = k, M = m, Steps = steps, StepFraction = stepFraction, StepSize = stepSize, Seed = seed },
                r.Eta,
                KernelMaxEigenvalue = Terminal.Finite(r.KernelMaxEigenvalue),
                g.InitialActivationNormSquared,
                g.Alpha,
                g.Beta,
                CriticalTime = Terminal.Finite(g.Rigorous?.CriticalTime),
                Efficiency = Terminal.Finite(r.Efficiency),
                Flow = new
                {
                    Status = r.Integration.Status.ToString(),
                    r.Integration.Time,
                    r.Integration.AcceptedSteps,
                    r.Integration.RejectedSteps,
                    r.Integration.FunctionEvaluations,
                },
                Rows = checkpoints.Select(row => new
                {
                    row.Step,
                    row.Time,
                    GdLoss = row.DescentLoss,
                    row.FlowLoss,
                    Health = Terminal.Finite(row.DescentHealthRatio),
                    Rigorous = Terminal.Finite(row.RigorousBound),
                    S1 = Terminal.Finite(row.SharpBound),
                    GdD22 = Terminal.Finite(row.DescentBound),
                    Idealised = Terminal.Finite(row.IdealisedBound),
                }),
                RigorousHolds = rigorousHolds,
                IdealisedFirstViolation = idealisedViolated
                    ? new { firstViolation.Step, firstViolation.Time, firstViolation.FlowLoss, IdealisedBound = firstViolation.IdealisedBound!.Value }
                    : null,
                Figure = path,
            });
            return rigorousHolds ? ExitCode.Success : ExitCode.Usage;
        }

        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"η = {r.Eta:G4} (= {experiment.StepFraction:G3}/λ_max(K₀), λ_max(K₀) = {r.KernelMaxEigenvalue:G4}); ‖b₀‖² = {g.InitialActivationNormSquared:G4} (k = {g.HiddenWidth}); " +
            $"α = 2‖b₀‖² = {g.Alpha:G4}, β = 4‖b₀‖‖x‖ = {g.Beta:G4}, t* = {(g.Rigorous?.CriticalTime ?? double.PositiveInfinity):G4}"));
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"realised GD efficiency θ = min θⱼ = {LogScalePlot.Format(r.Efficiency)}; flow: {Markup.Escape(r.Integration.ToString())}"));

        var grid = new Table().Border(TableBorder.Minimal)
            .AddColumn("j").AddColumn("GD loss").AddColumn("flow loss")
            .AddColumn("health").AddColumn("rigorous").AddColumn("S1").AddColumn("GD D2.2").AddColumn("idealised");
        foreach (var row in checkpoints)
        {
            grid.AddRow(row.Step.ToString(CultureInfo.InvariantCulture), LogScalePlot.Format(row.DescentLoss),
                LogScalePlot.Format(row.FlowLoss), LogScalePlot.Format(row.DescentHealthRatio), LogScalePlot.Format(row.RigorousBound),
                LogScalePlot.Format(row.SharpBound), LogScalePlot.Format(row.DescentBound), LogScalePlot.Format(row.IdealisedBound));
        }
        console.Write(grid);
        console.MarkupLine("step j at time t = jη; health = ‖∇f(w_j)‖²/f_j; rigorous, S1: flow bounds of §3.7; GD D2.2: discrete bound with the realised θ; idealised: the source's curve (not a theorem).");
        console.MarkupLine(rigorousHolds
            ? "[green]The flow loss stays below the rigorous bound at every step.[/]"
            : "[red]The flow loss exceeds the rigorous bound: this contradicts the theorem; please report the seed.[/]");
        console.MarkupLine(idealisedViolated
            ? string.Create(CultureInfo.InvariantCulture,
                $"[yellow]The source's idealised curve (‖b₀‖² = k assumed) lies below the flow loss from step {firstViolation.Step} (t = {firstViolation.Time:G3}: loss {firstViolation.FlowLoss:G4} > {firstViolation.IdealisedBound:G4}): it is not a theorem (erratum E13).[/]")
            : "The source's idealised curve happens to hold on this draw (it fails on 81 of 200 fixed draws, 40.5 %; erratum E13).");
        console.MarkupLine($"Figure written to {Markup.Escape(OutputFolder.Display(path))}");
        return rigorousHolds ? ExitCode.Success : ExitCode.Usage;
    }

    /// <summary>Writes the figure of a run: loss curves of GD and flow against every bound, log scale.</summary>
    public static void WriteFigure(HealthExperimentResult r, string path)
    {
        var experiment = r.Experiment;
        var g = r.Guarantee;
        var plot = new LogScalePlot($"2-layer ReLU MLP, n={experiment.OutputWidth}, k={experiment.HiddenWidth}, m={experiment.InputWidth}, seed {experiment.Seed}", "time t = jη", "loss");
        // Each curve has its own dash pattern and marker: GD and flow, and the rigorous and D2.2 bounds, nearly coincide.
        plot.AddCurve("gradient descent", r.Rows.Select(row => (row.Time, row.DescentLoss)), OxyColors.Black);
        plot.AddCurve("gradient flow", r.Rows.Select(row => (row.Time, row.FlowLoss)), OxyColors.SteelBlue, LineStyle.Dash, MarkerType.Circle);
        plot.AddCurve("rigorous bound (§3.7)", r.Rows.Select(row => (row.Time, row.RigorousBound)), OxyColors.Red);
        plot.AddCurve("S1 bound", r.Rows.Select(row => (row.Time, row.SharpBound)), OxyColors.DarkOrange, LineStyle.LongDash, MarkerType.Triangle);
        plot.AddCurve("GD bound D2.2", r.Rows.Select(row => (row.Time, row.DescentBound ?? double.NaN)), OxyColors.Purple, LineStyle.DashDot, MarkerType.Square);
        plot.AddCurve("idealised (E13)", r.Rows.Select(row => (row.Time, row.IdealisedBound ?? double.NaN)), OxyColors.Gray, LineStyle.Dot, MarkerType.Diamond);
        if (g.Rigorous is { } bound)
        {
            plot.AddMarker("t*", bound.CriticalTime, OxyColors.Red);
        }
        plot.Save(path);
    }

    private static IEnumerable<int> Checkpoints(int steps) =>
        new[] { 0, steps / 20, steps / 10, steps / 4, steps / 2, 3 * steps / 4, steps }.Distinct();
}
