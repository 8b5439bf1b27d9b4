using GradientFlows.Integration;

namespace GradientFlows.Theory.LinearNetworks;

/// <summary>
/// The Saxe–McClelland–Ganguli mode strengths of a deep linear network from decoupled, balanced initial conditions
/// (linear-networks spec §7.2): with whitened inputs (Σ_XX = I), Σ_YX = Σ_α s_α u_α v_αᵀ and N = H + 1 factors, the
/// end-to-end matrix stays W(t) = Σ_α u_α(t) u_α v_αᵀ and each strength obeys u̇ = N u^{2−2/N}(s − u).
/// </summary>
/// <remarks>
/// Saxe, McClelland, Ganguli, arXiv 1312.6120, with τ = 1 for the spec's ½-loss and flow Ẇ = −∇L. For N = 2 the solution
/// is u(t) = s e^{2st}/(e^{2st} − 1 + s/u₀), evaluated here as s/(1 + (s/u₀ − 1)e^{−2st}) so that it does not overflow;
/// for N ≥ 3 the oracle is the scalar ODE integrated to rtol 10⁻¹² (the spec advises against quadrature near u → s).
/// </remarks>
public static class SaxeModeStrength
{
    /// <summary>Tolerances of the scalar oracle for N ≥ 3: rtol 10⁻¹², atol 10⁻¹⁵ (spec §7.2).</summary>
    public static IntegrationTolerances OracleTolerances { get; } = new(1e-12, 1e-15);

    /// <summary>The mode velocity u̇ = N u^{2−2/N}(s − u) (spec §7.2, deep version).</summary>
    /// <param name="factors">N ≥ 1.</param>
    /// <param name="s">The singular value s ≥ 0 of Σ_YX.</param>
    /// <param name="u">The strength u ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">N is below 1, or s or u is negative or not finite.</exception>
    public static double Velocity(int factors, double s, double u)
    {
        Preconditions.AtLeast(factors, 1, nameof(factors));
        Preconditions.NonNegative(s, nameof(s));
        Preconditions.NonNegative(u, nameof(u));
        return factors * Math.Pow(u, 2 - 2.0 / factors) * (s - u);
    }

    /// <summary>
    /// The closed form for N = 2 (H = 1): u(t) = s e^{2st}/(e^{2st} − 1 + s/u₀) (spec §7.2), for s &gt; 0 and u₀ &gt; 0.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">s or u₀ is not positive, or t is negative.</exception>
    public static double TwoFactor(double s, double u0, double t)
    {
        Preconditions.Positive(s, nameof(s));
        Preconditions.Positive(u0, nameof(u0));
        Preconditions.NonNegative(t, nameof(t));
        return s / (1 + (s / u0 - 1) * Math.Exp(-2 * s * t));
    }

    /// <summary>
    /// The time for a depth-2 mode to grow from u₀ to u_f: t = (1/(2s))·ln[u_f(s − u₀)/(u₀(s − u_f))] (spec §7.2).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not 0 &lt; u₀, u_f &lt; s.</exception>
    public static double TwoFactorTimeToReach(double s, double u0, double uf)
    {
        Preconditions.Positive(s, nameof(s));
        if (!(u0 > 0 && u0 < s))
        {
            throw new ArgumentOutOfRangeException(nameof(u0), u0, $"u0 = {u0:R}; expected 0 < u0 < s = {s:R}.");
        }
        if (!(uf > 0 && uf < s))
        {
            throw new ArgumentOutOfRangeException(nameof(uf), uf, $"uf = {uf:R}; expected 0 < uf < s = {s:R}.");
        }
        return Math.Log(uf * (s - u0) / (u0 * (s - uf))) / (2 * s);
    }

    /// <summary>
    /// The asymptotic rate of a mode at its limit: linearising u̇ = N u^{2−2/N}(s − u) at u = s gives
    /// d/dt(s − u) = −N s^{2−2/N}(s − u), so s − u(t) decays like e^{−N s^{2−2/N} t} (for N = 2, 2s: the closed form's
    /// s − u = s(s/u₀ − 1)/(e^{2st} − 1 + s/u₀)). The loss gap ½Σ_α(s_α − u_α)² then decays at twice the smallest mode
    /// rate, 2N s_k^{2−2/N}, with s_k the smallest active singular value (spec §7.2, §7.5 "local rate at the limit").
    /// </summary>
    /// <param name="factors">N ≥ 1.</param>
    /// <param name="s">s &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">N is below 1 or s is not positive.</exception>
    public static double AsymptoticRate(int factors, double s)
    {
        Preconditions.AtLeast(factors, 1, nameof(factors));
        Preconditions.Positive(s, nameof(s));
        return factors * Math.Pow(s, 2 - 2.0 / factors);
    }

    /// <summary>
    /// u(t) at the given times for N factors: the closed form when N = 2, otherwise the scalar ODE integrated with
    /// Dormand–Prince at <see cref="OracleTolerances"/>.
    /// </summary>
    /// <param name="factors">N ≥ 1.</param>
    /// <param name="s">s ≥ 0.</param>
    /// <param name="u0">u₀ ≥ 0 (u₀ = 0 stays 0).</param>
    /// <param name="times">Ascending times ≥ 0.</param>
    /// <exception cref="ArgumentException">A parameter is out of range or the times are not ascending.</exception>
    /// <exception cref="IntegrationFailedException">The scalar ODE could not be integrated.</exception>
    public static double[] Curve(int factors, double s, double u0, IReadOnlyList<double> times)
    {
        Preconditions.AtLeast(factors, 1, nameof(factors));
        Preconditions.NonNegative(s, nameof(s));
        Preconditions.NonNegative(u0, nameof(u0));
        Preconditions.NotNull(times, nameof(times));
        if (u0 == 0)
        {
            return new double[times.Count];
        }
        if (factors == 2 && s > 0)
        {
            return [.. times.Select(t => TwoFactor(s, u0, t))];
        }
        double tEnd = times.Count == 0 ? 0 : times[^1];
        var result = EmbeddedRungeKutta.DormandPrince.Solve(
            (_, y, dy) => dy[0] = Velocity(factors, s, Math.Max(y[0], 0)),
            0.0, [u0], tEnd, OracleTolerances, times.ToArray());
        if (result.Status != IntegrationStatus.Finished)
        {
            throw new IntegrationFailedException(result, $"Saxe mode ODE u̇ = {factors}u^(2−2/{factors})(s − u), s = {s:R}");
        }
        return [.. result.Samples.Select(z => z[0])];
    }
}
