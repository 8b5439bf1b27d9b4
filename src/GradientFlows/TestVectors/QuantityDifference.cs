namespace GradientFlows.TestVectors;

/// <summary>The largest difference between recomputed and stored values of one quantity of a vector.</summary>
/// <param name="Quantity">The JSON path of the quantity, e.g. <c>expected.jacobian</c>.</param>
/// <param name="Entries">How many numbers were compared.</param>
/// <param name="MaxAbsolute">max |a − e|.</param>
/// <param name="MaxRelative">max |a − e|/|e| over entries with e ≠ 0 (0 if none).</param>
/// <param name="Allowed">The allowed absolute difference tol·max(1, max|e|).</param>
public sealed record QuantityDifference(string Quantity, int Entries, double MaxAbsolute, double MaxRelative, double Allowed)
{
    /// <summary>True when every entry is within <see cref="Allowed"/>.</summary>
    public bool Within => MaxAbsolute <= Allowed;

    /// <summary>Compares <paramref name="actual"/> with <paramref name="expected"/> under relative tolerance <paramref name="tolerance"/>.</summary>
    public static QuantityDifference Of(string quantity, IReadOnlyList<double> actual, IReadOnlyList<double> expected, double tolerance)
    {
        if (actual.Count != expected.Count)
        {
            throw new TestVectorFormatException(quantity, $"has {expected.Count} entries; the model produces {actual.Count}");
        }
        double maxAbs = 0, maxRel = 0, scale = 1;
        for (int i = 0; i < actual.Count; i++)
        {
            double d = Math.Abs(actual[i] - expected[i]);
            maxAbs = double.IsNaN(d) ? double.PositiveInfinity : Math.Max(maxAbs, d);
            if (expected[i] != 0)
            {
                maxRel = Math.Max(maxRel, d / Math.Abs(expected[i]));
            }
            scale = Math.Max(scale, Math.Abs(expected[i]));
        }
        return new QuantityDifference(quantity, actual.Count, maxAbs, maxRel, tolerance * scale);
    }
}
