using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Models;

public sealed partial class TwoLayerReluNetwork
{
    /// <summary>
    /// Reverse-mode gradient of f(w) = ½‖y − q‖² (spec §3.4): ŷ = y − q, b̂ = Nᵀŷ, â = Db̂ with D = diag(σ′(a)),
    /// N̂ = ŷbᵀ, M̂ = âxᵀ, and ∇f(w) = (N̂, M̂).
    /// </summary>
    /// <exception cref="ArgumentException">w or q has the wrong length or a non-finite entry.</exception>
    public ReluGradient Backward(Vector<double> w, Vector<double> q)
    {
        Preconditions.FiniteVector(q, OutputWidth, nameof(q), "the target q ∈ ℝⁿ");
        var pass = Forward(w);
        return BackwardFrom(w, pass, pass.Y - q);
    }

    /// <inheritdoc />
    public Vector<double> JacobianTransposeTimes(Vector<double> theta, Vector<double> r)
    {
        Preconditions.FiniteVector(r, OutputWidth, nameof(r), "a vector in output space ℝⁿ");
        // Dᵀr is the backward pass seeded with ŷ := r.
        return BackwardFrom(theta, Forward(theta), r).Flat;
    }

    private ReluGradient BackwardFrom(Vector<double> w, ReluForwardPass pass, Vector<double> yHat)
    {
        var N = Layout.Read(w, "N");
        var bHat = N.TransposeThisAndMultiply(yHat);
        var aHat = Vector<double>.Build.Dense(HiddenWidth, i => pass.Slope(i) * bHat[i]);
        var nHat = yHat.OuterProduct(pass.B);
        var mHat = aHat.OuterProduct(_input);
        return new ReluGradient(pass, yHat, bHat, aHat, nHat, mHat, Layout.Assemble(nHat, mHat));
    }

    /// <summary>
    /// The Jacobian J = ∂y/∂w ∈ ℝ^{n×K}: ∂y_p/∂N_{p,i} = bᵢ and ∂y_p/∂M_{i,j} = N_{p,i}σ′(aᵢ)xⱼ.
    /// </summary>
    public Matrix<double> Jacobian(Vector<double> theta)
    {
        var pass = Forward(theta);
        var N = Layout["N"];
        var M = Layout["M"];
        var J = Matrix<double>.Build.Dense(OutputWidth, Layout.Dimension);
        for (int p = 0; p < OutputWidth; p++)
        {
            for (int i = 0; i < HiddenWidth; i++)
            {
                J[p, N.IndexOf(p, i)] = pass.B[i];
                double slope = pass.Slope(i) * theta[N.IndexOf(p, i)];
                for (int j = 0; j < InputWidth; j++)
                {
                    J[p, M.IndexOf(i, j)] = slope * _input[j];
                }
            }
        }
        return J;
    }

    /// <summary>
    /// The tangent kernel K = JJᵀ = ‖b‖²Iₙ + ‖x‖²·N D Nᵀ ∈ ℝ^{n×n} (spec §3.4, Supplement I5), so that
    /// ‖∇f(w)‖² = ŷᵀKŷ and λ_min(K) ≥ ‖b‖².
    /// </summary>
    public Matrix<double> TangentKernel(Vector<double> w)
    {
        var pass = Forward(w);
        var N = Layout.Read(w, "N");
        double xSq = _input.DotProduct(_input);
        // ‖x‖²·N D with D = diag(σ′(a)) as a column scaling: O(nk) memory, no k×k matrix.
        var scaled = (xSq * N).MapIndexed((_, i, v) => v * pass.Slope(i));
        var K = scaled * N.Transpose();
        double bSq = pass.B.DotProduct(pass.B);
        for (int p = 0; p < OutputWidth; p++)
        {
            K[p, p] += bSq;
        }
        return K;
    }
}
