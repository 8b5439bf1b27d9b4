using System.Collections.Immutable;
using GradientFlows.Flows;
using GradientFlows.Geometry;
using GradientFlows.Integration;
using GradientFlows.Models;
using GradientFlows.Theory;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Experiments;

/// <summary>
/// Chen's comparison (arXiv 2311.15487, Theorems 2.1 and 2.3): one deep network and data set trained by the standard
/// flow θ′ = −∇_θC and by the adapted flow θ′ = −D⁺∇ₓC side by side, with the predicted cost e^{−2s/N}C₀, the predicted
/// stopping time T_ε = (N/2)ln(C₀/ε), and the smallest NTK eigenvalue λ_min(DDᵀ) = σ_min(D)² and the rank of D along
/// each path.
/// </summary>
/// <remarks>
/// Draws (from <see cref="Seed"/>, spec §3): inputs 𝒩(0, I_M), one label 𝒩(0, I_Q) per input, weights and biases
/// 𝒩(0, 0.7²). The adapted flow is integrated as <see cref="LeastSquaresAdaptedFlow"/>, which equals
/// <see cref="AdaptedFlow"/> while rank D = QN and stays defined if the orbit loses rank (the rank column shows it).
/// </remarks>
public sealed record AdaptedExperiment
{
    /// <summary>Creates the experiment description.</summary>
    /// <param name="inputWidth">M ≥ 1.</param>
    /// <param name="hiddenWidths">M₁, …, M_L, each ≥ 1.</param>
    /// <param name="outputWidth">Q ≥ 1.</param>
    /// <param name="sampleCount">N ≥ 1.</param>
    /// <param name="activation">σ.</param>
    /// <param name="epsilonFraction">ε/C₀ ∈ (0, 1).</param>
    /// <param name="seed">Seed of every random draw.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is below 1 or ε/C₀ ∉ (0, 1).</exception>
    public AdaptedExperiment(int inputWidth, IReadOnlyList<int> hiddenWidths, int outputWidth, int sampleCount,
        Activation activation, double epsilonFraction, int seed)
    {
        InputWidth = Preconditions.AtLeast(inputWidth, 1, nameof(inputWidth));
        Preconditions.NotNull(hiddenWidths, nameof(hiddenWidths));
        HiddenWidths = [.. hiddenWidths.Select((w, l) => Preconditions.AtLeast(w, 1, $"{nameof(hiddenWidths)}[{l}]"))];
        OutputWidth = Preconditions.AtLeast(outputWidth, 1, nameof(outputWidth));
        SampleCount = Preconditions.AtLeast(sampleCount, 1, nameof(sampleCount));
        Activation = Preconditions.NotNull(activation, nameof(activation));
        if (!(epsilonFraction > 0 && epsilonFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilonFraction), epsilonFraction,
                $"epsilonFraction = {epsilonFraction:R}; expected ε/C₀ in (0, 1).");
        }
        EpsilonFraction = epsilonFraction;
        Seed = seed;
    }

    /// <summary>The default run: M = 3, two tanh layers of width 8, Q = 2, N = 6 (K = 122 &gt; QN = 12), ε = 10⁻⁴C₀, seed 1.</summary>
    public static AdaptedExperiment Default { get; } = new(3, [8, 8], 2, 6, Activation.Tanh, 1e-4, 1);

    /// <summary>M.</summary>
    public int InputWidth { get; }

    /// <summary>M₁, …, M_L.</summary>
    public ImmutableArray<int> HiddenWidths { get; }

    /// <summary>Q.</summary>
    public int OutputWidth { get; }

    /// <summary>N.</summary>
    public int SampleCount { get; }

    /// <summary>σ.</summary>
    public Activation Activation { get; }

    /// <summary>ε/C₀.</summary>
    public double EpsilonFraction { get; }

    /// <summary>Seed.</summary>
    public int Seed { get; }

    /// <summary>Number of recorded sample times on [0, 1.25·T_ε].</summary>
    public const int Samples = 41;

    /// <summary>Runs both flows to 1.25·T_ε and evaluates costs, λ_min(DDᵀ) and rank D at each sample time.</summary>
    /// <param name="progress">Called with a fraction in [0, 1] as the run proceeds.</param>
    /// <exception cref="IntegrationFailedException">A flow could not be integrated to the horizon.</exception>
    public AdaptedExperimentResult Run(Action<double>? progress = null)
    {
        var random = new Random(Seed);
        var inputs = Matrix<double>.Build.Dense(InputWidth, SampleCount, (_, _) => Normal.Sample(random, 0, 1));
        var labels = Matrix<double>.Build.Dense(OutputWidth, SampleCount, (_, _) => Normal.Sample(random, 0, 1));
        var data = new LabelledData(inputs, labels, Enumerable.Range(0, SampleCount).ToArray());
        var network = new DeepNetwork(inputs, HiddenWidths, OutputWidth, Activation);
        var theta0 = Vector<double>.Build.Dense(network.Layout.Dimension, _ => Normal.Sample(random, 0, 0.7));
        var cost = data.Cost(network);
        double cost0 = cost.Value(theta0), epsilon = EpsilonFraction * cost0;
        double stoppingTime = StoppingTime.Of(cost0, epsilon, data.Kappa);
        double horizon = 1.25 * stoppingTime;
        var times = Enumerable.Range(0, Samples).Select(i => i == Samples - 1 ? horizon : horizon * i / (Samples - 1)).ToArray();

        // T_ε observed on each orbit: the first crossing of C = ε, located as an event on the dense output.
        FlowEvent[] reachesEpsilon = [FlowEvent.CostReaches(cost, epsilon)];
        var standard = new GradientFlow(cost).Solve(theta0, horizon, times, IntegrationTolerances.Reference, keepDenseOutput: true,
            events: reachesEpsilon);
        progress?.Invoke(0.4);
        var adapted = new LeastSquaresAdaptedFlow(cost).Solve(theta0, horizon, times, IntegrationTolerances.Reference, keepDenseOutput: true,
            events: reachesEpsilon);
        progress?.Invoke(0.8);

        var rows = ImmutableArray.CreateBuilder<AdaptedExperimentRow>(Samples);
        for (int i = 0; i < Samples; i++)
        {
            var standardD = new PenroseInverse(network.Jacobian(standard.StateAt(i)));
            var adaptedD = new PenroseInverse(network.Jacobian(adapted.StateAt(i)));
            rows.Add(new AdaptedExperimentRow(
                times[i], standard.Points[i].Loss, adapted.Points[i].Loss, ComparisonModel.Cost(cost0, data.Kappa, times[i]),
                Square(standardD.SmallestSingularValue), standardD.Rank, Square(adaptedD.SmallestSingularValue), adaptedD.Rank));
        }
        double? adaptedCrossing = adapted.Events.Length > 0 ? adapted.Events[0].Time : null;
        double? standardCrossing = standard.Events.Length > 0 ? standard.Events[0].Time : null;
        progress?.Invoke(1.0);
        return new AdaptedExperimentResult(this, network.Layout.Dimension, network.OutputCount, cost0, epsilon, stoppingTime,
            adaptedCrossing, standardCrossing, rows.MoveToImmutable(), standard.Integration, adapted.Integration);
    }

    private static double Square(double v) => v * v;
}
