namespace GradientFlows.TestVectors;

/// <summary>The difference between recomputed and stored values of one quantity of a vector, judged entry by entry.</summary>
/// <param name="Quantity">The JSON path of the quantity, e.g. <c>expected.jacobian</c>.</param>
/// <param name="Entries">How many numbers were compared.</param>
/// <param name="MaxAbsolute">max |a − e|.</param>
/// <param name="MaxRelative">max |a − e|/|e|; an entry with e = 0 and a ≠ 0 makes it +∞ (see <see cref="RelativeUndefined"/>).</param>
/// <param name="WorstIndex">The entry with the largest |a − e|/allowed (−1 when no entry differs).</param>
/// <param name="WorstFraction">max over entries of |a − e|/allowed; ≤ 1 means every entry agrees.</param>
/// <param name="Allowed">The allowed absolute difference at the worst entry.</param>
public sealed record QuantityDifference(string Quantity, int Entries, double MaxAbsolute, double MaxRelative, int WorstIndex, double WorstFraction, double Allowed)
{
    /// <summary>True when every entry is within its allowed difference.</summary>
    public bool Within => WorstFraction <= 1;

    /// <summary>True when the relative difference is undefined because an entry with e = 0 differs.</summary>
    public bool RelativeUndefined => double.IsPositiveInfinity(MaxRelative);

    /// <summary>
    /// Pointwise rule: every entry within tol·max(1, max|e| over the quantity).
    /// </summary>
    /// <exception cref="TestVectorFormatException">The stored quantity has another number of entries than the model produces.</exception>
    public static QuantityDifference Of(string quantity, IReadOnlyList<double> actual, IReadOnlyList<double> expected, double tolerance)
    {
        Preconditions.NotNull(expected, nameof(expected));
        double scale = 1;
        foreach (double e in expected)
        {
            scale = Math.Max(scale, Math.Abs(e));
        }
        return Of(quantity, actual, expected, _ => tolerance * scale);
    }

    /// <summary>Per-sample rule: entry i within ρ·|eᵢ| + φ.</summary>
    /// <exception cref="TestVectorFormatException">The stored quantity has another number of entries than the model produces.</exception>
    public static QuantityDifference PerSample(string quantity, IReadOnlyList<double> actual, IReadOnlyList<double> expected, double relative, double floor)
    {
        Preconditions.NotNull(expected, nameof(expected));
        return Of(quantity, actual, expected, i => relative * Math.Abs(expected[i]) + floor);
    }

    private static QuantityDifference Of(string quantity, IReadOnlyList<double> actual, IReadOnlyList<double> expected, Func<int, double> allowed)
    {
        Preconditions.NotNull(actual, nameof(actual));
        if (actual.Count != expected.Count)
        {
            throw new TestVectorFormatException(quantity, $"has {expected.Count} entries; the model produces {actual.Count}");
        }
        double maxAbs = 0, maxRel = 0, worstFraction = 0, worstAllowed = actual.Count == 0 ? 0 : allowed(0);
        int worst = -1;
        for (int i = 0; i < actual.Count; i++)
        {
            double d = Math.Abs(actual[i] - expected[i]);
            if (double.IsNaN(d))
            {
                d = double.PositiveInfinity;
            }
            maxAbs = Math.Max(maxAbs, d);
            if (d > 0)
            {
                maxRel = Math.Max(maxRel, expected[i] == 0 ? double.PositiveInfinity : d / Math.Abs(expected[i]));
                double a = allowed(i);
                double fraction = a > 0 ? d / a : double.PositiveInfinity;
                if (fraction > worstFraction || worst < 0)
                {
                    worstFraction = fraction;
                    worst = i;
                    worstAllowed = a;
                }
            }
        }
        return new QuantityDifference(quantity, actual.Count, maxAbs, maxRel, worst, worstFraction, worstAllowed);
    }
}
