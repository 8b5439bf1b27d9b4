namespace GradientFlows.Theory.LinearNetworks;

/// <summary>
/// The step-size threshold of gradient descent on the scalar N-factor problem L = ½(y − u₁⋯u_N)² (linear-networks spec
/// §7.1, GD-5, derived): at a global minimiser the only nonzero Hessian eigenvalue (the sharpness) is Σᵢ Πⱼ≠ᵢ uⱼ²,
/// at least N|y|^{2−2/N} with equality iff |uᵢ| = |y|^{1/N} (AM–GM). A GD limit is linearly stable only if its sharpness
/// is ≤ 2/η, so no global minimiser is stable when η &gt; η* := 2/(N|y|^{2−2/N}).
/// </summary>
/// <remarks>
/// The threshold is necessary, not sufficient: the spec measured one divergent start in 200 at η = 0.9 &lt; η* = 1 (y = 1,
/// N = 2). With data, replace y by ŷ = S_xy/S_xx and scale the Hessian by S_xx. CLC's own step-size condition was not
/// recovered (erratum LN-G6).
/// </remarks>
public static class ScalarFactorisationThreshold
{
    /// <summary>The sharpness Σᵢ Πⱼ≠ᵢ uⱼ² of L at a point with u₁⋯u_N = y (the nonzero Hessian eigenvalue there).</summary>
    /// <exception cref="ArgumentException">No factors, or a factor is not finite.</exception>
    public static double SharpnessAtMinimiser(IReadOnlyList<double> factors)
    {
        Preconditions.NotNull(factors, nameof(factors));
        Preconditions.AtLeast(factors.Count, 1, $"{nameof(factors)}.Count");
        double sum = 0;
        for (int i = 0; i < factors.Count; i++)
        {
            double product = 1;
            for (int j = 0; j < factors.Count; j++)
            {
                if (j != i)
                {
                    double uj = Preconditions.Finite(factors[j], $"{nameof(factors)}[{j}]");
                    product *= uj * uj;
                }
            }
            sum += product;
        }
        return sum;
    }

    /// <summary>The least sharpness over the minimisers, N|y|^{2−2/N}.</summary>
    /// <exception cref="ArgumentException">N is below 1 or y is not finite.</exception>
    public static double MinimumSharpness(int factors, double y)
    {
        Preconditions.AtLeast(factors, 1, nameof(factors));
        return factors * Math.Pow(Math.Abs(Preconditions.Finite(y, nameof(y))), 2 - 2.0 / factors);
    }

    /// <summary>η* = 2/(N|y|^{2−2/N}): above it no global minimiser is a stable GD fixed point.</summary>
    /// <exception cref="ArgumentException">N is below 1, or y is zero or not finite.</exception>
    public static double CriticalStepSize(int factors, double y)
    {
        if (y == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(y), y, "y = 0; expected y ≠ 0 (every step size is stable at y = 0).");
        }
        return 2 / MinimumSharpness(factors, y);
    }
}
