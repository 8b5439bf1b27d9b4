namespace GradientFlows.Theory;

/// <summary>
/// Result 2.1 (exponential decay under health; Gelada–Buckman §2): if ‖∇f(w)‖² ≥ α·f(w) along the flow, then
/// l(t) ≤ l(0)·e^{−αt}.
/// </summary>
/// <remarks>Tight for f(w) = (α/4)‖w‖², where l(t) = l(0)e^{−αt} exactly.</remarks>
public static class HealthyDecayBound
{
    /// <summary>B(t) = l(0)·e^{−αt}.</summary>
    /// <param name="alpha">α &gt; 0, the health constant.</param>
    /// <param name="loss0">l(0) ≥ 0.</param>
    /// <param name="t">t ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static double At(double alpha, double loss0, double t)
    {
        Preconditions.Positive(alpha, nameof(alpha));
        Preconditions.NonNegative(loss0, nameof(loss0));
        Preconditions.NonNegative(t, nameof(t));
        return loss0 * Math.Exp(-alpha * t);
    }
}
