using GradientFlows.Integration;
using GradientFlows.Objectives;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Flows;

/// <summary>
/// An event of a parameter flow: a sign change of g(θ(t)) along the orbit, located on the integrator's dense output
/// (see <see cref="EmbeddedRungeKutta.Solve"/> for the accuracy). A terminal event ends the flow there; the trajectory
/// then reports it (<see cref="FlowTrajectory.StoppedBy"/>) instead of the solve throwing.
/// </summary>
/// <param name="Name">A name for reports.</param>
/// <param name="Function">g(θ); finite.</param>
/// <param name="Terminal">True if the flow stops at the first occurrence.</param>
/// <param name="Direction">Which sign changes count.</param>
/// <param name="TimeAccuracy">δ ≥ 0: the crossing of the interpolated g is located within 4u·|t| + δ.</param>
public sealed record FlowEvent(
    string Name, Func<Vector<double>, double> Function, bool Terminal = true, EventDirection Direction = EventDirection.Any,
    double TimeAccuracy = 0)
{
    /// <summary>
    /// The first time f(θ(t)) = ε, from above: g = f(θ) − ε, falling. For the adapted flow this is Chen's stopping time
    /// T_ε = inf{s : C(s) ≤ ε} (Theorem 2.3), here observed on the orbit rather than predicted.
    /// </summary>
    /// <param name="objective">f.</param>
    /// <param name="epsilon">ε &gt; 0.</param>
    /// <param name="terminal">Stop the flow there (default: record only).</param>
    /// <exception cref="ArgumentOutOfRangeException">ε is not a finite positive number.</exception>
    public static FlowEvent CostReaches(IObjective objective, double epsilon, bool terminal = false)
    {
        Preconditions.NotNull(objective, nameof(objective));
        Preconditions.Positive(epsilon, nameof(epsilon));
        return new FlowEvent($"f = {epsilon:G6}", theta => objective.Value(theta) - epsilon, terminal, EventDirection.Falling);
    }

    /// <summary>
    /// The convergence stop: the first time ‖∇f(θ(t))‖ ≤ τ·‖∇f(θ₀)‖, terminal (g = ‖∇f(θ)‖ − τ‖∇f(θ₀)‖, falling). For a
    /// squared-error cost ‖∇f‖ = ‖Dᵀ∇ₓC‖, the quantity every flow of Chen drives to zero at a critical point. If
    /// ∇f(θ₀) = 0 the flow is at rest and the event never fires.
    /// </summary>
    /// <param name="objective">f.</param>
    /// <param name="theta0">θ₀, the start of the flow.</param>
    /// <param name="relativeGradient">τ, 0 &lt; τ &lt; 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">τ ∉ (0, 1).</exception>
    public static FlowEvent Converged(IObjective objective, Vector<double> theta0, double relativeGradient)
    {
        Preconditions.NotNull(objective, nameof(objective));
        Preconditions.NotNull(theta0, nameof(theta0));
        if (!(relativeGradient > 0 && relativeGradient < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(relativeGradient), relativeGradient,
                $"relativeGradient = {relativeGradient:R}; expected 0 < τ < 1.");
        }
        double threshold = relativeGradient * objective.Gradient(theta0).L2Norm();
        return new FlowEvent($"converged: ‖∇f‖ ≤ {relativeGradient:G3}·‖∇f(θ₀)‖",
            theta => objective.Gradient(theta).L2Norm() - threshold, Terminal: true, EventDirection.Falling);
    }

    /// <summary>
    /// This event as an <see cref="IntegrationEvent"/> on a state whose first <paramref name="dimension"/> entries are θ
    /// (further entries, such as a flow's integrated energy and length, are ignored).
    /// </summary>
    public IntegrationEvent OnState(int dimension)
    {
        Preconditions.AtLeast(dimension, 0, nameof(dimension));
        var g = Function;
        return new IntegrationEvent(Name, (t, z) =>
        {
            var theta = Vector<double>.Build.Dense(dimension);
            for (int i = 0; i < dimension; i++)
            {
                theta[i] = z[i];
            }
            return g(theta);
        }, Terminal, Direction, TimeAccuracy);
    }
}
