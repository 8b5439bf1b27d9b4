using GradientFlows.Differentiation;

namespace GradientFlows.Theory;

/// <summary>
/// The arc-length corollary of Chen's Theorem 2.1 (corollary C2(a) of this project): along the adapted flow
/// θ′ = −D⁺∇ₓC the parameters move at speed |θ′| = |D⁺∇ₓC| ≤ |∇ₓC|/σ_min(D), and since |∇ₓC(s)| = κe^{−κs}|x₀ − y|
/// (the outputs follow the comparison model, (2.7)), the path length from 0 to s is at most
/// ℓ(0, s) ≤ |x₀ − y|(1 − e^{−κs})/σ_*, with σ_* the smallest σ_min(D) on [0, s].
/// </summary>
/// <remarks>
/// Both bounds are attained: for a linear model x = Xθ with x₀ − y along the left singular vector of σ_min(X), the
/// residual stays on that direction, D⁺ maps it to the right singular vector scaled by 1/σ_min, and both inequalities
/// are equalities (tested as their sharpness).
/// </remarks>
public static class AdaptedArcLengthBound
{
    /// <summary>The speed bound |θ′| ≤ |∇ₓC|/σ_min(D).</summary>
    /// <param name="outputGradientNorm">|∇ₓC| ≥ 0.</param>
    /// <param name="smallestSingularValue">σ_min(D) &gt; 0 (full row rank).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static double Speed(double outputGradientNorm, double smallestSingularValue)
    {
        Preconditions.NonNegative(outputGradientNorm, nameof(outputGradientNorm));
        Preconditions.Positive(smallestSingularValue, nameof(smallestSingularValue));
        return outputGradientNorm / smallestSingularValue;
    }

    /// <summary>The path-length bound ℓ(0, s) ≤ |x₀ − y|(1 − e^{−κs})/σ_*.</summary>
    /// <param name="initialDistance">|x₀ − y| ≥ 0.</param>
    /// <param name="kappa">κ &gt; 0 (1/N for the paper's cost).</param>
    /// <param name="s">s ≥ 0.</param>
    /// <param name="smallestSingularValue">σ_* &gt; 0, the smallest σ_min(D) along the path on [0, s].</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static double Length(double initialDistance, double kappa, double s, double smallestSingularValue)
    {
        Preconditions.NonNegative(initialDistance, nameof(initialDistance));
        Preconditions.Positive(kappa, nameof(kappa));
        Preconditions.NonNegative(s, nameof(s));
        Preconditions.Positive(smallestSingularValue, nameof(smallestSingularValue));
        return initialDistance * -FloatingPoint.ExpMinusOne(-kappa * s) / smallestSingularValue;
    }
}
