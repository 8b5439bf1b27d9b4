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
            throw new TestVectorFormatException("version", $"is {v.Version}; this implementation reads version {TestVector.FormatVersion}");
        }
        if (string.IsNullOrWhiteSpace(v.Name) || v.Name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || v.Name.Contains('/'))
        {
            throw new TestVectorFormatException("name", $"is '{v.Name}'; expected a non-empty file-name-safe name");
        }
        if (!(double.IsFinite(v.Kappa) && v.Kappa > 0))
        {
            throw new TestVectorFormatException("kappa", $"is {v.Kappa}; expected a finite number > 0");
        }
        foreach (var (field, value) in new[] { ("tolerances.pointwise", v.Tolerances.Pointwise), ("tolerances.adapted", v.Tolerances.Adapted), ("tolerances.trajectory", v.Tolerances.Trajectory) })
        {
            if (!(double.IsFinite(value) && value >= 0))
            {
                throw new TestVectorFormatException(field, $"is {value}; expected a finite number ≥ 0");
            }
        }
        if (v.Trajectories is { } t)
        {
            if (t.Standard.Length != t.Adapted.Length || t.Standard.Length == 0)
            {
                throw new TestVectorFormatException("trajectories", $"has {t.Standard.Length} standard and {t.Adapted.Length} adapted samples; expected the same positive number");
            }
            for (int i = 0; i < t.Standard.Length; i++)
            {
                if (t.Standard[i].Time != t.Adapted[i].Time || !(t.Standard[i].Time >= 0) || (i > 0 && !(t.Standard[i].Time >= t.Standard[i - 1].Time)))
                {
                    throw new TestVectorFormatException($"trajectories.standard[{i}].time", "expected ascending times ≥ 0, equal in both flows");
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
        var e = v.Expected ?? throw new TestVectorFormatException("expected", "is missing");
        Length("expected.outputs", e.Outputs, QN, "QN");
        Finite("expected.cost", [e.Cost]);
        Length("expected.gradient", e.Gradient, K, "K");
        Matrix("expected.jacobian", e.Jacobian, QN, K);
        Matrix("expected.ntk", e.Ntk, QN, QN);
        Length("expected.standardDirection", e.StandardDirection, K, "K");
        Length("expected.adaptedDirection", e.AdaptedDirection, K, "K");
        Length("expected.singularValues", e.SingularValues, Math.Min(QN, K), "min(QN, K)");
        if (e.Rank < 0 || e.Rank > Math.Min(QN, K))
        {
            throw new TestVectorFormatException("expected.rank", $"is {e.Rank}; expected 0 ≤ rank ≤ min(QN, K) = {Math.Min(QN, K)}");
        }
    }

    private static void Length(string field, ImmutableArray<double> values, int expected, string symbol)
    {
        if (values.IsDefault)
        {
            throw new TestVectorFormatException(field, "is missing");
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
            throw new TestVectorFormatException(field, "is missing");
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
                throw new TestVectorFormatException($"{field}[{i}]", $"is {x}; expected a finite number");
            }
            i++;
        }
    }
}
