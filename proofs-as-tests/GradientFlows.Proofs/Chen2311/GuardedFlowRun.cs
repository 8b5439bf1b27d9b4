using System.Collections.Immutable;
using GradientFlows.Flows;
using GradientFlows.Geometry;
using GradientFlows.Integration;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.Chen2311;

/// <summary>
/// Integrates a flow θ′ = V(θ) together with its arc length ℓ′ = |V| and stops at the spec's terminal event (§3): the
/// orbit leaves the region of the theorem's rank hypothesis, e.g. σ_min(D)/σ_max(D) &lt; ρ. Theorems with orbit-wide
/// hypotheses are then checked on [0, s_stop] only (spec A4), at <see cref="Times"/> spread evenly over the interval
/// actually reached, read from the dense output.
/// </summary>
/// <remarks>
/// <para>
/// The rank event is an integration event: the region's margin m(D[θ]) (for full rank σ_min/σ_max − ρ) is evaluated at
/// the end of every accepted step, and where it changes sign the crossing is located on the step's dense output by
/// Brent's method to the resolution of s; the run ends there with status Event. ρ = 10⁻⁶ lies eight decades above the
/// code's rank threshold max(QN, K)·ε·σ_max, at which the adapted fields throw <see cref="RankDeficientException"/>, so
/// along a resolved orbit the event fires first. A trial step that overshoots so far that a stage meets a Jacobian the
/// field rejects is itself rejected (the field reports <see cref="OutsideDomainException"/>) and retried smaller.
/// </para>
/// <para>
/// Every other early end fails the calling property with the integrator's status and reason (the step budget used up on
/// a well-conditioned orbit, a step-size collapse, a non-finite derivative, every trial step leaving the field's domain),
/// except one: the budget running out in the stiff approach to the event (<see cref="ApproachedEvent"/>).
/// </para>
/// </remarks>
internal sealed class GuardedFlowRun
{
    /// <summary>
    /// Step attempts allowed per unit of κ·s (κ = 1/N): DP5(4) at rtol 10⁻¹⁰ takes steps h ≈ rtol^{1/5}/λ ≈ 10⁻²/λ for a
    /// field of rate λ, and the adapted flows move the outputs at rate κ (θ at rate up to κ·κ₂(D) ≤ 10⁶κ only in the
    /// last moments before the event). 500 attempts per unit are five times the smooth-orbit estimate of 100.
    /// </summary>
    public const int StepsPerUnitRate = 500;

    /// <summary>
    /// Fixed part of the step budget: the approach to the rank event, where the speed grows like 1/σ_min and the steps
    /// shrink with it. Locating the event costs no step attempts (Brent's method evaluates the margin on the dense
    /// output); the ≈ 20 rejections (factor 0.2 each, from 10⁻² to below the resolution of s) that the earlier
    /// signal (a non-finite derivative) needed once the guard fired are gone. Measured over the runs of
    /// <c>verify --theorem CH</c> and <c>CME</c> with <c>--count 100 --seed 2</c>: with that signal at most 1 023 attempts
    /// (392 runs); with the event at most 966 attempts in a run that ended at the event (κ·horizon = 8, 54 rejections at
    /// most) and 753 in a finished one (452 runs, 127 ended at the event), against a budget of 9 000 there. Kept at
    /// 5 000, a margin of five over the approach (three over the 1 596 attempts of one random dotnet test run).
    /// </summary>
    public const int EventSteps = 5_000;

