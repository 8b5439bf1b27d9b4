using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Models;

/// <summary>
/// The forward pass of <see cref="DeepNetwork"/> on all N inputs: activations X⁽ˡ⁾ ∈ ℝ^{Mₗ×N} (ℓ = 0, …, L; X⁽⁰⁾ the
/// inputs), slopes S⁽ˡ⁾ = σ′(Z⁽ˡ⁾) (ℓ = 1, …, L; index 0 unused) and the output X⁽ᴸ⁺¹⁾ ∈ ℝ^{Q×N}.
/// </summary>
/// <remarks>Internal scratch of one evaluation: the matrices are never handed out.</remarks>
internal sealed class DeepNetworkForwardPass(Matrix<double>[] activations, Matrix<double>[] slopes, Matrix<double> output)
{
    /// <summary>X⁽ˡ⁾, ℓ = 0, …, L.</summary>
    public Matrix<double>[] Activations { get; } = activations;

    /// <summary>S⁽ˡ⁾ = σ′(Z⁽ˡ⁾), ℓ = 1, …, L.</summary>
    public Matrix<double>[] Slopes { get; } = slopes;

    /// <summary>X⁽ᴸ⁺¹⁾ ∈ ℝ^{Q×N}; its column-major storage is the stacked output x ∈ ℝ^{QN}.</summary>
    public Matrix<double> Output { get; } = output;
}
