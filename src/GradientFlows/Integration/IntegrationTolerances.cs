using GradientFlows.Differentiation;

namespace GradientFlows.Integration;

/// <summary>
/// Local error tolerances of an adaptive integration: a step is accepted when the embedded error estimate eᵢ satisfies
/// √(mean((eᵢ/scᵢ)²)) ≤ 1 with scᵢ = Absolute + Relative·max(|y₀ᵢ|, |y₁ᵢ|).
/// </summary>
/// <remarks>
/// These bound the local error per step only; the global error is not bounded by them (Gelada–Buckman spec, Result 1.3
/// numerical check). Tests derive their own tolerances from these and say how.
/// </remarks>
public sealed record IntegrationTolerances
{
    /// <summary>Creates tolerances.</summary>
    /// <param name="relative">rtol, range 100·u ≤ rtol ≤ 0.1 with u = 2⁻⁵³.</param>
    /// <param name="absolute">atol &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A tolerance is outside its range.</exception>
    public IntegrationTolerances(double relative, double absolute)
    {
        Preconditions.Positive(relative, nameof(relative));
        if (relative < MinimumRelative || relative > 0.1)
        {
            throw new ArgumentOutOfRangeException(nameof(relative), relative,
                $"relative = {relative:E3}; expected 100·u = {MinimumRelative:E3} ≤ rtol ≤ 0.1.");
        }
        Relative = relative;
        Absolute = Preconditions.Positive(absolute, nameof(absolute));
    }

    /// <summary>The smallest admissible rtol, 100·u.</summary>
    public const double MinimumRelative = 100 * FloatingPoint.UnitRoundoff;

    /// <summary>rtol.</summary>
    public double Relative { get; }

    /// <summary>atol.</summary>
    public double Absolute { get; }

    /// <summary>The tolerances of the spec's flow checks: rtol = 10⁻¹⁰, atol = 10⁻¹².</summary>
    public static IntegrationTolerances Reference { get; } = new(1e-10, 1e-12);
}
