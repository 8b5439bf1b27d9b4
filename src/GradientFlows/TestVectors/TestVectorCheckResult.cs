using System.Collections.Immutable;

namespace GradientFlows.TestVectors;

/// <summary>The outcome of <see cref="TestVectorCheck.Compare"/>.</summary>
/// <param name="Differences">Per quantity, the differences judged against the reference tolerances.</param>
/// <param name="ToleranceNotes">Where the file's stored tolerances or integrator settings differ from the reference's.</param>
/// <param name="RegimeMismatch">Why the declared regime is wrong, or null when it matches K, QN and the recomputed rank.</param>
/// <param name="Applied">The tolerances that were applied (the reference rule for this vector).</param>
public sealed record TestVectorCheckResult(
    ImmutableArray<QuantityDifference> Differences, ImmutableArray<string> ToleranceNotes, string? RegimeMismatch, PortTolerances Applied)
{
    /// <summary>True when every quantity is within the reference tolerances and the regime matches.</summary>
    public bool Agrees => RegimeMismatch is null && Differences.All(d => d.Within);

    /// <summary>The quantities outside their tolerances.</summary>
    public IEnumerable<QuantityDifference> Failing => Differences.Where(d => !d.Within);
}
