namespace GradientFlows.Theory;

/// <summary>
/// Discrete-time counterparts of Results 1.2–2.2 for gradient descent with step η (spec §4).
/// </summary>
/// <remarks>
/// If ∇f is ℒ-Lipschitz: f_j − η(1 + ℒη/2)‖g_j‖² ≤ f_{j+1} ≤ f_j − η(1 − ℒη/2)‖g_j‖² (the D-lemma). θ below is either
/// 1 − ℒη/2 with 0 &lt; η &lt; 2/ℒ, or the realised Armijo efficiency when positive.
/// </remarks>
public static class DescentLemma
{
    /// <summary>The guaranteed efficiency θ = 1 − ℒη/2 of an ℒ-smooth loss.</summary>
    public static double SmoothEfficiency(double smoothness, double eta) =>
        1 - Preconditions.Positive(smoothness, nameof(smoothness)) * Preconditions.Positive(eta, nameof(eta)) / 2;

    /// <summary>Upper side of the D-lemma: f_j − η(1 − ℒη/2)‖g_j‖².</summary>
    public static double UpperBound(double loss, double gradientNormSquared, double smoothness, double eta) =>
        loss - eta * SmoothEfficiency(smoothness, eta) * gradientNormSquared;

    /// <summary>Lower side of the D-lemma: f_j − η(1 + ℒη/2)‖g_j‖².</summary>
    public static double LowerBound(double loss, double gradientNormSquared, double smoothness, double eta) =>
        loss - eta * (1 + smoothness * eta / 2) * gradientNormSquared;

    /// <summary>D2.1: the per-step contraction factor 1 − αθη under health with constant α.</summary>
    public static double HealthyContraction(double alpha, double efficiency, double eta) =>
        1 - Preconditions.Positive(alpha, nameof(alpha)) * efficiency * Preconditions.Positive(eta, nameof(eta));

    /// <summary>
    /// D2.2: ln f₀ − θ·h(Tη) with h(t) = αt − (2/3)β√(f₀/θ)·t^{3/2}, the discrete relaxed-health bound on ln f_T, using
    /// the best T′ ≤ T (f is non-increasing). Requires θ &gt; 0 and f₀ &gt; 0.
    /// </summary>
    public static double RelaxedHealthLogBound(double alpha, double beta, double loss0, double efficiency, double eta, int steps)
    {
        Preconditions.Positive(alpha, nameof(alpha));
        Preconditions.Positive(beta, nameof(beta));
        Preconditions.Positive(loss0, nameof(loss0));
        Preconditions.Positive(efficiency, nameof(efficiency));
        Preconditions.Positive(eta, nameof(eta));
        Preconditions.AtLeast(steps, 0, nameof(steps));
        double c = 2.0 / 3.0 * beta * Math.Sqrt(loss0 / efficiency);
        double tStar = efficiency * alpha * alpha / (beta * beta * loss0);
        double best = 0;
        // h is concave with maximiser t*_θ: the best T′ ≤ T is one of the two grid points around min(Tη, t*_θ).
        int around = (int)Math.Min(steps, Math.Floor(tStar / eta));
        foreach (int tPrime in new[] { around, Math.Min(around + 1, steps) })
        {
            double t = tPrime * eta;
            best = Math.Max(best, alpha * t - c * Math.Pow(t, 1.5));
        }
        return Math.Log(loss0) - efficiency * best;
    }
}
