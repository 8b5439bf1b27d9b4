using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Models;

/// <summary>The intermediate values of <see cref="TwoLayerReluNetwork"/> at one w: a = Mx, b = σ(a), y = Nb.</summary>
/// <param name="A">Pre-activations a ∈ ℝᵏ.</param>
/// <param name="B">Activations b = σ(a) ∈ ℝᵏ.</param>
/// <param name="Y">Output y = Nb ∈ ℝⁿ.</param>
public sealed record ReluForwardPass(Vector<double> A, Vector<double> B, Vector<double> Y)
{
    /// <summary>σ′(aᵢ) with the convention σ′(0) := 0: 1 where aᵢ &gt; 0, else 0.</summary>
    public double Slope(int i) => A[i] > 0 ? 1.0 : 0.0;
}
