using System.Collections.Immutable;

namespace GradientFlows.TestVectors;

/// <summary>Structural checks of a <see cref="TestVector"/>; every failure names the field and the problem.</summary>
public static class TestVectorValidation
{
    /// <summary>Checks the fields that do not depend on the model.</summary>
    /// <exception cref="TestVectorFormatException">A field is missing, out of range or not finite.</exception>
    public static void Validate(TestVector v)
    {
        Preconditions.NotNull(v, nameof(v));
        if (v.Format != TestVector.FormatName)
        {
            throw new TestVectorFormatException("format", $"is '{v.Format}'; expected '{TestVector.FormatName}'");
        }
        if (v.Version != TestVector.FormatVersion)
        {
            throw new TestVectorFormatException("version", $"is {v.Version}; this implementation reads version {TestVector.FormatVersion} (re-export the vectors with `vectors export`; docs/test-vectors.md lists what changed)");
        }
        if (string.IsNullOrWhiteSpace(v.Name) || v.Name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || v.Name.Contains('/'))
        {
            throw new TestVectorFormatException("name", $"is '{v.Name}'; expected a non-empty file-name-safe name");
        }
        if (!VectorRegime.All.Contains(v.Regime))
        {
            throw new TestVectorFormatException("regime", $"is '{v.Regime}'; expected one of {string.Join(", ", VectorRegime.All.Select(r => $"'{r}'"))}");
        }
        if (!(double.IsFinite(v.Kappa) && v.Kappa > 0))
        {
            throw new TestVectorFormatException("kappa", $"is {Show(v.Kappa)}; expected a finite number > 0 (the weight κ in C = (κ/2)‖x − y‖²)");
        }
        var tol = v.Tolerances ?? throw new TestVectorFormatException("tolerances", "is missing; expected the object of the reference's tolerances");
        foreach (var (field, value) in new[]
        {
            ("tolerances.pointwise", tol.Pointwise), ("tolerances.adapted", tol.Adapted), ("tolerances.trajectory", tol.Trajectory),
            ("tolerances.trajectoryCostFloor", tol.TrajectoryCostFloor), ("tolerances.trajectoryDistanceFloor", tol.TrajectoryDistanceFloor),
        })
        {
            if (!(double.IsFinite(value) && value >= 0))
            {
                throw new TestVectorFormatException(field, $"is {Show(value)}; expected a finite number ≥ 0");
            }
        }
        if (v.Trajectories is { } t)
        {
            ValidateTrajectories(t);
        }
    }

    private static void ValidateTrajectories(TrajectoryExpectations t)
    {
        foreach (var (field, value) in new[] { ("trajectories.relativeTolerance", t.RelativeTolerance), ("trajectories.absoluteTolerance", t.AbsoluteTolerance) })
        {
            if (!(double.IsFinite(value) && value > 0))
            {
                throw new TestVectorFormatException(field, $"is {Show(value)}; expected a finite number > 0 (an integrator tolerance)");
            }
        }
        if (t.Standard.IsDefault || t.Adapted.IsDefault)
        {
            throw new TestVectorFormatException(t.Standard.IsDefault ? "trajectories.standard" : "trajectories.adapted", "is missing; expected an array of samples");
        }
        if (t.Standard.Length != t.Adapted.Length || t.Standard.Length == 0)
        {
            throw new TestVectorFormatException("trajectories", $"has {t.Standard.Length} standard and {t.Adapted.Length} adapted samples; expected the same positive number in both flows");
        }
        foreach (var (label, samples) in new[] { ("trajectories.standard", t.Standard), ("trajectories.adapted", t.Adapted) })
        {
            for (int i = 0; i < samples.Length; i++)
            {
                var s = samples[i] ?? throw new TestVectorFormatException($"{label}[{i}]", "is null; expected a sample {time, cost, distance}");
                string at = $"{label}[{i}]";
                if (!double.IsFinite(s.Time) || !double.IsFinite(s.Cost) || !double.IsFinite(s.Distance))
                {
                    throw new TestVectorFormatException(at, "has a value that is not a finite number; expected finite time, cost and distance");
                }
                if (i == 0 && s.Time != 0)
                {
                    throw new TestVectorFormatException($"{at}.time", $"is {Show(s.Time)}; expected the first sample at time 0");
                }
                if (i > 0 && !(s.Time > samples[i - 1].Time))
                {
                    throw new TestVectorFormatException($"{at}.time", $"is {Show(s.Time)}, not after the previous sample's {Show(samples[i - 1].Time)}; expected strictly increasing times");
                }
                if (s.Time != t.Standard[i].Time)
                {
                    throw new TestVectorFormatException($"{at}.time", $"is {Show(s.Time)}; expected the same times in both flows ({Show(t.Standard[i].Time)} in the standard flow)");
                }
                if (s.Cost < 0)
                {
                    throw new TestVectorFormatException($"{at}.cost", $"is {Show(s.Cost)}; a cost (κ/2)‖x − y‖² cannot be negative");
                }
                if (s.Distance < 0)
                {
                    throw new TestVectorFormatException($"{at}.distance", $"is {Show(s.Distance)}; a distance ‖θ(s) − θ(0)‖ cannot be negative");
                }
                if (i == 0 && s.Distance != 0)
                {
                    throw new TestVectorFormatException($"{at}.distance", $"is {Show(s.Distance)}; expected 0 at time 0 (the flow starts at θ)");
                }
            }
        }
    }

