using GradientFlows.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Models;

public sealed partial class DeepNetwork
{
    /// <summary>
    /// The backpropagated sensitivities Δ⁽ˡ⁾ ∈ ℝ^{QN×Mₗ} (column-major arrays), ℓ = 1, …, L + 1 (index 0 unused): row
    /// (j, q) of Δ⁽ˡ⁾ is row q of Δ⁽ˡ⁾ⱼ = ∂xⱼ/∂z⁽ˡ⁾ⱼ, with Δ⁽ᴸ⁺¹⁾ⱼ = I_Q and
    /// Δ⁽ˡ⁾ⱼ = Δ⁽ˡ⁺¹⁾ⱼW_{ℓ+1}diag(σ′(z⁽ˡ⁾ⱼ)) (spec §1, backward recursion).
    /// </summary>
    /// <remarks>Then ∂xⱼ/∂bₗ = Δ⁽ˡ⁾ⱼ and ∂x_{j,q}/∂(Wₗ)_{ab} = (Δ⁽ˡ⁾ⱼ)_{qa}·x⁽ˡ⁻¹⁾_{j,b}.</remarks>
    internal double[][] Sensitivities(DeepNetworkForwardPass pass)
    {
        int L = Depth, QN = OutputCount;
        var t = pass.Theta;
        var delta = new double[L + 2][];
        delta[L + 1] = new double[QN * Q];
        for (int row = 0; row < QN; row++)
        {
            delta[L + 1][(row % Q) * QN + row] = 1.0;
        }
        for (int l = L; l >= 1; l--)
        {
            int width = Widths[l], widthAbove = Widths[l + 1];
            // Δ⁽ˡ⁺¹⁾W_{ℓ+1}: B[p, a] = (W_{ℓ+1})_{pa} = θ[offset + p·Mₗ + a] (row-major).
            var d = DenseProduct.Axpy(delta[l + 1], 0, QN, widthAbove, t, Layout[$"W{l + 1}"].Offset, width, 1, width);
            var s = pass.Slopes[l];
            for (int a = 0; a < width; a++)
            {
                for (int row = 0; row < QN; row++)
                {
                    d[a * QN + row] *= s[(row / Q) * width + a];
                }
            }
            delta[l] = d;
        }
        return delta;
    }

    /// <summary>
    /// D[θ] = ∂x/∂θ ∈ ℝ^{QN×K} (eq. (1.20)), formed explicitly from the sensitivities; columns in the order of
    /// <see cref="IOutputModel.Layout"/> (W₁ row-major, b₁, …, W_{L+1}, b_{L+1}).
    /// </summary>
    /// <exception cref="ArgumentException">θ has the wrong length or a non-finite entry.</exception>
    public Matrix<double> Jacobian(Vector<double> theta)
    {
        var pass = Forward(theta);
        var delta = Sensitivities(pass);
        int QN = OutputCount;
        var storage = new double[QN * Layout.Dimension];
        for (int l = 1; l <= Depth + 1; l++)
        {
            int width = Widths[l], inner = Widths[l - 1];
            int weightOffset = Layout[$"W{l}"].Offset, biasOffset = Layout[$"b{l}"].Offset;
            var x = pass.Activations[l - 1];
            var d = delta[l];
            for (int a = 0; a < width; a++)
            {
                Array.Copy(d, a * QN, storage, (biasOffset + a) * QN, QN);
                for (int b = 0; b < inner; b++)
                {
                    int column = (weightOffset + a * inner + b) * QN;
                    for (int row = 0; row < QN; row++)
                    {
                        storage[column + row] = d[a * QN + row] * x[(row / Q) * inner + b];
                    }
                }
            }
        }
        return Matrix<double>.Build.Dense(QN, Layout.Dimension, storage);
    }

    /// <summary>
    /// Dᵀ[θ]r ∈ ℝᴷ for r ∈ ℝ^{QN}, by one backward pass without forming D: with G⁽ᴸ⁺¹⁾ ∈ ℝ^{Q×N} the columns rⱼ,
    /// the blocks are ∂/∂Wₗ = G⁽ˡ⁾X⁽ˡ⁻¹⁾ᵀ and ∂/∂bₗ = G⁽ˡ⁾1, and G⁽ˡ⁻¹⁾ = (WₗᵀG⁽ˡ⁾) ⊙ S⁽ˡ⁻¹⁾.
    /// </summary>
    /// <exception cref="ArgumentException">θ or r has the wrong length or a non-finite entry.</exception>
    public Vector<double> JacobianTransposeTimes(Vector<double> theta, Vector<double> r)
    {
        Preconditions.FiniteVector(r, OutputCount, nameof(r), "a vector in output space ℝ^{QN}");
        var pass = Forward(theta);
        var t = pass.Theta;
        var result = new double[Layout.Dimension];
        var G = r.ToArray();
        for (int l = Depth + 1; l >= 1; l--)
        {
            int width = Widths[l], inner = Widths[l - 1];
            int weightOffset = Layout[$"W{l}"].Offset, biasOffset = Layout[$"b{l}"].Offset;
            // (G Xᵀ)ᵀ = X Gᵀ: column a of the product (length Mₗ₋₁) is row a of ∂/∂Wₗ, stored row-major.
            var gradW = DenseProduct.Axpy(pass.Activations[l - 1], 0, inner, N, G, 0, width, 1, width);
            Array.Copy(gradW, 0, result, weightOffset, gradW.Length);
            for (int j = 0; j < N; j++)
            {
                for (int a = 0; a < width; a++)
                {
                    result[biasOffset + a] += G[j * width + a];
                }
            }
            if (l > 1)
            {
                // WₗᵀG: Wₗᵀ ∈ ℝ^{Mₗ₋₁×Mₗ} column-major is the row-major Wₗ.
                G = DenseProduct.Axpy(t, weightOffset, inner, width, G, 0, 1, width, N);
                var s = pass.Slopes[l - 1];
                for (int i = 0; i < G.Length; i++)
                {
                    G[i] *= s[i];
                }
            }
        }
        return Vector<double>.Build.Dense(result);
    }
}
