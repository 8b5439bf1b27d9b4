using GradientFlows.Models;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Flows;

/// <summary>
/// The least-squares adapted flow θ′ = −Dᵀz, z ∈ argmin |DDᵀz − ∇ₓC|², which equals θ′ = −D⁺∇ₓC for every rank
/// (Chen, arXiv 2311.15487, Theorem 4.1, eqs. (4.5)–(4.10); Chen–Muñoz Ewald, arXiv 2408.01517, (2.27)). The outputs
/// follow the constrained Euclidean gradient flow x′ = −P_out∇ₓC (4.7).
/// </summary>
/// <remarks>
/// The field jumps where the numerical rank changes (spec A8); integrate it only where the rank is locally constant.
/// The rank is decided by the threshold of <see cref="Geometry.PenroseInverse"/>.
/// </remarks>
public sealed class LeastSquaresAdaptedFlow : OutputLayerFlow
{
    /// <summary>Creates the flow.</summary>
    public LeastSquaresAdaptedFlow(SquaredErrorCost cost)
        : base(Preconditions.NotNull(cost, nameof(cost)))
    {
    }

    /// <inheritdoc />
    public override string Name => "least-squares adapted flow";

    /// <summary>V = −D⁺[θ]∇ₓC (4.10).</summary>
    public override Vector<double> Velocity(Geometry.OutputGeometry geometry) =>
        -Preconditions.NotNull(geometry, nameof(geometry)).Inverse.Apply(geometry.G);
}
