using GradientFlows.Differentiation;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Objectives;

/// <summary>
/// The scalar two-layer linear model f(u, v) = ½(uv − q)², w = (u, v) (Gelada–Buckman spec, Supplement S2).
/// </summary>
/// <remarks>
/// ‖∇f‖² = (uv − q)²(u² + v²) = 2f‖w‖², and ‖w‖ ≥ ‖w₀‖ − ‖w − w₀‖ gives relaxed health with α = 2‖w₀‖², β = 4‖w₀‖.
/// </remarks>
public sealed class ScalarTwoFactorObjective : IObjective
{
    /// <summary>Creates the loss with target q.</summary>
    /// <exception cref="ArgumentException"><paramref name="q"/> is not finite.</exception>
    public ScalarTwoFactorObjective(double q) => Target = Preconditions.Finite(q, nameof(q));

    /// <summary>The target q.</summary>
    public double Target { get; }

    /// <inheritdoc />
    public int Dimension => 2;

    /// <summary>Relaxed-health constants (α, β) = (2‖w₀‖², 4‖w₀‖) for the flow from <paramref name="w0"/> (Supplement S2).</summary>
    public static (double Alpha, double Beta) RelaxedHealthConstants(Vector<double> w0)
    {
        Preconditions.FiniteVector(w0, 2, nameof(w0), "w₀ = (u₀, v₀)");
        double norm = w0.L2Norm();
        return (2 * norm * norm, 4 * norm);
    }

    /// <inheritdoc />
    public double Value(Vector<double> w)
    {
        Preconditions.FiniteVector(w, 2, nameof(w), "w = (u, v)");
        double r = w[0] * w[1] - Target;
        return 0.5 * r * r;
    }

    /// <inheritdoc />
    public Vector<double> Gradient(Vector<double> w)
    {
        Preconditions.FiniteVector(w, 2, nameof(w), "w = (u, v)");
        double r = w[0] * w[1] - Target;
        return Vector<double>.Build.Dense([r * w[1], r * w[0]]);
    }

    /// <inheritdoc />
    public Dual Value(ReadOnlySpan<Dual> w)
    {
        if (w.Length != 2)
        {
            throw new ArgumentException($"w has {w.Length} entries; expected 2 (u, v).", nameof(w));
        }
        return 0.5 * Dual.Square(w[0] * w[1] - Target);
    }
}
