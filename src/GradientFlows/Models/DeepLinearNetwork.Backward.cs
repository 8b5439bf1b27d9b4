using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Models;

public sealed partial class DeepLinearNetwork
{
    /// <summary>
    /// Reverse mode: the forward pass Z₀ = X, Zᵢ = WᵢZᵢ₋₁ is stored, then Δ_{H+1} = R̃ (the output vector r as a d_y×m
    /// matrix), the block gradient is ΔᵢZᵢ₋₁ᵀ and Δᵢ₋₁ = WᵢᵀΔᵢ (plain loops on row-major arrays: this is the hot path of
    /// every flow). For r = WX − Y this is ∇_{Wᵢ}L = −Aᵢᵀ(Y − WX)XᵀBᵢᵀ
    /// (spec §1, "Gradient (exact)").
    /// </summary>
    /// <exception cref="ArgumentException">θ or r has the wrong length or a non-finite entry.</exception>
    public Vector<double> JacobianTransposeTimes(Vector<double> theta, Vector<double> r)
    {
        Check(theta);
        Preconditions.FiniteVector(r, OutputCount, nameof(r), "a vector in output space ℝ^{d_y·m}");
        var w = theta.AsArray() ?? theta.ToArray();
        var z = ForwardPass(w);
        int m = SampleCount;
        var gradient = new double[Layout.Dimension];
        var delta = r.ToArray();
        for (int i = Factors; i >= 1; i--)
        {
            int offset = _blocks[i - 1].Offset, rows = _blocks[i - 1].Rows, columns = _blocks[i - 1].Columns;
            var below = z[i - 1];
            for (int p = 0; p < rows; p++)
            {
                for (int q = 0; q < columns; q++)
                {
                    double sum = 0;
                    for (int j = 0; j < m; j++)
                    {
                        sum += delta[p * m + j] * below[q * m + j];
                    }
                    gradient[offset + p * columns + q] = sum;
                }
            }
            if (i > 1)
            {
                // Δᵢ₋₁ = WᵢᵀΔᵢ, accumulated row by row of Wᵢ.
                var next = new double[columns * m];
                for (int p = 0; p < rows; p++)
                {
                    for (int q = 0; q < columns; q++)
                    {
                        double weight = w[offset + p * columns + q];
                        for (int j = 0; j < m; j++)
                        {
                            next[q * m + j] += weight * delta[p * m + j];
                        }
                    }
                }
                delta = next;
            }
        }
        return Vector<double>.Build.Dense(gradient);
    }

    /// <summary>The forward pass Z₀ = X, Zᵢ = WᵢZᵢ₋₁ on row-major arrays (Zᵢ is dᵢ×m); element i of the result is Zᵢ.</summary>
    private double[][] ForwardPass(double[] w)
    {
        int m = SampleCount;
        var z = new double[Factors + 1][];
        z[0] = _xRowMajor;
        for (int i = 1; i <= Factors; i++)
        {
            int offset = _blocks[i - 1].Offset, rows = _blocks[i - 1].Rows, columns = _blocks[i - 1].Columns;
            var below = z[i - 1];
            var next = new double[rows * m];
            for (int p = 0; p < rows; p++)
            {
                for (int q = 0; q < columns; q++)
                {
                    double weight = w[offset + p * columns + q];
                    for (int j = 0; j < m; j++)
                    {
                        next[p * m + j] += weight * below[q * m + j];
                    }
                }
            }
            z[i] = next;
        }
        return z;
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
