namespace GradientFlows.Theory.LinearNetworks;

/// <summary>
/// The exact oracle of the scalar two-factor gradient flow (linear-networks spec §7.5, derived and checked there):
/// L(u, v) = ½(y − uv)², u̇ = v(y − uv), v̇ = u(y − uv). The imbalance c = u² − v² is conserved, the product p = uv obeys
/// ṗ = √(c² + 4p²)(y − p), and t = Φ(p(t)) − Φ(p₀) with Φ(p) = (1/s)·ln|(c² + 4yp + s·r(p))/(y − p)|, s = √(c² + 4y²),
/// r(p) = √(c² + 4p²). Unlike SMG's balanced curves it covers unbalanced starts (erratum LN-G9).
/// </summary>
/// <remarks>
/// When c² + 4yp &lt; 0 the numerator cancels; it is evaluated as 4c²(y − p)²/(s·r(p) − c² − 4yp), the same number
/// (the difference of squares (sr)² − (c² + 4yp)² = 4c²(y − p)²). Excluded: c = 0 with yp₀ &lt; 0 (the anti-balanced
/// exceptional line, which converges to the saddle 0) and p₀ = y (a fixed point).
/// </remarks>
public sealed class ScalarTwoFactorFlow
{
    /// <summary>Creates the oracle for the start (u₀, v₀) and target y.</summary>
    /// <exception cref="ArgumentException">A value is not finite, p₀ = y, or c = 0 with yp₀ ≤ 0.</exception>
    public ScalarTwoFactorFlow(double y, double u0, double v0)
    {
        Y = Preconditions.Finite(y, nameof(y));
        U0 = Preconditions.Finite(u0, nameof(u0));
        V0 = Preconditions.Finite(v0, nameof(v0));
        Imbalance = u0 * u0 - v0 * v0;
        P0 = u0 * v0;
        if (P0 == y)
        {
            throw new ArgumentException($"u0·v0 = y = {y:R}: a fixed point; expected p₀ ≠ y.", nameof(v0));
        }
        if (Imbalance == 0 && y * P0 <= 0)
        {
            throw new ArgumentException(
                $"c = 0 and y·p₀ = {y * P0:R} ≤ 0: the exceptional (anti-)balanced line; expected c ≠ 0 or y·p₀ > 0.", nameof(v0));
        }
        S = Math.Sqrt(Imbalance * Imbalance + 4 * y * y);
    }

    /// <summary>y.</summary>
    public double Y { get; }

    /// <summary>u₀.</summary>
    public double U0 { get; }

    /// <summary>v₀.</summary>
    public double V0 { get; }

    /// <summary>c = u₀² − v₀², conserved.</summary>
    public double Imbalance { get; }

    /// <summary>p₀ = u₀v₀.</summary>
    public double P0 { get; }

    /// <summary>s = √(c² + 4y²), the limit's Hessian eigenvalue u∞² + v∞² (the local rate).</summary>
    public double S { get; }

    /// <summary>ṗ = √(c² + 4p²)(y − p).</summary>
    public double ProductVelocity(double p) => Math.Sqrt(Imbalance * Imbalance + 4 * p * p) * (Y - p);

    /// <summary>Φ(p) = (1/s)·ln|(c² + 4yp + s·r(p))/(y − p)| (stable form when c² + 4yp &lt; 0), for p ≠ y.</summary>
    public double Phi(double p)
    {
        double c2 = Imbalance * Imbalance;
        double r = Math.Sqrt(c2 + 4 * p * p);
        double a = c2 + 4 * Y * p;
        double numerator = a >= 0 ? a + S * r : 4 * c2 * (Y - p) * (Y - p) / (S * r - a);
        return Math.Log(Math.Abs(numerator / (Y - p))) / S;
    }

    /// <summary>p(t) for t ≥ 0, by bisection of Φ(p) − Φ(p₀) = t between p₀ and y (Φ is monotone there).</summary>
    /// <exception cref="ArgumentOutOfRangeException">t is negative or not finite.</exception>
    public double Product(double t)
    {
        Preconditions.NonNegative(t, nameof(t));
        double phi0 = Phi(P0);
        double lo = P0, hi = Y;
        for (int i = 0; i < 200; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (mid == lo || mid == hi)
            {
                break;
            }
            if (Math.Abs(Phi(mid) - phi0) < t)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /// <summary>
    /// (u, v) from p: u² = (c + r(p))/2, v² = (r(p) − c)/2; for c &gt; 0 sign u = sign u₀ and sign v = sign p·sign u, for
    /// c &lt; 0 sign v = sign v₀ and sign u = sign p·sign v, for c = 0 both keep their signs (spec §7.5).
    /// </summary>
    public (double U, double V) Factors(double p)
    {
        double r = Math.Sqrt(Imbalance * Imbalance + 4 * p * p);
        double u = Math.Sqrt(Math.Max(Imbalance + r, 0) / 2), v = Math.Sqrt(Math.Max(r - Imbalance, 0) / 2);
        if (Imbalance > 0)
        {
            u *= Math.Sign(U0);
            v *= Math.Sign(p) * Math.Sign(U0);
        }
        else if (Imbalance < 0)
        {
            v *= Math.Sign(V0);
            u *= Math.Sign(p) * Math.Sign(V0);
        }
        else
        {
            u *= Math.Sign(U0);
            v *= Math.Sign(V0);
        }
        return (u, v);
    }
}
