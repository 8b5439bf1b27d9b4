using GradientFlows.Differentiation;
using GradientFlows.Spaces;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Models;

/// <summary>
/// A differentiable model θ ↦ x(θ) ∈ ℝ^{QN} with parameters θ ∈ ℝᴷ laid out by <see cref="Layout"/>: the stacked outputs
/// of a network on its N training inputs, or any other parametrised curve. Its Jacobian is
/// D[θ] = ∂x/∂θ ∈ ℝ^{QN×K} (Chen, arXiv 2311.15487, eq. (1.20)).
/// </summary>
/// <remarks>
/// Three derivatives are exposed so each can be checked against the others: the explicit <see cref="Jacobian"/>, the
/// vector–Jacobian product <see cref="JacobianTransposeTimes"/> (reverse mode, never forming D), and the forward-mode
/// evaluation on dual numbers <see cref="Outputs(ReadOnlySpan{Dual})"/> (Jacobian–vector products Du).
/// </remarks>
public interface IOutputModel
{
    /// <summary>The parameter layout; K = Layout.Dimension.</summary>
    ParameterLayout Layout { get; }

    /// <summary>QN, the length of the stacked output vector x.</summary>
    int OutputCount { get; }

    /// <summary>x(θ) ∈ ℝ^{QN}.</summary>
    Vector<double> Outputs(Vector<double> theta);

    /// <summary>D[θ] = ∂x/∂θ ∈ ℝ^{QN×K}; column k is ∂x/∂θₖ in the order of <see cref="Layout"/>.</summary>
    Matrix<double> Jacobian(Vector<double> theta);

    /// <summary>Dᵀ[θ]·r ∈ ℝᴷ for r ∈ ℝ^{QN}, by reverse mode without forming D.</summary>
    Vector<double> JacobianTransposeTimes(Vector<double> theta, Vector<double> r);

    /// <summary>x evaluated on dual numbers: x(θ + u·ε) = x(θ) + D[θ]u·ε.</summary>
    Dual[] Outputs(ReadOnlySpan<Dual> theta);
}
