using System.Globalization;
using GradientFlows.Flows;
using GradientFlows.Geometry;
using GradientFlows.Integration;
using GradientFlows.Models;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Solvers;

/// <summary>
/// Trains any <see cref="IOutputModel"/> on a squared-error cost C(θ) = (κ/2)‖x(θ) − y‖² in one call: integrates the
/// standard, adapted or Gauss–Newton flow of Chen (arXiv 2311.15487, eqs. (1.9), (1.30), (5.2)) from θ₀ until
/// ‖∇C(θ)‖ ≤ τ·‖∇C(θ₀)‖, and reports θ, why it stopped, the work, and the error estimate δ = D⁺r of θ
/// (<see cref="GaussNewtonErrorEstimate"/>).
/// </summary>
/// <remarks>
/// <para>The convergence stop is a terminal event g(θ) = ‖∇C(θ)‖ − τ‖∇C(θ₀)‖ located on the integrator's dense output
/// (<see cref="FlowEvent.Converged"/>). The adapted and Gauss–Newton fields need full rank of D; where the numerical
/// rank drops the field reports <see cref="OutsideDomainException"/> to the integrator, which rejects the trial step and
/// retries smaller, and the solve ends with <see cref="TrainingStop.RankLoss"/> once the orbit cannot continue (or, with
/// a condition ratio ρ &gt; 0, at the located crossing σ_min/σ_max = ρ). It never throws for a numerical failure: every
/// early end is a <see cref="TrainingStop"/> with the integrator's reason.</para>
/// <para>Along the Gauss–Newton flow the outputs move by x′ = −P(x − y)·κ (Chen (5.4)), so near a nondegenerate
/// minimiser ‖∇C‖ decays like e^{−κs} and the convergence stop is reached at s ≈ ln(1/τ)/κ plus the transient; the
/// standard flow decays like e^{−κσ_min²s} with steps limited by κσ_max², so it needs ≈ κ₂(D)²·ln(1/τ) steps and is
/// impractical for an ill-conditioned D (Misra1a: κ₂(D) ≈ 10⁶, docs/solver.md).</para>
/// </remarks>
public static class ModelSolver
{
    /// <summary>Trains the model of <paramref name="cost"/> from θ₀.</summary>
    /// <param name="cost">C(θ) = (κ/2)‖x(θ) − y‖², the model and the targets.</param>
    /// <param name="theta0">θ₀ ∈ ℝᴷ, finite.</param>
    /// <param name="options">The flow, τ, time limit, tolerances, integrator, step budget; null means <see cref="SolverOptions.Default"/>.</param>
    /// <returns>The result; check <see cref="TrainingResult.Stop"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="cost"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// θ₀ has the wrong length or a non-finite entry; the flow asked for does not fit the model's shape (adapted with
    /// K &lt; QN, Gauss–Newton with K &gt; QN).
    /// </exception>
    public static TrainingResult Train(SquaredErrorCost cost, Vector<double> theta0, SolverOptions? options = null)
    {
        Preconditions.NotNull(cost, nameof(cost));
        Preconditions.FiniteVector(theta0, cost.Dimension, nameof(theta0), "the initial point θ₀ ∈ ℝᴷ, one entry per parameter");
        options ??= SolverOptions.Default;
        int K = cost.Dimension, QN = cost.Model.OutputCount;
        var flowKind = options.Flow == TrainingFlow.Automatic
            ? (K >= QN ? TrainingFlow.Adapted : TrainingFlow.GaussNewton)
            : options.Flow;
        if ((flowKind == TrainingFlow.Adapted && K < QN) || (flowKind == TrainingFlow.GaussNewton && K > QN))
        {
            throw new ArgumentException(
                $"options.Flow = {flowKind} with K = {K} parameters and QN = {QN} outputs; expected K ≥ QN for the adapted flow, " +
                "K ≤ QN for the Gauss–Newton flow (or Standard or Automatic).", nameof(options));
        }
        ParameterFlow flow = flowKind switch
        {
            TrainingFlow.Adapted => new AdaptedFlow(cost),
            TrainingFlow.GaussNewton => new GaussNewtonFlow(cost),
            _ => new GradientFlow(cost),
        };
        // One SVD per state: the field, the convergence event and the rank event at the end of an accepted step share it.
        var field = new ParameterFlowField(flow);
        var outputFlow = field.OutputFlow;
        double GradientNorm(ReadOnlySpan<double> z)
        {
            if (outputFlow is null)
            {
                return cost.Gradient(field.Theta(z)).L2Norm();
            }
            var geometry = field.GeometryAt(z);
            return geometry.TransposeTimes(geometry.G).L2Norm();
        }
        void Field(double s, ReadOnlySpan<double> z, Span<double> dz) => field.Velocity(z).ToArray().CopyTo(dz);

        var z0 = theta0.ToArray();
        double gradient0 = GradientNorm(z0);
        if (gradient0 == 0)
        {
            return Result(flowKind, cost, theta0, gradient0, gradient0, TrainingStop.Converged,
                "∇C(θ₀) = 0: θ₀ is already a critical point", 0, 0, 0, 0, IntegrationStatus.Finished);
        }
        double threshold = options.RelativeGradient * gradient0;
        var events = new List<IntegrationEvent>
        {
            new($"‖∇C‖ ≤ τ·‖∇C(θ₀)‖ = {threshold:G3}", (s, z) => GradientNorm(z) - threshold, Terminal: true,
                Direction: EventDirection.Falling),
        };
        double rho = options.ConditionRatio;
        if (outputFlow is not null && rho > 0)
        {
            double ratio0 = outputFlow.GeometryAt(theta0).Inverse.ConditionRatio;
            if (ratio0 < rho)
            {
                return Result(flowKind, cost, theta0, gradient0, gradient0, TrainingStop.RankLoss,
                    $"σ_min/σ_max = {ratio0:G3} < ρ = {rho:G3} at θ₀", 0, 0, 0, 0, IntegrationStatus.Event);
            }
            events.Add(new($"σ_min/σ_max = ρ = {rho:G3}", (s, z) => field.GeometryAt(z).Inverse.ConditionRatio - rho, Terminal: true,
                Direction: EventDirection.Falling));
        }

        var run = options.Integrator.Solve(Field, 0.0, z0, options.TimeLimit, options.Tolerances, maxSteps: options.MaxSteps,
            events: events);
        var theta = Vector<double>.Build.Dense(K, i => run.State[i]);
        var (stop, reason) = run.Status switch
        {
            IntegrationStatus.Event when run.TerminalEvent!.Index == 0 =>
                (TrainingStop.Converged, $"converged: {run.TerminalEvent.Name} at s = {run.Time.ToString("G6", CultureInfo.InvariantCulture)}"),
            IntegrationStatus.Event => (TrainingStop.RankLoss, $"rank loss: {run.TerminalEvent!.Name} at s = {run.Time.ToString("G6", CultureInfo.InvariantCulture)}"),
            IntegrationStatus.Finished => (TrainingStop.TimeLimit, $"time limit s_max = {options.TimeLimit.ToString("G6", CultureInfo.InvariantCulture)} reached before convergence"),
            IntegrationStatus.OutsideDomain => (TrainingStop.RankLoss, $"rank loss: {run.Reason}"),
            IntegrationStatus.MaxStepsExceeded => (TrainingStop.StepBudget, $"step budget: {run.Reason}"),
            _ => (TrainingStop.IntegrationFailed, $"integration failed ({run.Status}): {run.Reason}"),
        };
        return Result(flowKind, cost, theta, GradientNorm(run.State.AsSpan()), gradient0, stop, reason, run.Time,
            run.FunctionEvaluations, run.AcceptedSteps, run.RejectedSteps, run.Status);
    }

    private static TrainingResult Result(
        TrainingFlow flow, SquaredErrorCost cost, Vector<double> theta, double gradientNorm, double gradient0, TrainingStop stop,
        string reason, double time, int evaluations, int accepted, int rejected, IntegrationStatus status) =>
        new(flow, theta, cost.Value(theta), gradientNorm, gradient0, stop, reason, time, evaluations, accepted, rejected, status,
            new GaussNewtonErrorEstimate(cost, theta));
}
