using System.Collections.Immutable;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Flows;

/// <summary>A finished run of <see cref="GradientDescent"/>: step size, iterates w₀ … w_T and their records.</summary>
public sealed class GradientDescentRun
{
    internal GradientDescentRun(double eta, ImmutableArray<Vector<double>> iterates, ImmutableArray<GradientDescentStep> steps)
    {
        Eta = eta;
        Iterates = iterates;
        Steps = steps;
    }

    /// <summary>η.</summary>
    public double Eta { get; }

    /// <summary>w₀ … w_T (do not mutate).</summary>
    public ImmutableArray<Vector<double>> Iterates { get; }

    /// <summary>Records of w₀ … w_T.</summary>
    public ImmutableArray<GradientDescentStep> Steps { get; }

    /// <summary>
    /// The realised efficiency θ_j = (f_j − f_{j+1})/(η‖g_j‖²) of step j (spec §4, Armijo route), or null where g_j = 0.
    /// </summary>
    public double? Efficiency(int j)
    {
        var s = Steps[j];
        return s.GradientNormSquared > 0 ? (s.Loss - Steps[j + 1].Loss) / (Eta * s.GradientNormSquared) : null;
    }

    /// <summary>
    /// θ = min θ_j over the steps j &lt; T with f_j &gt; <paramref name="resolvedFraction"/>·f₀ (below that, f_j − f_{j+1} is
    /// rounding noise; spec §4 numerical check 2), or null if no step qualifies.
    /// </summary>
    public double? MinimumEfficiency(double resolvedFraction)
    {
        double f0 = Steps[0].Loss;
        double? min = null;
        for (int j = 0; j + 1 < Steps.Length; j++)
        {
            if (Steps[j].Loss > resolvedFraction * f0 && Efficiency(j) is double e)
            {
                min = min is null ? e : Math.Min(min.Value, e);
            }
        }
        return min;
    }
}