    /// <summary>
    /// Creates the run and integrates: samples <paramref name="sampleCount"/> evenly spaced times on [0, s_end], where
    /// s_end is <paramref name="horizon"/> or, if the rank event fired first, its located time.
    /// </summary>
    /// <param name="flow">The flow; an <see cref="OutputLayerFlow"/> is guarded by <paramref name="region"/>.</param>
    /// <param name="theta0">θ₀.</param>
    /// <param name="horizon">The end time, &gt; 0.</param>
    /// <param name="sampleCount">Number of sample times including 0 and s_end, ≥ 2.</param>
    /// <param name="kappa">The rate scale κ = 1/N of the step budget (see <see cref="StepsPerUnitRate"/>).</param>
    /// <param name="region">The region of the theorem's hypothesis; null means only the field's own rank test.</param>
    /// <param name="tolerances">Integration tolerances; null means <see cref="Tolerances.Flow"/> (rtol 10⁻¹⁰).</param>
    /// <param name="events">Further (non-terminal) events located along the orbit, e.g. C = ε (<see cref="Events"/>).</param>
    public GuardedFlowRun(ParameterFlow flow, Vector<double> theta0, double horizon, int sampleCount, double kappa,
        RankRegion? region = null, IntegrationTolerances? tolerances = null, IReadOnlyList<FlowEvent>? events = null)
    {
        int K = theta0.Count;
        var z0 = new double[K + 1];
        for (int i = 0; i < K; i++)
        {
            z0[i] = theta0[i];
        }
        // The geometry of the last field evaluation: the margin at the end of an accepted step reuses the FSAL stage's
        // SVD, whose state is the accepted y₁ bit for bit.
        var field = new ParameterFlowField(flow);
        var outputFlow = field.OutputFlow;
        OutputGeometry GeometryAt(ReadOnlySpan<double> z) => field.GeometryAt(z);
        void Field(double t, ReadOnlySpan<double> z, Span<double> dz)
        {
            var v = field.Velocity(z);
            v.ToArray().CopyTo(dz);
            dz[K] = v.L2Norm();
        }
        var integrationEvents = new List<IntegrationEvent>();
        if (region is not null && outputFlow is not null)
        {
            integrationEvents.Add(new IntegrationEvent(region.Name, (t, z) => region.Margin(GeometryAt(z)), Terminal: true,
                Direction: EventDirection.Falling));
        }
        foreach (var e in events ?? [])
        {
            integrationEvents.Add(e.OnState(K));
        }
        StepBudget = (int)Math.Min(int.MaxValue, EventSteps + StepsPerUnitRate * Math.Ceiling(kappa * horizon));
        bool outsideAtStart = region is not null && outputFlow is not null && !region.Contains(outputFlow.GeometryAt(theta0));
        Result = EmbeddedRungeKutta.DormandPrince.Solve(Field, 0.0, z0, outsideAtStart ? 0.0 : horizon, tolerances ?? Tolerances.Flow,
            [0.0], keepDenseOutput: true, maxSteps: StepBudget, events: integrationEvents);
        Dimension = K;
        // The budget may also run out in the approach to the event: as σ_min/σ_max falls toward ρ the field's Jacobian
        // grows like 1/σ_min² and the explicit method's stable step shrinks with it, while the orbit still moves at
        // bounded speed (finding CH-approach). That counts as the event only inside the approach, below the conditioned
        // start's ratio 100ρ; a budget exhausted on a well-conditioned orbit is an integrator failure.
        double? finalRatio = outputFlow is not null && Result.Status == IntegrationStatus.MaxStepsExceeded
            ? RatioAt(outputFlow, Result.State, K)
            : null;
        ApproachedEvent = Result.Status == IntegrationStatus.MaxStepsExceeded && finalRatio < Tolerances.ConditionedStart;
        bool eventEnded = Result.Status == IntegrationStatus.Event && Result.TerminalEvent?.Index == 0 && region is not null;
        Stopped = outsideAtStart || eventEnded || ApproachedEvent;
        Check.That(Result.Status == IntegrationStatus.Finished || Stopped,
            $"integration ended with {Result.Status} at s = {Result.Time:G6} of {horizon:G6} without the rank event: {Result.Reason} " +
            $"({Result.FunctionEvaluations} evaluations, budget {StepBudget} step attempts, σ_min/σ_max = {finalRatio?.ToString("G3", System.Globalization.CultureInfo.InvariantCulture) ?? "not computed"})");
        double end = Result.Time;
        var dense = Result.DenseOutput!;
        Times = dense.SegmentCount == 0 || end <= 0
            ? [0.0]
            : [.. Enumerable.Range(0, sampleCount).Select(i => i == sampleCount - 1 ? end : end * i / (sampleCount - 1))];
        var z = Times.Select(s => s == 0 ? z0 : dense.Evaluate(s)).ToArray();
        States = [.. z.Select(zi => Vector<double>.Build.Dense(K, i => zi[i]))];
        Lengths = [.. z.Select(zi => zi[K])];
    }

    /// <summary>The integrator's result (dense output always kept).</summary>
    public IntegrationResult Result { get; }

    /// <summary>
    /// True if the step budget ran out while σ_min/σ_max was already below <see cref="Tolerances.ConditionedStart"/>
    /// (100ρ): the orbit was in the stiff approach to the rank event, which then counts as reached at s_end.
    /// </summary>
    public bool ApproachedEvent { get; }

