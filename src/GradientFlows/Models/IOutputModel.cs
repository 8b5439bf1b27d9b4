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
/// A new model needs only <see cref="Outputs(Vector{double})"/> and <see cref="Jacobian"/>: the other two have default
/// implementations through the explicit Jacobian (Dᵀr = Jacobian(θ)ᵀr, and the dual outputs x(θ) + (Du)ε). Those
/// defaults cost a formed D and, being computed from it, are no independent check of it: a model that wants its
/// Jacobian cross-checked implements its own reverse mode or dual evaluation (every model of this library does).
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

    /// <summary>
    /// Dᵀ[θ]·r ∈ ℝᴷ for r ∈ ℝ^{QN}, by reverse mode without forming D; the default forms D by <see cref="Jacobian"/>.
    /// </summary>
    /// <exception cref="ArgumentException">r is not a finite vector of length QN.</exception>
    Vector<double> JacobianTransposeTimes(Vector<double> theta, Vector<double> r)
    {
        Preconditions.FiniteVector(r, OutputCount, nameof(r), "a vector in output space ℝ^{QN}");
        return Jacobian(theta).TransposeThisAndMultiply(r);
    }

    /// <summary>
    /// x evaluated on dual numbers: x(θ + u·ε) = x(θ) + D[θ]u·ε; the default evaluates x and D at the primal part θ and
    /// multiplies D by the tangent part u.
    /// </summary>
    /// <exception cref="ArgumentException">θ does not have K entries.</exception>
    Dual[] Outputs(ReadOnlySpan<Dual> theta)
    {
        if (theta.Length != Layout.Dimension)
        {
            throw new ArgumentException($"theta has {theta.Length} entries; expected K = {Layout.Dimension}.", nameof(theta));
        }
        var primal = Vector<double>.Build.Dense(theta.Length);
        var tangent = Vector<double>.Build.Dense(theta.Length);
        for (int i = 0; i < theta.Length; i++)
        {
            primal[i] = theta[i].Value;
            tangent[i] = theta[i].Tangent;
        }
        var x = Outputs(primal);
        var dx = Jacobian(primal) * tangent;
        var result = new Dual[x.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = new Dual(x[i], dx[i]);
        }
        return result;
    }
}
