namespace GradientFlows.Theory;

/// <summary>
/// Proposition 3.1 of Chen (arXiv 2311.15487), trapping of the standard flow: if |Dᵀ∇ₓC| ≤ ε|∇ₓC| on a region U
/// (hypothesis (3.4) in the relative form of spec A7), the time the orbit spends in U is at least
/// |I_U| ≥ ℓ_U / (ε·√(2κC_entry)) (3.6), where ℓ_U is the arc length in U and C_entry the cost on entry
/// (√(2κC) = |∇ₓC|; with κ = 1/N this is √(2C/N)).
/// </summary>
public static class TrappingTimeBound
{
    /// <summary>The lower bound ℓ/(ε√(2κC)) on the time spent in U.</summary>
    /// <param name="arcLength">ℓ_U ≥ 0.</param>
    /// <param name="epsilon">ε &gt; 0.</param>
    /// <param name="costAtEntry">C at entry into U (or C₀), ≥ 0.</param>
    /// <param name="kappa">κ &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static double MinimumTime(double arcLength, double epsilon, double costAtEntry, double kappa)
    {
        Preconditions.NonNegative(arcLength, nameof(arcLength));
        Preconditions.Positive(epsilon, nameof(epsilon));
        Preconditions.NonNegative(costAtEntry, nameof(costAtEntry));
        Preconditions.Positive(kappa, nameof(kappa));
        double speedBound = epsilon * Math.Sqrt(2 * kappa * costAtEntry);
        return speedBound > 0 ? arcLength / speedBound : (arcLength > 0 ? double.PositiveInfinity : 0.0);
    }

    /// <summary>The arc-length bound ℓ ≤ ε·|I|·√(2κC) (3.9), the form the tests assert.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static double MaximumArcLength(double time, double epsilon, double costAtEntry, double kappa)
    {
        Preconditions.NonNegative(time, nameof(time));
        Preconditions.NonNegative(epsilon, nameof(epsilon));
        Preconditions.NonNegative(costAtEntry, nameof(costAtEntry));
        Preconditions.Positive(kappa, nameof(kappa));
        return epsilon * time * Math.Sqrt(2 * kappa * costAtEntry);
    }
}