    private static double RatioAt(OutputLayerFlow flow, ImmutableArray<double> z, int K)
    {
        var theta = Vector<double>.Build.Dense(K);
        for (int i = 0; i < K; i++)
        {
            theta[i] = z[i];
        }
        try
        {
            return flow.GeometryAt(theta).Inverse.ConditionRatio;
        }
        catch (RankDeficientException)
        {
            return 0;
        }
    }

    /// <summary>The step-attempt budget: <see cref="EventSteps"/> + <see cref="StepsPerUnitRate"/>·⌈κ·horizon⌉.</summary>
    public int StepBudget { get; }

    /// <summary>K.</summary>
    public int Dimension { get; }

    /// <summary>
    /// True if the rank event ended the run before the horizon (located, or approached with the budget used up, or the
    /// start already outside the region); integrator failures throw instead.
    /// </summary>
    public bool Stopped { get; }

    /// <summary>s_end: the horizon, or the located time of the rank event.</summary>
    public double End => Result.Time;

    /// <summary>The non-terminal events located on [0, s_end] (the terminal rank event, if it fired, is the last entry).</summary>
    public ImmutableArray<EventOccurrence> Events => Result.Events;

    /// <summary>The sample times: evenly spaced on [0, s_end], both ends included.</summary>
    public ImmutableArray<double> Times { get; }

    /// <summary>Number of sample times after s = 0 (for <see cref="Verdict.FlowChecked"/>).</summary>
    public int SamplesAfterStart => Times.Count(s => s > 0);

    /// <summary>θ at each sample time.</summary>
    public ImmutableArray<Vector<double>> States { get; }

    /// <summary>ℓ(0, s) at each sample time.</summary>
    public ImmutableArray<double> Lengths { get; }

    /// <summary>Length of the accepted integrator step that contains s (0 ≤ s ≤ s_end).</summary>
    public double StepAt(double s)
    {
        var (start, end) = StepContaining(s);
        return end - start;
    }

    /// <summary>
    /// The accepted integrator step [t_{i−1}, t_i] that contains s (0 ≤ s ≤ s_end), cut at s_end when the rank event
    /// fell inside it.
    /// </summary>
    public (double Start, double End) StepContaining(double s)
    {
        var steps = Result.DenseOutput!.StepTimes;
        int i = StepIndex(s);
        return (steps[i - 1], steps[i]);
    }

    /// <summary>
    /// True if this run and <paramref name="other"/> took the same accepted step around s (same start and same length h
    /// as taken, even where a terminal event later cut one of them): both start from the same θ₀ with the same
    /// first step, so their interpolants there coincide and their difference estimates nothing.
    /// </summary>
    public bool SharesStepWith(GuardedFlowRun other, double s)
    {
        int i = StepIndex(s), j = other.StepIndex(s);
        return Result.DenseOutput!.StepTimes[i - 1] == other.Result.DenseOutput!.StepTimes[j - 1]
            && Result.DenseOutput.StepLengths[i - 1] == other.Result.DenseOutput.StepLengths[j - 1];
    }

    private int StepIndex(double s)
    {
        var steps = Result.DenseOutput!.StepTimes;
        int i = 1;
        while (i < steps.Length - 1 && steps[i] < s)
        {
            i++;
        }
        return i;
    }


    /// <summary>θ(s) from the dense output, 0 ≤ s ≤ s_end.</summary>
    public Vector<double> StateAtTime(double s)
    {
        var z = Result.DenseOutput!.Evaluate(s);
        return Vector<double>.Build.Dense(Dimension, i => z[i]);
    }

    /// <summary>The full-rank region σ_min/σ_max ≥ ρ (spec §3): margin σ_min/σ_max − ρ.</summary>
    public static RankRegion FullRank { get; } =
        new("rank event σ_min/σ_max = ρ", geometry => geometry.Inverse.ConditionRatio - Tolerances.RankRatio);

    /// <summary>
    /// The constant-rank-r region of Theorem 4.1 (spec C8 edge cases): σ_r/σ₁ ≥ ρ and σ_{r+1}/σ₁ ≤ 10⁻¹³; margin the
    /// smaller of σ_r/σ₁ − ρ and 10⁻¹³ − σ_{r+1}/σ₁.
    /// </summary>
    public static RankRegion ConstantRank(int r) => new($"left the rank-{r} region", geometry =>
    {
        var s = geometry.Inverse.SingularValues;
        if (s.Length == 0 || s[0] == 0)
        {
            return -1;
        }
        double kept = s[r - 1] / s[0] - Tolerances.RankRatio;
        return r == s.Length ? kept : Math.Min(kept, Tolerances.StructuralZeroRatio - s[r] / s[0]);
    });
}
