using System.Collections.Immutable;
using GradientFlows.Models;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.TestVectors;

/// <summary>
/// Recomputes a stored vector with this implementation and reports, per quantity, the largest absolute and relative
/// difference against the stored values — for our own exported vectors (zero differences expected) and for vectors
/// produced by a port.
/// </summary>
public static class TestVectorCheck
{
    /// <summary>Validates <paramref name="vector"/> and compares every quantity.</summary>
    /// <exception cref="TestVectorFormatException">The vector is malformed or inconsistent with its model.</exception>
    public static ImmutableArray<QuantityDifference> Compare(TestVector vector)
    {
        Preconditions.NotNull(vector, nameof(vector));
        TestVectorValidation.Validate(vector);
        var model = vector.Model.Build();
        int K = model.Layout.Dimension, QN = model.OutputCount;
        TestVectorValidation.Validate(vector, K, QN);
        var theta = Vector<double>.Build.Dense([.. vector.Parameters]);
        var cost = new SquaredErrorCost(model, Vector<double>.Build.Dense([.. vector.Targets]), vector.Kappa);
        var actual = TestVectorComputation.Expected(cost, theta);
        var stored = vector.Expected;
        double pointwise = vector.Tolerances.Pointwise;
        var result = ImmutableArray.CreateBuilder<QuantityDifference>();
        result.Add(QuantityDifference.Of("expected.outputs", actual.Outputs, stored.Outputs, pointwise));
        result.Add(QuantityDifference.Of("expected.cost", [actual.Cost], [stored.Cost], pointwise));
        result.Add(QuantityDifference.Of("expected.gradient", actual.Gradient, stored.Gradient, pointwise));
        result.Add(QuantityDifference.Of("expected.jacobian", Flatten(actual.Jacobian), Flatten(stored.Jacobian), pointwise));
        result.Add(QuantityDifference.Of("expected.ntk", Flatten(actual.Ntk), Flatten(stored.Ntk), pointwise));
        result.Add(QuantityDifference.Of("expected.standardDirection", actual.StandardDirection, stored.StandardDirection, pointwise));
        result.Add(QuantityDifference.Of("expected.adaptedDirection", actual.AdaptedDirection, stored.AdaptedDirection, vector.Tolerances.Adapted));
        result.Add(QuantityDifference.Of("expected.singularValues", actual.SingularValues, stored.SingularValues, pointwise));
        result.Add(QuantityDifference.Of("expected.rank", [actual.Rank], [stored.Rank], 0));
        if (vector.Trajectories is { } trajectories)
        {
            var times = trajectories.Standard.Select(s => s.Time).ToArray();
            var recomputed = TestVectorComputation.Trajectories(cost, theta, times);
            double costScale = Math.Max(1, stored.Cost), distanceScale = Math.Max(1, theta.L2Norm());
            foreach (var (label, mine, theirs) in new[]
            {
                ("trajectories.standard", recomputed.Standard, trajectories.Standard),
                ("trajectories.adapted", recomputed.Adapted, trajectories.Adapted),
            })
            {
                result.Add(Scaled($"{label}.cost", [.. mine.Select(s => s.Cost)], [.. theirs.Select(s => s.Cost)], vector.Tolerances.Trajectory, costScale));
                result.Add(Scaled($"{label}.distance", [.. mine.Select(s => s.Distance)], [.. theirs.Select(s => s.Distance)], vector.Tolerances.Trajectory, distanceScale));
            }
        }
        return result.ToImmutable();
    }

    private static QuantityDifference Scaled(string quantity, double[] actual, double[] expected, double tolerance, double scale)
    {
        var d = QuantityDifference.Of(quantity, actual, expected, tolerance);
        return d with { Allowed = tolerance * scale };
    }

    private static double[] Flatten(ImmutableArray<ImmutableArray<double>> rows) => [.. rows.SelectMany(r => r)];
}
