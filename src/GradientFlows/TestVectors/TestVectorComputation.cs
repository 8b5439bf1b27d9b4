using System.Collections.Immutable;
using GradientFlows.Flows;
using GradientFlows.Geometry;
using GradientFlows.Integration;
using GradientFlows.LinearAlgebra;
using GradientFlows.Models;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.TestVectors;

/// <summary>Computes the expected values of a test vector with this implementation.</summary>
public static class TestVectorComputation
{
    /// <summary>The integrator settings of every trajectory: Dormand–Prince 5(4) at rtol 10⁻¹⁰, atol 10⁻¹².</summary>
    public static IntegrationTolerances TrajectoryTolerances => IntegrationTolerances.Reference;

    /// <summary>
    /// The step budget of a trajectory: the catalogue's flows need at most a few thousand steps; a flow that approaches
    /// a rank drop (its adapted field then grows like 1/σ_min) fails fast instead of grinding.
    /// </summary>
    public const int MaxSteps = 50_000;

    /// <summary>Computes a full vector.</summary>
    /// <param name="name">File-name-safe name.</param>
    /// <param name="description">What the vector exercises.</param>
    /// <param name="regime">The declared regime (<see cref="VectorRegime"/>); a test checks it against the measured one.</param>
    /// <param name="model">The model.</param>
    /// <param name="theta">θ ∈ ℝᴷ.</param>
    /// <param name="targets">y ∈ ℝ^{QN}.</param>
    /// <param name="kappa">κ &gt; 0.</param>
    /// <param name="sampleTimes">Ascending sample times starting at 0 for the two flows, or null for no trajectories.</param>
    /// <exception cref="IntegrationFailedException">A flow could not be integrated to the last sample time.</exception>
    /// <remarks>
    /// Always computed with the managed dense products (<see cref="ProductBackend.WithManaged{T}"/>), so the published
    /// vectors are the same file on every machine, with or without OpenBLAS: flows that approach a rank drop amplify the
    /// rounding of another summation order beyond the 12 digits the snapshots pin (measured on five Chen vectors).
    /// </remarks>
    public static TestVector Compute(
        string name, string description, string regime, IOutputModel model, Vector<double> theta, Vector<double> targets, double kappa,
        IReadOnlyList<double>? sampleTimes) =>
        ProductBackend.WithManaged(() => ComputeWithCurrentProducts(name, description, regime, model, theta, targets, kappa, sampleTimes));

    private static TestVector ComputeWithCurrentProducts(
        string name, string description, string regime, IOutputModel model, Vector<double> theta, Vector<double> targets, double kappa,
        IReadOnlyList<double>? sampleTimes)
    {
        Preconditions.NotNull(name, nameof(name));
        var cost = new SquaredErrorCost(model, targets, kappa);
        var expected = Expected(cost, theta);
        double condition = Condition(expected);
        return new TestVector
        {
            Format = TestVector.FormatName,
            Version = TestVector.FormatVersion,
            Name = name,
            Description = description,
            Regime = regime,
            Model = ModelDescription.Of(model),
            Parameters = [.. theta],
            Targets = [.. targets],
            Kappa = kappa,
            Expected = expected,
            Trajectories = sampleTimes is null ? null : Trajectories(cost, theta, sampleTimes),
            Tolerances = PortTolerances.Reference(kappa, targets.L2Norm(), theta.L2Norm(), condition, TrajectoryTolerances),
        };
    }

    /// <summary>σ₁/σ_r of D, r = rank D (1 when r = 0): the amplification of rounding in the adapted direction.</summary>
    public static double Condition(ExpectedValues expected) =>
        Preconditions.NotNull(expected, nameof(expected)).Rank == 0 ? 1 : expected.SingularValues[0] / expected.SingularValues[expected.Rank - 1];

    /// <summary>The pointwise quantities at θ.</summary>
    public static ExpectedValues Expected(SquaredErrorCost cost, Vector<double> theta)
    {
        Preconditions.NotNull(cost, nameof(cost));
        var model = cost.Model;
        var x = model.Outputs(theta);
        var D = model.Jacobian(theta);
        var gradient = cost.Gradient(theta);
        var inverse = new PenroseInverse(D);
        var adapted = -inverse.Apply(cost.OutputGradient(theta));
        return new ExpectedValues
        {
            Outputs = [.. x],
            Cost = cost.Value(theta),
            Gradient = [.. gradient],
            Jacobian = Rows(D),
            Ntk = Rows(NeuralTangentKernel.Explicit(model, theta)),
            StandardDirection = [.. -gradient],
            AdaptedDirection = [.. adapted],
            Rank = inverse.Rank,
            SingularValues = inverse.SingularValues,
        };
    }

    /// <summary>The standard and adapted flows sampled at <paramref name="sampleTimes"/>.</summary>
    public static TrajectoryExpectations Trajectories(SquaredErrorCost cost, Vector<double> theta, IReadOnlyList<double> sampleTimes)
    {
        Preconditions.NotNull(sampleTimes, nameof(sampleTimes));
        double horizon = sampleTimes[^1];
        ImmutableArray<TrajectorySample> Samples(ParameterFlow flow) =>
            [.. flow.Solve(theta, horizon, sampleTimes, TrajectoryTolerances, maxSteps: MaxSteps).Points.Select(p => new TrajectorySample(p.Time, p.Loss, p.Distance))];
        return new TrajectoryExpectations
        {
            Integrator = ButcherTableau.DormandPrince54.Name,
            RelativeTolerance = TrajectoryTolerances.Relative,
            AbsoluteTolerance = TrajectoryTolerances.Absolute,
            Standard = Samples(new GradientFlow(cost)),
            Adapted = Samples(new LeastSquaresAdaptedFlow(cost)),
        };
    }

    private static ImmutableArray<ImmutableArray<double>> Rows(Matrix<double> m) =>
        [.. Enumerable.Range(0, m.RowCount).Select(i => m.Row(i).ToArray().ToImmutableArray())];
}
