using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Models;

/// <summary>
/// The forward pass of <see cref="DeepNetwork"/> on all N inputs, as column-major arrays: θ, activations
/// X⁽ˡ⁾ ∈ ℝ^{Mₗ×N} (ℓ = 0, …, L; X⁽⁰⁾ the inputs), slopes S⁽ˡ⁾ = σ′(Z⁽ˡ⁾) (ℓ = 1, …, L; index 0 unused) and the
/// output X⁽ᴸ⁺¹⁾ ∈ ℝ^{Q×N}, whose column-major storage is the stacked output x ∈ ℝ^{QN}.
/// </summary>
/// <remarks>Internal scratch of one evaluation: the arrays are never handed out.</remarks>
internal sealed class DeepNetworkForwardPass(double[] theta, double[][] activations, double[][] slopes, double[] output)
{
    /// <summary>θ as an array.</summary>
    public double[] Theta { get; } = theta;

    /// <summary>X⁽ˡ⁾, ℓ = 0, …, L.</summary>
    public double[][] Activations { get; } = activations;

    /// <summary>S⁽ˡ⁾ = σ′(Z⁽ˡ⁾), ℓ = 1, …, L.</summary>
    public double[][] Slopes { get; } = slopes;

    /// <summary>x ∈ ℝ^{QN}.</summary>
    public double[] Output { get; } = output;

    /// <summary>X⁽ˡ⁾ as a matrix sharing the array.</summary>
    public Matrix<double> ActivationMatrix(int l, int rows) =>
        Matrix<double>.Build.Dense(rows, Activations[l].Length / rows, Activations[l]);
}
