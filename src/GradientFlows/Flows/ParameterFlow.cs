using GradientFlows.Integration;
using GradientFlows.Objectives;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Flows;

/// <summary>
/// An ODE θ′ = V(θ) on the parameter space of an objective f, integrated together with its running path energy
/// E(t) = ∫₀ᵗ‖θ′‖² and length Λ(t) = ∫₀ᵗ‖θ′‖ (Gelada–Buckman Definition 0.4): the augmented state z = (θ, E, Λ) is
/// advanced under one error control, so identities about length and energy are checked on integrated quantities.
/// </summary>
/// <remarks>
/// The standard gradient flow is <see cref="GradientFlow"/>; other flows (the adapted flows of Chen) derive from this type
/// and supply only their velocity field.
/// </remarks>
public abstract class ParameterFlow
{
    /// <summary>Creates a flow on the parameter space of <paramref name="objective"/>.</summary>
    protected ParameterFlow(IObjective objective) => Objective = Preconditions.NotNull(objective, nameof(objective));

    /// <summary>The objective f whose values the trajectory records.</summary>
    public IObjective Objective { get; }

    /// <summary>A short name for tables and figures.</summary>
    public abstract string Name { get; }

    /// <summary>The velocity V(θ) = θ′.</summary>
    public abstract Vector<double> Velocity(Vector<double> theta);

    /// <summary>
    /// Integrates the augmented flow from θ₀ to t_end and records a <see cref="TrajectoryPoint"/> at each sample time.
    /// </summary>
    /// <param name="theta0">θ₀, finite, of dimension K.</param>
    /// <param name="tEnd">t_end ≥ 0.</param>
    /// <param name="sampleTimes">Ascending times in [0, t_end].</param>
    /// <param name="tolerances">Local error tolerances; default rtol 10⁻¹⁰, atol 10⁻¹².</param>
    /// <param name="integrator">The integrator; default Dormand–Prince 5(4).</param>
    /// <param name="keepDenseOutput">Keep the dense output (for crossing times).</param>
    /// <param name="maxSteps">Upper bound on step attempts (a flow that becomes stiff or singular fails fast).</param>
    /// <param name="events">
    /// Events g(θ) located along the orbit, e.g. <see cref="FlowEvent.Converged"/> or <see cref="FlowEvent.CostReaches"/>;
    /// a terminal one ends the flow early, and the trajectory says which (<see cref="FlowTrajectory.StoppedBy"/>).
    /// </param>
    /// <exception cref="ArgumentException">θ₀ has the wrong length or a non-finite entry; t_end or the sample times are invalid.</exception>
    /// <exception cref="IntegrationFailedException">
    /// The integrator could not reach t_end (nor a terminal event) within its tolerances or step budget; the exception's
    /// <see cref="IntegrationFailedException.Status"/> says why (step size too small, step budget used up, non-finite derivative).
    /// </exception>
    public FlowTrajectory Solve(
        Vector<double> theta0,
        double tEnd,
        IReadOnlyList<double> sampleTimes,
        IntegrationTolerances? tolerances = null,
        EmbeddedRungeKutta? integrator = null,
        bool keepDenseOutput = false,
        int maxSteps = 1_000_000,
        IReadOnlyList<FlowEvent>? events = null)
    {
        int K = Objective.Dimension;
        Preconditions.FiniteVector(theta0, K, nameof(theta0), "the initial point θ₀ ∈ ℝᴷ");
        Preconditions.NonNegative(tEnd, nameof(tEnd));
        Preconditions.NotNull(sampleTimes, nameof(sampleTimes));
        tolerances ??= IntegrationTolerances.Reference;
        integrator ??= EmbeddedRungeKutta.DormandPrince;

        var z0 = new double[K + 2];
        for (int i = 0; i < K; i++)
        {
            z0[i] = theta0[i];
        }

        var result = integrator.Solve(
            AugmentedField, 0.0, z0, tEnd, tolerances, sampleTimes.ToArray(), keepDenseOutput, maxSteps,
            events?.Select(e => Preconditions.NotNull(e, nameof(events)).OnState(K)).ToArray());
        if (result.Status is not (IntegrationStatus.Finished or IntegrationStatus.Event))
        {
            throw new IntegrationFailedException(result, $"{Name} from θ₀ to t = {tEnd:R}");
        }
        return new FlowTrajectory(this, theta0, result);
    }

    /// <summary>Integrates with <paramref name="sampleCount"/> uniformly spaced sample times 0, …, t_end.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sampleCount"/> is below 2.</exception>
    public FlowTrajectory Solve(
        Vector<double> theta0, double tEnd, int sampleCount, IntegrationTolerances? tolerances = null,
        EmbeddedRungeKutta? integrator = null, bool keepDenseOutput = false)
    {
        Preconditions.AtLeast(sampleCount, 2, nameof(sampleCount));
        Preconditions.NonNegative(tEnd, nameof(tEnd));
        var times = Enumerable.Range(0, sampleCount).Select(i => i == sampleCount - 1 ? tEnd : tEnd * i / (sampleCount - 1));
        return Solve(theta0, tEnd, times.ToArray(), tolerances, integrator, keepDenseOutput);
    }

    /// <summary>The augmented field z′ = (V(θ), ‖V(θ)‖², ‖V(θ)‖).</summary>
    private void AugmentedField(double t, ReadOnlySpan<double> z, Span<double> dz)
    {
        int K = Objective.Dimension;
        var theta = Vector<double>.Build.Dense(K);
        for (int i = 0; i < K; i++)
        {
            theta[i] = z[i];
        }
        var v = Velocity(theta);
        double speedSq = 0;
        for (int i = 0; i < K; i++)
        {
            dz[i] = v[i];
            speedSq += v[i] * v[i];
        }
        dz[K] = speedSq;
        dz[K + 1] = Math.Sqrt(speedSq);
    }
}
