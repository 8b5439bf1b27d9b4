using GradientFlows.Models;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Flows;

/// <summary>
/// The adapted flow of the borderline case K = QN, θ′ = −D⁻¹∇ₓC (Chen, arXiv 2311.15487, §6, eqs. (6.1)–(6.2)): D is
/// square and invertible, D⁺ = Dᵀ(DDᵀ)⁻¹ = (DᵀD)⁻¹Dᵀ = D⁻¹ (6.3), and x′ = −∇ₓC (6.4).
/// </summary>
/// <remarks>
/// The velocity is the LU solve Dv = −∇ₓC. Invertibility is decided by the SVD rank of
/// <see cref="Geometry.PenroseInverse"/>; a singular D throws <see cref="Geometry.RankDeficientException"/>.
/// For K = QN the singular set {det D = 0} has codimension 1, so orbits reach it often (spec C14).
/// </remarks>
public sealed class BorderlineAdaptedFlow : OutputLayerFlow
{
    /// <summary>Creates the flow.</summary>
    /// <exception cref="ArgumentException">K ≠ QN.</exception>
    public BorderlineAdaptedFlow(SquaredErrorCost cost)
        : base(Preconditions.NotNull(cost, nameof(cost)))
    {
        if (cost.Dimension != cost.Model.OutputCount)
        {
            throw new ArgumentException(
                $"K = {cost.Dimension}, QN = {cost.Model.OutputCount}; expected K = QN for the borderline flow.", nameof(cost));
        }
    }

    /// <inheritdoc />
    public override string Name => "borderline adapted flow";

    /// <summary>V = −D⁻¹∇ₓC (6.2).</summary>
    /// <exception cref="Geometry.RankDeficientException">D[θ] is numerically singular.</exception>
    public override Vector<double> Velocity(Geometry.OutputGeometry geometry)
    {
        Preconditions.NotNull(geometry, nameof(geometry));
        RequireRank(geometry.Inverse, Cost.Dimension);
        return -geometry.SolveSquare();
    }
}
