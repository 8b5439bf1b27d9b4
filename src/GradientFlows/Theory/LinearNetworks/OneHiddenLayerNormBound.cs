namespace GradientFlows.Theory.LinearNetworks;

/// <summary>
/// The a-priori bound of a one-hidden-layer gradient flow (linear-networks spec §3, C2, "explicit a-priori bound for
/// H = 1", derived): with D = W₂ᵀW₂ − W₁W₁ᵀ, δ := ‖D‖₂, ρ := min(d₁, d_x) and ω := (‖Y‖_F + √(2L(0)))/σ_min(X),
/// ‖W₁(t)‖²_F ≤ (ρ/2)(δ + √(δ² + 4ω²/ρ)) for all t ≥ 0, and ‖W₂(t)‖²_F = ‖W₁(t)‖²_F + tr D.
/// </summary>
/// <remarks>Requires XXᵀ ≻ 0 (σ_min(X) &gt; 0). ω bounds ‖W‖_F = ‖W₂W₁‖_F because L is non-increasing.</remarks>
public static class OneHiddenLayerNormBound
{
    /// <summary>ω = (‖Y‖_F + √(2L(0)))/σ_min(X), the bound on ‖W(t)‖_F.</summary>
    /// <exception cref="ArgumentOutOfRangeException">‖Y‖_F or L(0) is negative, or σ_min(X) is not positive.</exception>
    public static double ProductBound(double targetNorm, double loss0, double smallestInputSingularValue) =>
        (Preconditions.NonNegative(targetNorm, nameof(targetNorm)) + Math.Sqrt(2 * Preconditions.NonNegative(loss0, nameof(loss0))))
        / Preconditions.Positive(smallestInputSingularValue, nameof(smallestInputSingularValue));

    /// <summary>(ρ/2)(δ + √(δ² + 4ω²/ρ)), the bound on ‖W₁(t)‖²_F.</summary>
    /// <param name="rho">ρ = min(d₁, d_x) ≥ 1.</param>
    /// <param name="delta">δ = ‖D‖₂ ≥ 0.</param>
    /// <param name="omega">ω ≥ 0 from <see cref="ProductBound"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static double FirstLayerNormSq(int rho, double delta, double omega)
    {
        Preconditions.AtLeast(rho, 1, nameof(rho));
        Preconditions.NonNegative(delta, nameof(delta));
        Preconditions.NonNegative(omega, nameof(omega));
        return rho / 2.0 * (delta + Math.Sqrt(delta * delta + 4 * omega * omega / rho));
    }
}
