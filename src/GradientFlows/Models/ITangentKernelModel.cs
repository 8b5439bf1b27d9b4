using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Models;

/// <summary>
/// An output model that computes its empirical neural tangent kernel Θ[θ] = D[θ]Dᵀ[θ] ∈ ℝ^{QN×QN} (Chen, arXiv
/// 2311.15487, eq. (2.12)) without forming the Jacobian D ∈ ℝ^{QN×K}.
/// </summary>
public interface ITangentKernelModel : IOutputModel
{
    /// <summary>Θ = DDᵀ, symmetric positive semidefinite, computed without materialising D.</summary>
    Matrix<double> TangentKernel(Vector<double> theta);
}
