using System.Collections.Immutable;
using System.Globalization;
using GradientFlows.LinearAlgebra;
using GradientFlows.Models;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.TestVectors;

/// <summary>
/// Recomputes a stored vector with this implementation and judges, per quantity, the stored values against the
/// reference tolerances (<see cref="PortTolerances.Reference"/>) — for our own exported vectors (zero differences
/// expected) and for vectors produced by a port. The file's own tolerances are never used: where they differ from the
/// reference's, the result says so.
/// </summary>
public static class TestVectorCheck
{
    /// <summary>Validates <paramref name="vector"/> and compares every quantity.</summary>
    /// <exception cref="TestVectorFormatException">The vector is malformed or inconsistent with its model.</exception>
    /// <remarks>Recomputes with the managed dense products, like <see cref="TestVectorComputation.Compute"/>.</remarks>
    public static TestVectorCheckResult Compare(TestVector vector) => ProductBackend.WithManaged(() => CompareWithCurrentProducts(vector));

    private static TestVectorCheckResult CompareWithCurrentProducts(TestVector vector)
    {
        Preconditions.NotNull(vector, nameof(vector));
        TestVectorValidation.Validate(vector);
        var model = vector.Model.Build();
        int K = model.Layout.Dimension, QN = model.OutputCount;
        TestVectorValidation.Validate(vector, K, QN);
        var theta = Vector<double>.Build.Dense([.. vector.Parameters]);
        var targets = Vector<double>.Build.Dense([.. vector.Targets]);
        var cost = new SquaredErrorCost(model, targets, vector.Kappa);
        var actual = TestVectorComputation.Expected(cost, theta);
        var stored = vector.Expected;
        var tolerances = PortTolerances.Reference(vector.Kappa, targets.L2Norm(), theta.L2Norm(), TestVectorComputation.Condition(actual),
            TestVectorComputation.TrajectoryTolerances);
        double pointwise = tolerances.Pointwise;
        var result = ImmutableArray.CreateBuilder<QuantityDifference>();
        result.Add(QuantityDifference.Of("expected.outputs", actual.Outputs, stored.Outputs, pointwise));
        result.Add(QuantityDifference.Of("expected.cost", [actual.Cost], [stored.Cost], pointwise));
        result.Add(QuantityDifference.Of("expected.gradient", actual.Gradient, stored.Gradient, pointwise));
        result.Add(QuantityDifference.Of("expected.jacobian", Flatten(actual.Jacobian), Flatten(stored.Jacobian), pointwise));
        result.Add(QuantityDifference.Of("expected.ntk", Flatten(actual.Ntk), Flatten(stored.Ntk), pointwise));
        result.Add(QuantityDifference.Of("expected.standardDirection", actual.StandardDirection, stored.StandardDirection, pointwise));
        result.Add(QuantityDifference.Of("expected.adaptedDirection", actual.AdaptedDirection, stored.AdaptedDirection, tolerances.Adapted));
        result.Add(QuantityDifference.Of("expected.singularValues", actual.SingularValues, stored.SingularValues, pointwise));
        result.Add(QuantityDifference.Of("expected.rank", [actual.Rank], [stored.Rank], 0));
        if (vector.Trajectories is { } trajectories)
        {
            var times = trajectories.Standard.Select(s => s.Time).ToArray();
            var recomputed = TestVectorComputation.Trajectories(cost, theta, times);
            foreach (var (label, mine, theirs) in new[]
            {
                ("trajectories.standard", recomputed.Standard, trajectories.Standard),
                ("trajectories.adapted", recomputed.Adapted, trajectories.Adapted),
            })
            {
                result.Add(QuantityDifference.PerSample($"{label}.cost", [.. mine.Select(s => s.Cost)], [.. theirs.Select(s => s.Cost)],
                    tolerances.Trajectory, tolerances.TrajectoryCostFloor));
                result.Add(QuantityDifference.PerSample($"{label}.distance", [.. mine.Select(s => s.Distance)], [.. theirs.Select(s => s.Distance)],
                    tolerances.Trajectory, tolerances.TrajectoryDistanceFloor));
            }
        }
        string measured = VectorRegime.Of(K, QN, actual.Rank);
        string? regimeMismatch = measured == vector.Regime ? null
            : $"regime: the file declares '{vector.Regime}', but K = {K}, QN = {QN} and rank D = {actual.Rank} make it '{measured}'";
        return new TestVectorCheckResult(result.ToImmutable(), ToleranceNotes(vector, tolerances), regimeMismatch, tolerances);
    }

    /// <summary>One note per stored tolerance that differs from the reference's (the reference's is the one applied).</summary>
    private static ImmutableArray<string> ToleranceNotes(TestVector vector, PortTolerances reference)
    {
        var notes = ImmutableArray.CreateBuilder<string>();
        var stored = vector.Tolerances;
        foreach (var (field, file, rule) in new[]
        {
            ("tolerances.pointwise", stored.Pointwise, reference.Pointwise),
            ("tolerances.adapted", stored.Adapted, reference.Adapted),
            ("tolerances.trajectory", stored.Trajectory, reference.Trajectory),
            ("tolerances.trajectoryCostFloor", stored.TrajectoryCostFloor, reference.TrajectoryCostFloor),
            ("tolerances.trajectoryDistanceFloor", stored.TrajectoryDistanceFloor, reference.TrajectoryDistanceFloor),
        })
        {
            // The adapted tolerance carries σ₁/σ_r, which a port recomputes with its own rounding: a relative 10⁻⁶ is the same value.
            if (Math.Abs(file - rule) > 1e-6 * rule)
            {
                string word = file > rule ? "looser" : "tighter";
                notes.Add($"{field}: the file stores {Show(file)}, {word} than the reference's {Show(rule)}; the reference's is applied");
            }
        }
        if (vector.Trajectories is { } t && (t.RelativeTolerance != TestVectorComputation.TrajectoryTolerances.Relative
            || t.AbsoluteTolerance != TestVectorComputation.TrajectoryTolerances.Absolute))
        {
            notes.Add($"trajectories: the file was integrated at rtol {Show(t.RelativeTolerance)}, atol {Show(t.AbsoluteTolerance)}; "
                + $"the reference's floors assume rtol {Show(TestVectorComputation.TrajectoryTolerances.Relative)}, atol {Show(TestVectorComputation.TrajectoryTolerances.Absolute)}");
        }
        return notes.ToImmutable();
    }

    private static string Show(double x) => x.ToString("G4", CultureInfo.InvariantCulture);

    private static double[] Flatten(ImmutableArray<ImmutableArray<double>> rows) => [.. rows.SelectMany(r => r)];
}
