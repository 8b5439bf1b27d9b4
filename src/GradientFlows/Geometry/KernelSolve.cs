namespace GradientFlows.Geometry;

/// <summary>How the kernel system Θz = r of an <see cref="AdaptedDirection"/> was solved.</summary>
public enum KernelSolve
{
    /// <summary>Cholesky factorisation Θ = LLᵀ (Θ numerically positive definite).</summary>
    Cholesky,

    /// <summary>Minimum-norm solution z = Θ⁺r by the symmetric eigendecomposition (Θ numerically singular: rank loss).</summary>
    PseudoInverse,
}
