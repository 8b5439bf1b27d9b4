using GradientFlows.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Models;

public sealed partial class DeepNetwork
{
    /// <summary>
    /// The empirical neural tangent kernel Θ = DDᵀ ∈ ℝ^{QN×QN} by the per-layer formula, without forming D:
    /// Θ = Σₗ (Δ⁽ˡ⁾Δ⁽ˡ⁾ᵀ) ⊙ (A⁽ˡ⁻¹⁾ ⊗ 1_{Q×Q}), where Δ⁽ˡ⁾ ∈ ℝ^{QN×Mₗ} are the backpropagated sensitivities and
    /// A⁽ˡ⁻¹⁾ = X⁽ˡ⁻¹⁾ᵀX⁽ˡ⁻¹⁾ + 11ᵀ ∈ ℝ^{N×N} is the Gram matrix of the layer's inputs (the 1 is the bias).
    /// </summary>
    /// <remarks>
    /// Entry ((j, q), (k, p)) of layer ℓ's term is (Δ⁽ˡ⁾ⱼΔ⁽ˡ⁾ₖᵀ)_{qp}(x⁽ˡ⁻¹⁾ⱼ·x⁽ˡ⁻¹⁾ₖ + 1): the sum over (a, b) of
    /// ∂x_{j,q}/∂(Wₗ)_{ab}·∂x_{k,p}/∂(Wₗ)_{ab} plus the bias terms. Cost Σₗ (QN)²Mₗ + N²Mₗ₋₁ instead of (QN)²K.
    /// </remarks>
    /// <exception cref="ArgumentException">θ has the wrong length or a non-finite entry.</exception>
    public Matrix<double> TangentKernel(Vector<double> theta)
    {
        var pass = Forward(theta);
        var delta = Sensitivities(pass);
        int QN = OutputCount;
        var kernel = new double[QN * QN];
        for (int l = 1; l <= Depth + 1; l++)
        {
            int width = Widths[l], inner = Widths[l - 1];
            var x = pass.Activations[l - 1];
            var A = DenseProduct.Dot(x, 0, N, inner, x, 0, N, symmetric: true);
            var rows = DenseProduct.Transpose(delta[l], QN, width);
            var S = DenseProduct.Dot(rows, 0, QN, width, rows, 0, QN, symmetric: true);
            for (int col = 0; col < QN; col++)
            {
                int k = col / Q;
                for (int row = 0; row < QN; row++)
                {
                    kernel[col * QN + row] += S[col * QN + row] * (A[k * N + row / Q] + 1.0);
                }
            }
        }
        return Matrix<double>.Build.Dense(QN, QN, kernel);
    }
}
