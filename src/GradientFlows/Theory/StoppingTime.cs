namespace GradientFlows.Theory;

/// <summary>
/// The a-priori stopping time of the adapted flow (Chen, arXiv 2311.15487, Theorem 2.3, (2.17)–(2.18), (2.21)):
/// T_ε = inf{s ≥ 0 : C(s) ≤ ε} = (1/2κ)·ln(C₀/ε) = (N/2)·ln(C₀/ε) for 0 &lt; ε ≤ C₀, and T_ε = 0 for ε ≥ C₀ (spec A5).
/// It depends on the orbit only through C₀.
/// </summary>
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

    /// <summary>
    /// The observed first crossing inf{s ∈ [0, t_end] : C(s) ≤ ε} of a cost sampled continuously (e.g. from dense
    /// output): the first of <paramref name="gridPoints"/> uniform grid points with C ≤ ε brackets it, and bisection
    /// refines it to the resolution of s. Null if C &gt; ε on the whole grid.
    /// </summary>
    /// <param name="cost">s ↦ C(s) on [0, t_end].</param>
    /// <param name="epsilon">ε &gt; 0.</param>
    /// <param name="tEnd">t_end ≥ 0.</param>
    /// <param name="gridPoints">Grid points used to bracket the crossing, ≥ 2.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static double? FirstCrossing(Func<double, double> cost, double epsilon, double tEnd, int gridPoints = 200)
    {
        Preconditions.NotNull(cost, nameof(cost));
        Preconditions.Positive(epsilon, nameof(epsilon));
        Preconditions.NonNegative(tEnd, nameof(tEnd));
        Preconditions.AtLeast(gridPoints, 2, nameof(gridPoints));
        if (cost(0) <= epsilon)
        {
            return 0.0;
        }
        double a = 0;
        for (int i = 1; i < gridPoints; i++)
        {
            double b = i == gridPoints - 1 ? tEnd : tEnd * i / (gridPoints - 1);
            if (cost(b) <= epsilon)
            {
                for (int k = 0; k < 200 && b - a > 4 * (Math.BitIncrement(b) - b); k++)
                {
                    double mid = 0.5 * (a + b);
                    if (cost(mid) > epsilon)
                    {
                        a = mid;
                    }
                    else
                    {
                        b = mid;
                    }
                }
                return b;
            }
            a = b;
        }
        return null;
    }
}
