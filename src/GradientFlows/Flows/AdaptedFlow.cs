using GradientFlows.Models;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Flows;

/// <summary>
/// The adapted gradient flow of the overparametrised case, θ′ = −D⁺∇ₓC = −Dᵀ(DDᵀ)⁻¹κ(x − y), defined while
/// rank D = QN (Chen, arXiv 2311.15487, eqs. (1.29)–(1.30), (2.4)). Along it x′ = −∇ₓC exactly (2.5), so
/// C(s) = e^{−2κs}C(0) (Theorem 2.1) with κ = 1/N.
/// </summary>
/// <remarks>
/// Needs K ≥ QN. Where the numerical rank drops below QN (threshold of
/// <see cref="Geometry.PenroseInverse.Threshold"/>) the field is not defined and <see cref="Velocity"/> throws
/// <see cref="Geometry.RankDeficientException"/>: the theorem's hypothesis is orbit-wide (spec A4). The rank-loss
/// version is <see cref="LeastSquaresAdaptedFlow"/>.
/// </remarks>
public sealed class AdaptedFlow : OutputLayerFlow
{
    /// <summary>Creates the flow.</summary>
    /// <exception cref="ArgumentException">K &lt; QN: the model is underparametrised (use <see cref="GaussNewtonFlow"/>).</exception>
    public AdaptedFlow(SquaredErrorCost cost)
        : base(Preconditions.NotNull(cost, nameof(cost)))
    {
        if (cost.Dimension < cost.Model.OutputCount)
        {
            throw new ArgumentException(
                $"K = {cost.Dimension} < QN = {cost.Model.OutputCount}; expected K ≥ QN for the overparametrised adapted flow.",
                nameof(cost));
        }
    }

    /// <inheritdoc />
    public override string Name => "adapted flow";

    /// <summary>V = −D⁺[θ]∇ₓC (2.4).</summary>
    /// <exception cref="Geometry.RankDeficientException">rank D[θ] &lt; QN.</exception>
    public override Vector<double> Velocity(Geometry.OutputGeometry geometry)
    {
        Preconditions.NotNull(geometry, nameof(geometry));
        RequireRank(geometry.Inverse, Model.OutputCount);
        return -geometry.Inverse.Apply(geometry.G);
    }
}
