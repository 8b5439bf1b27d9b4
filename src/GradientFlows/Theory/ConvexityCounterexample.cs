using GradientFlows.Models;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Theory;

/// <summary>
/// The non-convexity counterexample of Gelada–Buckman §3 (spec §3.2, erratum E14): m = n = 1, k = 2, x = 1, q = 0,
/// w = (N = [0 1], M = [1 0]ᵀ), w′ = (N′ = [1 0], M′ = [0 1]ᵀ), f(w) = f(w′) = 0, and along u(s) = s·w + (1 − s)·w′
/// the loss is 2s²(1 − s)² for s ∈ [0, 1] (the source's ½s²(1 − s)² holds only outside [0, 1]).
/// </summary>
public static class ConvexityCounterexample
{
    /// <summary>The network of the counterexample (n = 1, k = 2, x = [1]).</summary>
    public static TwoLayerReluNetwork Network { get; } = new(1, 2, Vector<double>.Build.Dense([1.0]));

    /// <summary>The target q = 0.</summary>
    public static Vector<double> Target => Vector<double>.Build.Dense(1);

    /// <summary>w = (N = [0 1], M = [1 0]ᵀ).</summary>
    public static Vector<double> First => Vector<double>.Build.Dense([0.0, 1.0, 1.0, 0.0]);

    /// <summary>w′ = (N′ = [1 0], M′ = [0 1]ᵀ).</summary>
    public static Vector<double> Second => Vector<double>.Build.Dense([1.0, 0.0, 0.0, 1.0]);

    /// <summary>u(s) = s·w + (1 − s)·w′.</summary>
    public static Vector<double> Segment(double s) => s * First + (1 - s) * Second;

    /// <summary>The corrected closed form: 2s²(1 − s)² on [0, 1], ½s²(1 − s)² elsewhere.</summary>
    public static double LossAlongSegment(double s)
    {
        Preconditions.Finite(s, nameof(s));
        double p = s * (1 - s);
        return s >= 0 && s <= 1 ? 2 * p * p : 0.5 * p * p;
    }

    /// <summary>The source's formula ½s²(1 − s)² (erratum E14: wrong by a factor 4 on [0, 1]).</summary>
    public static double SourceLossAlongSegment(double s)
    {
        double p = s * (1 - s);
        return 0.5 * p * p;
    }
}
