using GradientFlows.Objectives;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Flows;

/// <summary>
/// The gradient flow γ′(t) = −∇f(γ(t)), γ(0) = w₀ (Gelada–Buckman Definition 0.6; Chen eq. (1.9), the "standard flow").
/// </summary>
/// <remarks>
/// An ODE (erratum E2); unique while ∇f is locally Lipschitz. For the ReLU network the σ′(0) := 0 convention selects
/// the Filippov solution in which dead units stay dead (spec §3.5): a kink crossing costs O(tolerance) in the loss.
/// </remarks>
public sealed class GradientFlow : ParameterFlow
{
    /// <summary>Creates the gradient flow of <paramref name="objective"/>.</summary>
    public GradientFlow(IObjective objective)
        : base(objective)
    {
    }

    /// <inheritdoc />
    public override string Name => "gradient flow";

    /// <summary>V(w) = −∇f(w).</summary>
    public override Vector<double> Velocity(Vector<double> theta) => -Objective.Gradient(theta);
}
