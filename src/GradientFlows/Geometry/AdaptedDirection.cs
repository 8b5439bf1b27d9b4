using GradientFlows.Models;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Geometry;

/// <summary>
/// The adapted direction v = −D⁺g = −Dᵀz with (DDᵀ)z = g, for an output-space vector g (usually g = ∇ₓC): Chen,
/// arXiv 2311.15487, eqs. (1.29)–(1.30) in full rank, and (4.5), (4.10) under rank loss (z ∈ (DDᵀ)⁺g + ker Dᵀ, and
/// Dᵀz does not depend on the choice).
/// </summary>
/// <remarks>
/// <para>Two routes, compared as a property: <see cref="Structured"/> takes Θ = DDᵀ from the per-layer formula and Dᵀz
/// from one vector–Jacobian product, never materialising D ∈ ℝ^{QN×K}; <see cref="Explicit"/> forms D.</para>
/// <para>The kernel system is solved by Cholesky when Θ is numerically positive definite, i.e. the factorisation
/// succeeds and every pivot satisfies Lᵢᵢ² &gt; τ_Θ = QN·ε·maxᵢΘᵢᵢ; otherwise by the eigendecomposition pseudo-inverse
/// with eigenvalues ≤ QN·ε·λ_max set to zero (<see cref="NeuralTangentKernel.EigenvalueThreshold"/>).</para>
/// </remarks>
public sealed class AdaptedDirection
{
    private AdaptedDirection(Vector<double> velocity, Vector<double> z, KernelSolve solve, int kernelRank)
    {
        Velocity = velocity;
        Z = z;
        Solve = solve;
        KernelRank = kernelRank;
    }

    /// <summary>v = −Dᵀz ∈ ℝᴷ.</summary>
    public Vector<double> Velocity { get; }

    /// <summary>z ∈ ℝ^{QN}, the (minimum-norm) solution of Θz = g.</summary>
    public Vector<double> Z { get; }

    /// <summary>How Θz = g was solved.</summary>
    public KernelSolve Solve { get; }

    /// <summary>The numerical rank of Θ used (QN when Cholesky succeeded).</summary>
    public int KernelRank { get; }

    /// <summary>The structured route: Θ by <see cref="ITangentKernelModel.TangentKernel"/>, Dᵀz by reverse mode.</summary>
    /// <param name="model">The model.</param>
    /// <param name="theta">θ ∈ ℝᴷ.</param>
    /// <param name="g">g ∈ ℝ^{QN}, e.g. ∇ₓC = κ(x − y).</param>
    /// <exception cref="ArgumentException">θ or g does not fit the model.</exception>
    public static AdaptedDirection Structured(ITangentKernelModel model, Vector<double> theta, Vector<double> g)
    {
        Preconditions.NotNull(model, nameof(model));
        Preconditions.FiniteVector(g, model.OutputCount, nameof(g), "an output-space vector in ℝ^{QN}");
        var (z, solve, rank) = SolveKernel(model.TangentKernel(theta), g);
        return new AdaptedDirection(-model.JacobianTransposeTimes(theta, z), z, solve, rank);
    }

    /// <summary>The explicit route: D formed, Θ = DDᵀ, then Dᵀz as a matrix–vector product.</summary>
    /// <param name="model">The model.</param>
    /// <param name="theta">θ ∈ ℝᴷ.</param>
    /// <param name="g">g ∈ ℝ^{QN}.</param>
    /// <exception cref="ArgumentException">θ or g does not fit the model.</exception>
    public static AdaptedDirection Explicit(IOutputModel model, Vector<double> theta, Vector<double> g)
    {
        Preconditions.NotNull(model, nameof(model));
        Preconditions.FiniteVector(g, model.OutputCount, nameof(g), "an output-space vector in ℝ^{QN}");
        var D = model.Jacobian(theta);
        var (z, solve, rank) = SolveKernel(D.TransposeAndMultiply(D), g);
        return new AdaptedDirection(-D.TransposeThisAndMultiply(z), z, solve, rank);
    }

    /// <summary>Solves Θz = g: Cholesky if numerically positive definite, else the minimum-norm z = Θ⁺g.</summary>
    internal static (Vector<double> Z, KernelSolve Solve, int Rank) SolveKernel(Matrix<double> kernel, Vector<double> g)
    {
        int QN = kernel.RowCount;
        double maxDiagonal = 0;
        for (int i = 0; i < QN; i++)
        {
            maxDiagonal = Math.Max(maxDiagonal, kernel[i, i]);
        }
        double pivotFloor = NeuralTangentKernel.EigenvalueThreshold(QN, maxDiagonal);
        if (maxDiagonal > 0 && TryCholesky(kernel, pivotFloor) is { } cholesky)
        {
            return (cholesky.Solve(g), KernelSolve.Cholesky, QN);
        }
        var evd = kernel.Evd(Symmetricity.Symmetric);
        var lambda = evd.EigenValues.Real();
        double threshold = NeuralTangentKernel.EigenvalueThreshold(QN, Math.Max(lambda.Maximum(), 0));
        var coefficients = evd.EigenVectors.TransposeThisAndMultiply(g);
        int rank = 0;
        for (int i = 0; i < QN; i++)
        {
            if (lambda[i] > threshold)
            {
                coefficients[i] /= lambda[i];
                rank++;
            }
            else
            {
                coefficients[i] = 0;
            }
        }
        return (evd.EigenVectors * coefficients, KernelSolve.PseudoInverse, rank);
    }

    private static MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double>? TryCholesky(
        Matrix<double> kernel, double pivotFloor)
    {
        try
        {
            var cholesky = kernel.Cholesky();
            var factor = cholesky.Factor;
            for (int i = 0; i < kernel.RowCount; i++)
            {
                if (!(factor[i, i] * factor[i, i] > pivotFloor))
                {
                    return null;
                }
            }
            return cholesky;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
