using GradientFlows.Models;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Geometry;

/// <summary>
/// The empirical neural tangent kernel Θ[θ] = D[θ]Dᵀ[θ] = Σₖ dₖdₖᵀ ∈ ℝ^{QN×QN} (Chen, arXiv 2311.15487, eq. (2.12);
/// dₖ = ∂x/∂θₖ). Under the standard flow the outputs move by x′ = −Θ∇ₓC (1.25).
/// </summary>
public static class NeuralTangentKernel
{
    /// <summary>Θ = DDᵀ from the explicit Jacobian (the reference: the simplest implementation).</summary>
    /// <exception cref="ArgumentException">θ does not fit the model.</exception>
    public static Matrix<double> Explicit(IOutputModel model, Vector<double> theta)
    {
        Preconditions.NotNull(model, nameof(model));
        var D = model.Jacobian(theta);
        return D.TransposeAndMultiply(D);
    }

    /// <summary>Θ by the model's structured formula when it has one (<see cref="ITangentKernelModel"/>), else explicitly.</summary>
    /// <exception cref="ArgumentException">θ does not fit the model.</exception>
    public static Matrix<double> Of(IOutputModel model, Vector<double> theta) =>
        Preconditions.NotNull(model, nameof(model)) is ITangentKernelModel structured
            ? structured.TangentKernel(theta)
            : Explicit(model, theta);

    /// <summary>
    /// The eigenvalue threshold τ_Θ = QN·ε·λ_max(Θ), ε = 2⁻⁵²: Θ is formed with rounding errors of relative size about
    /// QN·u in each entry, so eigenvalues below τ_Θ are noise. In singular values of D this resolves only
    /// σ ≥ √(QN·ε)·σ_max (the price of squaring), which is why rank decisions use <see cref="PenroseInverse"/> on D.
    /// </summary>
    public static double EigenvalueThreshold(int QN, double lambdaMax) =>
        QN * Differentiation.FloatingPoint.MachineEpsilon * lambdaMax;
}
