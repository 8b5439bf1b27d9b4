using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Models;

public sealed partial class DeepNetwork
{
    /// <summary>
    /// The backpropagated sensitivities Δ⁽ˡ⁾ ∈ ℝ^{QN×Mₗ}, ℓ = 1, …, L + 1 (index 0 unused): row (j, q) of Δ⁽ˡ⁾ is row q
    /// of Δ⁽ˡ⁾ⱼ = ∂xⱼ/∂z⁽ˡ⁾ⱼ, with Δ⁽ᴸ⁺¹⁾ⱼ = I_Q and Δ⁽ˡ⁾ⱼ = Δ⁽ˡ⁺¹⁾ⱼW_{ℓ+1}diag(σ′(z⁽ˡ⁾ⱼ)) (spec §1, backward recursion).
    /// </summary>
    /// <remarks>Then ∂xⱼ/∂bₗ = Δ⁽ˡ⁾ⱼ and ∂x_{j,q}/∂(Wₗ)_{ab} = (Δ⁽ˡ⁾ⱼ)_{qa}·x⁽ˡ⁻¹⁾_{j,b}.</remarks>
    internal Matrix<double>[] Sensitivities(Vector<double> theta, DeepNetworkForwardPass pass)
    {
        int L = Depth, QN = OutputCount;
        var delta = new Matrix<double>[L + 2];
        delta[L + 1] = Matrix<double>.Build.Dense(QN, Q, (row, q) => row % Q == q ? 1.0 : 0.0);
        for (int l = L; l >= 1; l--)
        {
            var d = delta[l + 1] * Weight(theta, l + 1);
            var s = pass.Slopes[l];
            for (int a = 0; a < d.ColumnCount; a++)
            {
                for (int row = 0; row < QN; row++)
                {
                    d[row, a] *= s[a, row / Q];
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
        var delta = Sensitivities(theta, pass);
        int QN = OutputCount;
        var D = Matrix<double>.Build.Dense(QN, Layout.Dimension);
        for (int l = 1; l <= Depth + 1; l++)
        {
            var W = Layout[$"W{l}"];
            var bias = Layout[$"b{l}"];
            var x = pass.Activations[l - 1];
            var d = delta[l];
            for (int a = 0; a < Widths[l]; a++)
            {
                for (int row = 0; row < QN; row++)
                {
                    double dqa = d[row, a];
                    int j = row / Q;
                    D[row, bias.IndexOf(a, 0)] = dqa;
                    for (int b = 0; b < Widths[l - 1]; b++)
                    {
                        D[row, W.IndexOf(a, b)] = dqa * x[b, j];
                    }
                }
            }
        }
        return D;
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
        var result = new double[Layout.Dimension];
        var G = Matrix<double>.Build.Dense(Q, N, r.ToArray());
        for (int l = Depth + 1; l >= 1; l--)
        {
            var W = Layout[$"W{l}"];
            var bias = Layout[$"b{l}"];
            var gradW = G.TransposeAndMultiply(pass.Activations[l - 1]);
            for (int a = 0; a < Widths[l]; a++)
            {
                double sum = 0;
                for (int j = 0; j < N; j++)
                {
                    sum += G[a, j];
                }
                result[bias.IndexOf(a, 0)] = sum;
                for (int b = 0; b < Widths[l - 1]; b++)
                {
                    result[W.IndexOf(a, b)] = gradW[a, b];
                }
            }
            if (l > 1)
            {
                G = Weight(theta, l).TransposeThisAndMultiply(G);
                G.PointwiseMultiply(pass.Slopes[l - 1], G);
            }
        }
        return Vector<double>.Build.Dense(result);
    }
}
