using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Models;

public sealed partial class DeepLinearNetwork
{
    /// <summary>
    /// Reverse mode: the forward pass Z₀ = X, Zᵢ = WᵢZᵢ₋₁ is stored, then Δ_{H+1} = R̃ (the output vector r as a d_y×m
    /// matrix), the block gradient is ΔᵢZᵢ₋₁ᵀ and Δᵢ₋₁ = WᵢᵀΔᵢ. For r = WX − Y this is ∇_{Wᵢ}L = −Aᵢᵀ(Y − WX)XᵀBᵢᵀ
    /// (spec §1, "Gradient (exact)").
    /// </summary>
    /// <exception cref="ArgumentException">θ or r has the wrong length or a non-finite entry.</exception>
    public Vector<double> JacobianTransposeTimes(Vector<double> theta, Vector<double> r)
    {
        var weights = Weights(theta);
        Preconditions.FiniteVector(r, OutputCount, nameof(r), "a vector in output space ℝ^{d_y·m}");
        var z = new Matrix<double>[Factors + 1];
        z[0] = _x;
        for (int i = 1; i <= Factors; i++)
        {
            z[i] = weights[i - 1] * z[i - 1];
        }
        var blocks = new Matrix<double>[Factors];
        var delta = Unstack(r);
        for (int i = Factors; i >= 1; i--)
        {
            blocks[i - 1] = delta.TransposeAndMultiply(z[i - 1]);
            if (i > 1)
            {
                delta = weights[i - 1].TransposeThisAndMultiply(delta);
            }
        }
        return Layout.Assemble(blocks);
    }

    /// <summary>
    /// D[θ] = ∂(WX)/∂θ ∈ ℝ^{d_y·m × K}: ∂(WX)_{a,j}/∂(Wᵢ)_{p,q} = (Aᵢ)_{a,p}(BᵢX)_{q,j}.
    /// </summary>
    /// <exception cref="ArgumentException">θ has the wrong length or a non-finite entry.</exception>
    public Matrix<double> Jacobian(Vector<double> theta)
    {
        var weights = Weights(theta);
        int m = SampleCount;
        var D = Matrix<double>.Build.Dense(OutputCount, Layout.Dimension);
        for (int i = 1; i <= Factors; i++)
        {
            var A = Above(weights, i);
            var BX = Below(weights, i) * _x;
            var block = Layout[BlockName(i)];
            for (int p = 0; p < block.Rows; p++)
            {
                for (int q = 0; q < block.Columns; q++)
                {
                    int column = block.IndexOf(p, q);
                    for (int a = 0; a < OutputWidth; a++)
                    {
                        for (int j = 0; j < m; j++)
                        {
                            D[a * m + j, column] = A[a, p] * BX[q, j];
                        }
                    }
                }
            }
        }
        return D;
    }
}
