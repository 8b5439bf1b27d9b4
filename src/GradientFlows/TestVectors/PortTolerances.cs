using System.Globalization;
using GradientFlows.Integration;

namespace GradientFlows.TestVectors;

/// <summary>
/// The tolerances a port must meet for one vector. Pointwise quantities: an entry a agrees with the stored e when
/// |a − e| ≤ tol·max(1, max|e| over the quantity). Flow samples, each on its own: |a − e| ≤ ρ·|e| + φ, with ρ =
/// <see cref="Trajectory"/> and the absolute floor φ = <see cref="TrajectoryCostFloor"/> (costs) or
/// <see cref="TrajectoryDistanceFloor"/> (distances). A 1 % error in a sample is therefore caught as soon as
/// |e| &gt; φ/(0.01 − ρ) ≈ 100·φ.
/// </summary>
/// <remarks>
/// <see cref="Reference"/> is the rule. <c>vectors check</c> always applies it, whatever a file stores, and reports where
/// the file's stored tolerances differ: a file can neither loosen nor tighten the bar.
/// </remarks>
public sealed record PortTolerances
{
    /// <summary>
    /// Outputs, cost, gradient, Jacobian, NTK, standard direction and singular values: 10⁻¹¹, room for a different
    /// summation order (γₙ ≈ n·u with n up to a few thousand terms) with two orders to spare.
    /// </summary>
    public required double Pointwise { get; init; }

    /// <summary>
    /// The adapted direction: 10⁻¹¹·max(1, σ₁/σ_r), since a (pseudo-)inverse amplifies rounding by the condition number of D.
    /// </summary>
    public required double Adapted { get; init; }

    /// <summary>
    /// ρ, the relative tolerance of each flow sample: 10⁻⁶. Two integrators at rtol 10⁻¹⁰ (ours and a port's) differ by
    /// at most a few 10⁻⁸ of a cost or distance that is not near 0 (measured on every vector against rtol 10⁻¹³).
    /// </summary>
    public required double Trajectory { get; init; }

    /// <summary>
    /// φ_C, the absolute floor of a cost sample: κ·δ²/(2ρ) + κ·δ²/2 with δ = 100·(rtol·max(1, ‖y‖) + atol) the budget for
    /// the error of the residual x − y. Since C = (κ/2)‖r‖², an error δ in r changes C by at most κ‖r‖δ + κδ²/2 ≤
    /// ρ·C + κδ²/(2ρ) + κδ²/2 (2ab ≤ a² + b²): the relative part is covered by ρ, the rest is this floor.
    /// </summary>
    public required double TrajectoryCostFloor { get; init; }

    /// <summary>
    /// φ_d, the absolute floor of a distance sample: 100·(rtol·max(1, ‖θ₀‖) + atol); the distance ‖θ(s) − θ₀‖ is
    /// 1-Lipschitz in θ(s), whose global error is held to this budget (the reference's own is below 10⁻⁹).
    /// </summary>
    public required double TrajectoryDistanceFloor { get; init; }

    /// <summary>How the numbers were derived (one line each).</summary>
    public required string Derivation { get; init; }

    /// <summary>The pointwise tolerance of every vector, 10⁻¹¹.</summary>
    public const double PointwiseRule = 1e-11;

    /// <summary>ρ of every vector, 10⁻⁶.</summary>
    public const double TrajectoryRule = 1e-6;

    /// <summary>The safety factor between the integrator's local tolerances and the global error budget δ, 100.</summary>
    public const double GlobalErrorFactor = 100;

    /// <summary>The reference tolerances of a vector (the rule <c>vectors check</c> enforces).</summary>
    /// <param name="kappa">κ &gt; 0 of the cost.</param>
    /// <param name="targetNorm">‖y‖ ≥ 0.</param>
    /// <param name="thetaNorm">‖θ₀‖ ≥ 0.</param>
    /// <param name="condition">σ₁/σ_r of D at θ₀ (1 when rank D = 0), ≥ 1.</param>
    /// <param name="integration">The integrator tolerances the trajectories were computed with.</param>
    /// <exception cref="ArgumentOutOfRangeException">A number is out of its range.</exception>
    public static PortTolerances Reference(double kappa, double targetNorm, double thetaNorm, double condition, IntegrationTolerances integration)
    {
        Preconditions.Positive(kappa, nameof(kappa));
        Preconditions.NonNegative(targetNorm, nameof(targetNorm));
        Preconditions.NonNegative(thetaNorm, nameof(thetaNorm));
        Preconditions.Positive(condition, nameof(condition));
        Preconditions.NotNull(integration, nameof(integration));
        double rtol = integration.Relative, atol = integration.Absolute, rho = TrajectoryRule;
        double delta = GlobalErrorFactor * (rtol * Math.Max(1, targetNorm) + atol);
        double costFloor = kappa * delta * delta / (2 * rho) + kappa * delta * delta / 2;
        double distanceFloor = GlobalErrorFactor * (rtol * Math.Max(1, thetaNorm) + atol);
        string G(double x) => x.ToString("G4", CultureInfo.InvariantCulture);
        return new PortTolerances
        {
            Pointwise = PointwiseRule,
            Adapted = PointwiseRule * Math.Max(1, condition),
            Trajectory = rho,
            TrajectoryCostFloor = costFloor,
            TrajectoryDistanceFloor = distanceFloor,
            Derivation = "pointwise: 1e-11 covers another summation order (γₙ ≈ n·u, n ≤ a few thousand) with margin; "
                + $"adapted: 1e-11·max(1, σ₁/σ_r = {G(condition)}) for the (pseudo-)inverse; "
                + "trajectory: each sample within ρ·|e| + φ, ρ = 1e-6 (two integrators at rtol 1e-10 differ by ≲ 1e-7 relative); "
                + $"cost floor φ_C = κδ²/(2ρ) + κδ²/2 = {G(costFloor)} with δ = 100·(rtol·max(1, ‖y‖) + atol) = {G(delta)} the residual's error budget; "
                + $"distance floor φ_d = 100·(rtol·max(1, ‖θ₀‖) + atol) = {G(distanceFloor)}",
        };
    }
}
