using GradientFlows.Differentiation;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Objectives;

/// <summary>
/// A loss f: W → [0, ∞) on W = ℝᴷ with an exact gradient ∇f (Gelada–Buckman Definitions 0.5 and 1.1).
/// </summary>
/// <remarks>
/// Implementations give two independent derivatives: <see cref="Gradient"/> (usually reverse mode, by hand) and
/// <see cref="Value(ReadOnlySpan{Dual})"/> (forward mode through <see cref="Dual"/>). The proofs-as-tests compare them
/// with each other and with central finite differences.
/// </remarks>
public interface IObjective
{
    /// <summary>K = dim W.</summary>
    int Dimension { get; }

    /// <summary>f(w).</summary>
    double Value(Vector<double> w);

    /// <summary>∇f(w) ∈ W.</summary>
    Vector<double> Gradient(Vector<double> w);

    /// <summary>f evaluated on dual numbers: f(w + u·ε) = f(w) + ∂f(w)(u)·ε.</summary>
    Dual Value(ReadOnlySpan<Dual> w);
}
