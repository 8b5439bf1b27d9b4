namespace GradientFlows.Theory;

/// <summary>
/// Result 2.2 (relaxed health ⇒ guaranteed loss reduction; Gelada–Buckman §2, corrected by errata E3, E4): if
/// ‖∇f(w)‖² ≥ (α − β‖w − w₀‖)·f(w) for all w, then with t* = α²/(β²l(0)) and φ(t) = −αt + (2/3)β√l(0)·t^{3/2},
/// l(t) ≤ l(0)·exp(φ(min(t, t*))) for every t ≥ 0, and l(∞) ≤ l(t*) ≤ l(0)·exp(−α³/(3β²l(0))).
/// </summary>
/// <remarks>
/// t* solves φ′(t) = −α + β√(l(0)t) = 0 (the source writes φ(t) = 0 but states the right t*, erratum E3).
/// </remarks>
public sealed record RelaxedHealthBound
{
    /// <summary>Creates the bound for constants α, β and initial loss l(0).</summary>
    /// <param name="alpha">α &gt; 0.</param>
    /// <param name="beta">β &gt; 0.</param>
    /// <param name="loss0">l(0) ≥ 0 (if 0 the bound is identically 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public RelaxedHealthBound(double alpha, double beta, double loss0)
    {
        Alpha = Preconditions.Positive(alpha, nameof(alpha));
        Beta = Preconditions.Positive(beta, nameof(beta));
        Loss0 = Preconditions.NonNegative(loss0, nameof(loss0));
    }

    /// <summary>α.</summary>
    public double Alpha { get; }

    /// <summary>β.</summary>
    public double Beta { get; }

    /// <summary>l(0).</summary>
    public double Loss0 { get; }

    /// <summary>t* = α²/(β²l(0)), the minimiser of φ (+∞ if l(0) = 0).</summary>
    public double CriticalTime => Loss0 > 0 ? Alpha * Alpha / (Beta * Beta * Loss0) : double.PositiveInfinity;

    /// <summary>φ(t) = −αt + (2/3)β√l(0)·t^{3/2}, the log of the bound relative to l(0).</summary>
    public double Exponent(double t)
    {
        Preconditions.NonNegative(t, nameof(t));
        return -Alpha * t + 2.0 / 3.0 * Beta * Math.Sqrt(Loss0) * Math.Pow(t, 1.5);
    }

    /// <summary>ln of the bound, ln l(0) + φ(min(t, t*)); −∞ if l(0) = 0.</summary>
    public double LogAt(double t)
    {
        Preconditions.NonNegative(t, nameof(t));
        return Loss0 > 0 ? Math.Log(Loss0) + Exponent(Math.Min(t, CriticalTime)) : double.NegativeInfinity;
    }

    /// <summary>B(t) = l(0)·exp(φ(min(t, t*))).</summary>
    public double At(double t) => Loss0 > 0 ? Math.Exp(LogAt(t)) : 0.0;

    /// <summary>φ(t*) = −α³/(3β²l(0)).</summary>
    public double FinalExponent => Loss0 > 0 ? -Math.Pow(Alpha, 3) / (3 * Beta * Beta * Loss0) : double.NegativeInfinity;

    /// <summary>The bound on l(∞): l(0)·exp(−α³/(3β²l(0))).</summary>
    public double Final => Loss0 > 0 ? Loss0 * Math.Exp(FinalExponent) : 0.0;
}
