using GradientFlows.Geometry;

namespace GradientFlows.Proofs.Chen2311;

/// <summary>
/// A region of a theorem's rank hypothesis in terms of the singular values of D: <see cref="Contains"/> decides a point,
/// and <see cref="Margin"/> is a continuous function that is positive inside, zero on the boundary and negative outside,
/// so the boundary can be located as a sign change (the terminal event of <see cref="GuardedFlowRun"/>).
/// </summary>
/// <param name="Name">The region, for reports.</param>
/// <param name="Margin">The margin m(D): m ≥ 0 exactly in the region.</param>
internal sealed record RankRegion(string Name, Func<OutputGeometry, double> Margin)
{
    /// <summary>Whether the geometry lies in the region (m(D) ≥ 0).</summary>
    public bool Contains(OutputGeometry geometry) => Margin(geometry) >= 0;
}
