using GradientFlows.Models;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Flows;

/// <summary>
/// A member V_α, α ∈ [0, 1], of the homotopy between the standard flow V₀ = −Dᵀ∇ₓC = −∇_θC and the adapted flow
/// V₁ = −D⁺∇ₓC (Chen–Muñoz Ewald, arXiv 2408.01517, Theorem 2.3, (2.29)–(2.32); spec §9). Every member has the same
/// zero set {Dᵀ∇ₓC = 0} = {P_out∇ₓC = 0}, and C is non-increasing along each.
/// </summary>
/// <remarks>
/// Family A: dC/ds = −(1 − α)|Dᵀg|² − α|P_out g|². Family B: dC/ds = −Σ_{σᵢ&gt;τ} σᵢ^{2(1−α)}(uᵢ·g)².
/// </remarks>
public sealed class InterpolatingFlow : OutputLayerFlow
{
    /// <summary>Creates V_α.</summary>
    /// <param name="cost">The cost.</param>
    /// <param name="alpha">α ∈ [0, 1].</param>
    /// <param name="family">Which homotopy (default: family A).</param>
    /// <exception cref="ArgumentOutOfRangeException">α ∉ [0, 1].</exception>
    public InterpolatingFlow(SquaredErrorCost cost, double alpha, InterpolationFamily family = InterpolationFamily.Linear)
        : base(Preconditions.NotNull(cost, nameof(cost)))
    {
        if (!(alpha >= 0 && alpha <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"alpha = {alpha:R}; expected α ∈ [0, 1].");
        }
        Alpha = alpha;
        Family = family;
    }

    /// <summary>α.</summary>
    public double Alpha { get; }

    /// <summary>The family.</summary>
    public InterpolationFamily Family { get; }

    /// <inheritdoc />
    public override string Name => $"interpolating flow ({Family}, α = {Alpha:G3})";

    /// <summary>V_α from the output geometry at θ.</summary>
    public override Vector<double> Velocity(Geometry.OutputGeometry geometry)
    {
        Preconditions.NotNull(geometry, nameof(geometry));
        var inverse = geometry.Inverse;
        var g = geometry.G;
        if (Family == InterpolationFamily.Linear)
        {
            return -((1 - Alpha) * geometry.TransposeTimes(g) + Alpha * inverse.Apply(g));
        }
        var basis = inverse.OutputBasis;
        var right = inverse.ParameterBasis;
        var v = Vector<double>.Build.Dense(Cost.Dimension);
        if (basis is null || right is null)
        {
            return v;
        }
        var coefficients = basis.TransposeThisAndMultiply(g);
        for (int i = 0; i < inverse.Rank; i++)
        {
            coefficients[i] *= Math.Pow(inverse.SingularValues[i], 1 - 2 * Alpha);
        }
        return -(right * coefficients);
    }
}
