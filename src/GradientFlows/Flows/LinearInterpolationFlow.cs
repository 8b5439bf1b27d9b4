using GradientFlows.Models;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Flows;

/// <summary>
/// The adapted flow reparametrised to linear interpolation in output space (Chen–Muñoz Ewald, arXiv 2408.01517; spec
/// §9): with t = 1 − e^{−κs} ∈ [0, 1), θ̃(t) := θ(s(t)) solves ∂ₜθ̃ = D⁺[θ̃](y − x₀), and while rank D = QN the
/// outputs move on the straight line x(t) = (1 − t)x₀ + ty at constant velocity y − x₀.
/// </summary>
/// <remarks>
/// The field does not depend on the normalisation κ. <see cref="ParameterFlow.Solve(Vector{double}, double, IReadOnlyList{double}, Integration.IntegrationTolerances?, Integration.EmbeddedRungeKutta?, bool, int, IReadOnlyList{FlowEvent}?)"/>
/// integrates in t; reaching t = 1 with bounded θ̃ is CME's "global minimum in finite time". Rank below QN throws
/// <see cref="Geometry.RankDeficientException"/>.
/// </remarks>
public sealed class LinearInterpolationFlow : OutputLayerFlow
{
    private readonly Vector<double> _displacement;

    /// <summary>Creates the flow for the start outputs x₀.</summary>
    /// <param name="cost">The cost (its targets y).</param>
    /// <param name="outputs0">x₀ ∈ ℝ^{QN}, the outputs at the start θ̃(0).</param>
    /// <param name="allowRankLoss">
    /// False (default): require rank D = QN. True: use the minimum-norm D⁺ at any rank. That is the reparametrised
    /// least-squares flow only while range D is constant (e.g. duplicate inputs, where the outputs then move on the
    /// straight line toward the projected target P_S y, spec §9); with a θ-dependent range the exact identity has an extra
    /// deviation integral and this field is a different flow.
    /// </param>
    /// <exception cref="ArgumentException">x₀ has the wrong length or a non-finite entry.</exception>
    public LinearInterpolationFlow(SquaredErrorCost cost, Vector<double> outputs0, bool allowRankLoss = false)
        : base(Preconditions.NotNull(cost, nameof(cost)))
    {
        Preconditions.FiniteVector(outputs0, cost.Model.OutputCount, nameof(outputs0), "x₀ ∈ ℝ^{QN}");
        _displacement = cost.Targets - outputs0;
        AllowRankLoss = allowRankLoss;
    }

    /// <summary>Whether rank D &lt; QN is allowed (see the constructor).</summary>
    public bool AllowRankLoss { get; }

    /// <summary>y − x₀, the constant output velocity (a copy).</summary>
    public Vector<double> Displacement => _displacement.Clone();

    /// <inheritdoc />
    public override string Name => "linear-interpolation flow";

    /// <summary>∂ₜθ̃ = D⁺[θ̃](y − x₀), from the output geometry at θ̃.</summary>
    /// <exception cref="Geometry.RankDeficientException">rank D &lt; QN and rank loss is not allowed.</exception>
    public override Vector<double> Velocity(Geometry.OutputGeometry geometry)
    {
        Preconditions.NotNull(geometry, nameof(geometry));
        if (!AllowRankLoss)
        {
            RequireRank(geometry.Inverse, Model.OutputCount);
        }
        return geometry.Inverse.Apply(_displacement);
    }

    /// <summary>The time change t = 1 − e^{−κs} from adapted-flow time s.</summary>
    public static double InterpolationTime(double s, double kappa) => -Differentiation.FloatingPoint.ExpMinusOne(-kappa * s);
}
