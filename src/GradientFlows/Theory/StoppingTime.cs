namespace GradientFlows.Theory;

/// <summary>
/// The a-priori stopping time of the adapted flow (Chen, arXiv 2311.15487, Theorem 2.3, (2.17)–(2.18), (2.21)):
/// T_ε = inf{s ≥ 0 : C(s) ≤ ε} = (1/2κ)·ln(C₀/ε) = (N/2)·ln(C₀/ε) for 0 &lt; ε ≤ C₀, and T_ε = 0 for ε ≥ C₀ (spec A5).
/// It depends on the orbit only through C₀.
/// </summary>
/// <remarks>
/// The observed first crossing of C(s) = ε on an integrated orbit is an event of the flow,
/// <see cref="Flows.FlowEvent.CostReaches"/>, located on the dense output of the step in which C crosses ε.
/// </remarks>
public static class StoppingTime
{
    /// <summary>T_ε.</summary>
    /// <param name="cost0">C₀ = C(0) ≥ 0.</param>
    /// <param name="epsilon">ε &gt; 0.</param>
    /// <param name="kappa">κ &gt; 0 (1/N for the paper).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static double Of(double cost0, double epsilon, double kappa)
    {
        Preconditions.NonNegative(cost0, nameof(cost0));
        Preconditions.Positive(epsilon, nameof(epsilon));
        Preconditions.Positive(kappa, nameof(kappa));
        return epsilon >= cost0 ? 0.0 : Math.Log(cost0 / epsilon) / (2 * kappa);
    }
}
