namespace GradientFlows.Flows;

/// <summary>One recorded point of a flow trajectory.</summary>
/// <param name="Time">t.</param>
/// <param name="Loss">l(t) = f(θ(t)).</param>
/// <param name="GradientNormSquared">‖∇f(θ(t))‖².</param>
/// <param name="Distance">‖θ(t) − θ₀‖.</param>
/// <param name="Length">Λ(t) = ∫₀ᵗ‖θ′‖ (integrated).</param>
/// <param name="Energy">E(t) = ∫₀ᵗ‖θ′‖² (integrated).</param>
public readonly record struct TrajectoryPoint(
    double Time, double Loss, double GradientNormSquared, double Distance, double Length, double Energy)
{
    /// <summary>The health ratio ‖∇f‖²/f (spec §2), or null where f = 0 and the ratio is undefined (erratum E16).</summary>
    public double? HealthRatio => Loss > 0 ? GradientNormSquared / Loss : null;
}