    /// <summary>Checks every array against the model's dimensions K and QN.</summary>
    /// <exception cref="TestVectorFormatException">A length or a value is wrong.</exception>
    public static void Validate(TestVector v, int K, int QN)
    {
        Length("parameters", v.Parameters, K, "K");
        Length("targets", v.Targets, QN, "QN");
        var e = v.Expected ?? throw new TestVectorFormatException("expected", "is missing; expected the object of expected values");
        Length("expected.outputs", e.Outputs, QN, "QN");
        Finite("expected.cost", [e.Cost]);
        if (e.Cost < 0)
        {
            throw new TestVectorFormatException("expected.cost", $"is {Show(e.Cost)}; a cost (κ/2)‖x − y‖² cannot be negative");
        }
        Length("expected.gradient", e.Gradient, K, "K");
        Matrix("expected.jacobian", e.Jacobian, QN, K);
        Matrix("expected.ntk", e.Ntk, QN, QN);
        Length("expected.standardDirection", e.StandardDirection, K, "K");
        Length("expected.adaptedDirection", e.AdaptedDirection, K, "K");
        Length("expected.singularValues", e.SingularValues, Math.Min(QN, K), "min(QN, K)");
        for (int i = 0; i < e.SingularValues.Length; i++)
        {
            if (e.SingularValues[i] < 0 || (i > 0 && e.SingularValues[i] > e.SingularValues[i - 1]))
            {
                throw new TestVectorFormatException($"expected.singularValues[{i}]", $"is {Show(e.SingularValues[i])}; expected singular values ≥ 0 in descending order");
            }
        }
        if (e.Rank < 0 || e.Rank > Math.Min(QN, K))
        {
            throw new TestVectorFormatException("expected.rank", $"is {e.Rank}; expected 0 ≤ rank ≤ min(QN, K) = {Math.Min(QN, K)}");
        }
    }

    private static string Show(double x) => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private static void Length(string field, ImmutableArray<double> values, int expected, string symbol)
    {
        if (values.IsDefault)
        {
            throw new TestVectorFormatException(field, "is missing; expected an array of numbers");
        }
        if (values.Length != expected)
        {
            throw new TestVectorFormatException(field, $"has {values.Length} entries; expected {symbol} = {expected}");
        }
        Finite(field, values);
    }

    private static void Matrix(string field, ImmutableArray<ImmutableArray<double>> rows, int rowCount, int columnCount)
    {
        if (rows.IsDefault)
        {
            throw new TestVectorFormatException(field, "is missing; expected an array of rows");
        }
        if (rows.Length != rowCount)
        {
            throw new TestVectorFormatException(field, $"has {rows.Length} rows; expected {rowCount}");
        }
        for (int i = 0; i < rows.Length; i++)
        {
            Length($"{field}[{i}]", rows[i], columnCount, "the column count");
        }
    }

    private static void Finite(string field, IEnumerable<double> values)
    {
        int i = 0;
        foreach (double x in values)
        {
            if (!double.IsFinite(x))
            {
                throw new TestVectorFormatException($"{field}[{i}]", $"is {Show(x)}; expected a finite number");
            }
            i++;
        }
    }
}
