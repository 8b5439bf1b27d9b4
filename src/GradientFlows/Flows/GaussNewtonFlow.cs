using GradientFlows.Models;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Flows;

/// <summary>
/// The adapted flow of the underparametrised case, θ′ = −(DᵀD)⁻¹∇_θC = −(DᵀD)⁻¹Dᵀ∇ₓC, defined while rank D = K
/// (Chen, arXiv 2311.15487, eqs. (1.33), (5.2)): the continuous-time Gauss–Newton flow. The outputs follow
/// x′ = −P∇ₓC with P = D(DᵀD)⁻¹Dᵀ the tangent projector of the image (5.3)–(5.4) (Theorem 5.1).
/// </summary>
/// <remarks>
/// Needs K ≤ QN. (DᵀD)⁻¹Dᵀ = D⁺ at full column rank, so the velocity is computed as −D⁺∇ₓC from the SVD of D, never
/// from DᵀD (which would square the condition number). Rank below K throws <see cref="Geometry.RankDeficientException"/>.
/// </remarks>
public sealed class GaussNewtonFlow : OutputLayerFlow
{
    /// <summary>Creates the flow.</summary>
    /// <exception cref="ArgumentException">K &gt; QN: the model is overparametrised (use <see cref="AdaptedFlow"/>).</exception>
    public GaussNewtonFlow(SquaredErrorCost cost)
        : base(Preconditions.NotNull(cost, nameof(cost)))
    {
        if (cost.Dimension > cost.Model.OutputCount)
        {
            throw new ArgumentException(
                $"K = {cost.Dimension} > QN = {cost.Model.OutputCount}; expected K ≤ QN for the Gauss–Newton flow.",
                nameof(cost));
        }
    }

    /// <inheritdoc />
    public override string Name => "Gauss–Newton flow";

    /// <summary>V = −(DᵀD)⁻¹Dᵀ∇ₓC (5.2).</summary>
    /// <exception cref="Geometry.RankDeficientException">rank D[θ] &lt; K.</exception>
    public override Vector<double> Velocity(Geometry.OutputGeometry geometry)
    {
        Preconditions.NotNull(geometry, nameof(geometry));
        RequireRank(geometry.Inverse, Cost.Dimension);
        return -geometry.Inverse.Apply(geometry.G);
    }
}
