using System.Collections.Immutable;

namespace GradientFlows.TestVectors;

/// <summary>The pointwise quantities of a test vector at θ.</summary>
public sealed record ExpectedValues
{
    /// <summary>x(θ) ∈ ℝ^{QN}.</summary>
    public required ImmutableArray<double> Outputs { get; init; }

    /// <summary>C(θ) = (κ/2)‖x(θ) − y‖².</summary>
    public required double Cost { get; init; }

    /// <summary>∇C(θ) = κDᵀ(x − y) ∈ ℝᴷ.</summary>
    public required ImmutableArray<double> Gradient { get; init; }

    /// <summary>D = ∂x/∂θ ∈ ℝ^{QN×K}, as QN rows of length K.</summary>
    public required ImmutableArray<ImmutableArray<double>> Jacobian { get; init; }

    /// <summary>The empirical NTK DDᵀ ∈ ℝ^{QN×QN}.</summary>
    public required ImmutableArray<ImmutableArray<double>> Ntk { get; init; }

    /// <summary>The standard direction θ′ = −∇C(θ) (Chen (1.9)).</summary>
    public required ImmutableArray<double> StandardDirection { get; init; }

    /// <summary>
    /// The adapted direction θ′ = −D⁺∇ₓC with D⁺ the Moore–Penrose inverse (minimum-norm least squares): Chen (1.29) at
    /// full rank with K ≥ QN, the Gauss–Newton direction (Theorem 5.1) at full rank with K &lt; QN, Theorem 4.1 under rank loss.
    /// </summary>
    public required ImmutableArray<double> AdaptedDirection { get; init; }

    /// <summary>rank D: the number of singular values strictly greater than τ = max(QN, K)·ε·σ_max, ε = 2⁻⁵².</summary>
    public required int Rank { get; init; }

    /// <summary>All min(QN, K) singular values of D, descending, including those at or below τ.</summary>
    public required ImmutableArray<double> SingularValues { get; init; }
}
