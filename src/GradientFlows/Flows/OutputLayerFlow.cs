using GradientFlows.Geometry;
using GradientFlows.Models;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Flows;

/// <summary>
/// A parameter flow θ′ = V(θ) built from the output layer of a squared-error cost C = (κ/2)|x(θ) − y|²: from the
/// Jacobian D[θ], its <see cref="PenroseInverse"/> and the output gradient g = ∇ₓC = κ(x − y) (Chen, arXiv 2311.15487,
/// §1.4). The adapted flows of Chen derive from it.
/// </summary>
public abstract class OutputLayerFlow : ParameterFlow
{
    /// <summary>Creates the flow of <paramref name="cost"/>.</summary>
    protected OutputLayerFlow(SquaredErrorCost cost)
        : base(cost) => Cost = cost;

    /// <summary>The cost C = (κ/2)|x(θ) − y|².</summary>
    public SquaredErrorCost Cost { get; }

    /// <summary>The model x(θ).</summary>
    public IOutputModel Model => Cost.Model;

    /// <summary>D[θ], D⁺[θ] and g = ∇ₓC at θ.</summary>
    /// <exception cref="ArgumentException">θ does not fit the model.</exception>
    public OutputGeometry GeometryAt(Vector<double> theta) =>
        new(Model.Jacobian(theta), Cost.OutputGradient(theta));

    /// <summary>V(θ), computed from the output geometry at θ.</summary>
    public sealed override Vector<double> Velocity(Vector<double> theta) => Velocity(GeometryAt(theta));

    /// <summary>V as a function of the output geometry (D, D⁺, g) at θ: lets a caller reuse one SVD for the field and
    /// for a rank check.</summary>
    /// <exception cref="RankDeficientException">The flow needs a rank that D does not have.</exception>
    public abstract Vector<double> Velocity(OutputGeometry geometry);

    /// <summary>Throws <see cref="RankDeficientException"/> unless rank D = <paramref name="expected"/>.</summary>
    protected void RequireRank(PenroseInverse inverse, int expected)
    {
        Preconditions.NotNull(inverse, nameof(inverse));
        if (inverse.Rank != expected)
        {
            throw new RankDeficientException(inverse.Rank, expected, Name, inverse.SmallestSingularValue, inverse.Threshold);
        }
    }
}
