using GradientFlows.Differentiation;
using GradientFlows.Spaces;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Models;

/// <summary>
/// A non-network output model: the saturating exponential regression curve x(t) = b₁(1 − e^{−b₂t}) on N sample points
/// t₁, …, t_N, so x(θ) ∈ ℝᴺ (Q = 1) with θ = (b₁, b₂), K = 2. Its Jacobian has rows
/// (1 − e^{−b₂tⱼ}, b₁tⱼe^{−b₂tⱼ}). Any model given by outputs and Jacobian can be trained by the standard, adapted and
/// Gauss–Newton flows of Chen (arXiv 2311.15487); this is the project's example.
/// </summary>
/// <remarks>Blocks: <c>b1</c> then <c>b2</c>, each 1×1. D has rank 2 iff b₁ ≠ 0 and at least two distinct tⱼ ≠ 0.</remarks>
public sealed class SaturatingExponentialModel : IOutputModel
{
    private readonly Vector<double> _times;

    /// <summary>Creates the model on the sample points t.</summary>
    /// <param name="times">t ∈ ℝᴺ, finite, N ≥ 1.</param>
    /// <exception cref="ArgumentException">t is empty or has a non-finite entry.</exception>
    public SaturatingExponentialModel(Vector<double> times)
    {
        Preconditions.NotNull(times, nameof(times));
        Preconditions.AtLeast(times.Count, 1, $"{nameof(times)}.Count");
        _times = Preconditions.FiniteVector(times, times.Count, nameof(times), "the sample points t ∈ ℝᴺ").Clone();
        Layout = new ParameterLayout(("b1", 1, 1), ("b2", 1, 1));
    }

    /// <summary>The sample points t (a copy).</summary>
    public Vector<double> Times => _times.Clone();

    /// <inheritdoc />
    public ParameterLayout Layout { get; }

    /// <inheritdoc />
    public int OutputCount => _times.Count;

    /// <inheritdoc />
    public Vector<double> Outputs(Vector<double> theta)
    {
        Check(theta);
        return Vector<double>.Build.Dense(OutputCount, j => theta[0] * -FloatingPoint.ExpMinusOne(-theta[1] * _times[j]));
    }

    /// <inheritdoc />
    public Matrix<double> Jacobian(Vector<double> theta)
    {
        Check(theta);
        return Matrix<double>.Build.Dense(OutputCount, 2, (j, k) => k == 0
            ? -FloatingPoint.ExpMinusOne(-theta[1] * _times[j])
            : theta[0] * _times[j] * Math.Exp(-theta[1] * _times[j]));
    }

    /// <inheritdoc />
    public Vector<double> JacobianTransposeTimes(Vector<double> theta, Vector<double> r)
    {
        Preconditions.FiniteVector(r, OutputCount, nameof(r), "a vector in output space ℝᴺ");
        return Jacobian(theta).TransposeThisAndMultiply(r);
    }

    /// <inheritdoc />
    public Dual[] Outputs(ReadOnlySpan<Dual> theta)
    {
        if (theta.Length != 2)
        {
            throw new ArgumentException($"theta has {theta.Length} entries; expected K = 2, θ = (b₁, b₂).", nameof(theta));
        }
        var result = new Dual[OutputCount];
        for (int j = 0; j < OutputCount; j++)
        {
            result[j] = theta[0] * (1.0 - Dual.Exp(-_times[j] * theta[1]));
        }
        return result;
    }

    private Vector<double> Check(Vector<double> theta) =>
        Preconditions.FiniteVector(theta, 2, nameof(theta), "θ = (b₁, b₂)");
}
