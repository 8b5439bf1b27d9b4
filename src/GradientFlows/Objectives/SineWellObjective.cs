using GradientFlows.Differentiation;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Objectives;

/// <summary>
/// The non-convex one-dimensional loss f(x) = x² + 3 sin²x, the standard example of a Polyak–Łojasiewicz function that
/// is not convex (Karimi, Nutini, Schmidt 2016; Gelada–Buckman spec §2 Result 2.1 (c) and §4).
/// </summary>
/// <remarks>
/// f′(x) = 2x + 3 sin 2x, f″(x) = 2 + 6 cos 2x ∈ [−4, 8], so ℒ = 8. Health holds with the proved constant α = 1/16
/// (μ = 1/32); the sharp constant min f′²/f ≈ 0.351062 is attained near x ≈ 2.20171.
/// </remarks>
public sealed class SineWellObjective : IObjective
{
    /// <summary>The proved health constant α = 1/16 (PL with μ = 1/32).</summary>
    public const double ProvedHealthConstant = 1.0 / 16.0;

    /// <summary>The smoothness constant ℒ = max |f″| = 8.</summary>
    public const double SmoothnessConstant = 8.0;

    /// <inheritdoc />
    public int Dimension => 1;

    /// <inheritdoc />
    public double Value(Vector<double> w)
    {
        double x = Check(w);
        double s = Math.Sin(x);
        return x * x + 3 * s * s;
    }

    /// <inheritdoc />
    public Vector<double> Gradient(Vector<double> w)
    {
        double x = Check(w);
        return Vector<double>.Build.Dense(1, 2 * x + 3 * Math.Sin(2 * x));
    }

    /// <inheritdoc />
    public Dual Value(ReadOnlySpan<Dual> w)
    {
        if (w.Length != 1)
        {
            throw new ArgumentException($"w has {w.Length} entries; expected 1.", nameof(w));
        }
        return Dual.Square(w[0]) + 3.0 * Dual.Square(Dual.Sin(w[0]));
    }

    private static double Check(Vector<double> w) => Preconditions.FiniteVector(w, 1, nameof(w), "a point of ℝ")[0];
}
