using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Theory;

/// <summary>
/// The comparison model of Chen (arXiv 2311.15487, §1.3): the Euclidean gradient flow x′ = −∇ₓC = −κ(x − y) in output
/// space (1.11), with the explicit solution x(s) = y + e^{−κs}(x(0) − y) (1.13) and C(s) = e^{−2κs}C(0) (1.14); κ = 1/N
/// for the paper. By Theorem 2.1 the outputs of the adapted flow follow it exactly.
/// </summary>
public static class ComparisonModel
{
    /// <summary>x(s) = y + e^{−κs}(x₀ − y) (1.13), (2.7).</summary>
    /// <param name="outputs0">x₀ ∈ ℝ^{QN}.</param>
    /// <param name="targets">y ∈ ℝ^{QN}, same length.</param>
    /// <param name="kappa">κ &gt; 0.</param>
    /// <param name="s">s ≥ 0.</param>
    /// <exception cref="ArgumentException">The lengths differ, or κ or s is out of range.</exception>
    public static Vector<double> Outputs(Vector<double> outputs0, Vector<double> targets, double kappa, double s)
    {
        Preconditions.NotNull(outputs0, nameof(outputs0));
        Preconditions.FiniteVector(targets, outputs0.Count, nameof(targets), "y ∈ ℝ^{QN}, as long as x₀");
        Preconditions.Positive(kappa, nameof(kappa));
        Preconditions.NonNegative(s, nameof(s));
        return targets + Math.Exp(-kappa * s) * (outputs0 - targets);
    }

    /// <summary>C(s) = e^{−2κs}C(0) (1.14), (2.6).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static double Cost(double cost0, double kappa, double s)
    {
        Preconditions.NonNegative(cost0, nameof(cost0));
        Preconditions.Positive(kappa, nameof(kappa));
        Preconditions.NonNegative(s, nameof(s));
        return cost0 * Math.Exp(-2 * kappa * s);
    }
}
