using System.Collections.Immutable;
using GradientFlows.Flows;
using GradientFlows.Geometry;
using GradientFlows.Integration;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.Chen2311;

/// <summary>
/// Integrates a flow θ′ = V(θ) together with its arc length ℓ′ = |V| and stops at the spec's terminal event (§3): the
/// orbit leaves the full-rank region, i.e. σ_min(D)/σ_max(D) &lt; ρ, or the field raises
/// <see cref="RankDeficientException"/>. Theorems with orbit-wide hypotheses are then checked on [0, s_stop) only
/// (spec A4), at <see cref="Times"/> spread evenly over the interval actually reached, read from the dense output.
/// </summary>
/// <remarks>
/// <para>
/// The event reaches the integrator through its existing failure channel: the guarded right-hand side reports a
/// non-finite derivative, the step is rejected and shrunk until it falls below the resolution of t. The field records
/// the latest time at which the guard fired, so <see cref="Stopped"/> is true only when the guard is what ended the
/// run. Every other early end (the step budget used up, a step-size collapse or a non-finite derivative without the
/// guard) is an integrator or model failure and fails the calling property with the status as reason.
/// </para>
/// <para>
/// The mechanism is contained here: when the integrator gains real events, only this class changes.
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
    /// Fixed part of the step budget: the approach to the rank event, where the speed grows like 1/σ_min and steps
    /// shrink geometrically, plus the ≈ 20 rejections (factor 0.2 each) that shrink the step from 10⁻² to below the
    /// resolution of t once the guard fires. Measured: at most 1 023 attempts (κ·horizon = 8, a run that ended at the
    /// event) over the 392 runs of <c>verify --theorem CH</c> and <c>CME</c> with <c>--count 100 --seed 2</c>, against a
    /// budget of 9 000 there.
    /// </summary>
    public const int EventSteps = 5_000;

    /// <summary>
    /// Creates the run and integrates: samples <paramref name="sampleCount"/> evenly spaced times on [0, s_end], where
    /// s_end is <paramref name="horizon"/> or, if the rank event fired first, the last accepted time before it.
    /// </summary>
    /// <param name="flow">The flow; an <see cref="OutputLayerFlow"/> is guarded by <paramref name="inRegion"/>.</param>
    /// <param name="theta0">θ₀.</param>
    /// <param name="horizon">The end time, &gt; 0.</param>
    /// <param name="sampleCount">Number of sample times including 0 and s_end, ≥ 2.</param>
    /// <param name="kappa">The rate scale κ = 1/N of the step budget (see <see cref="StepsPerUnitRate"/>).</param>
    /// <param name="inRegion">The region of the theorem's hypothesis; null means only the code's rank test.</param>
    /// <param name="tolerances">Integration tolerances; null means <see cref="Tolerances.Flow"/> (rtol 10⁻¹⁰).</param>
    public GuardedFlowRun(ParameterFlow flow, Vector<double> theta0, double horizon, int sampleCount, double kappa,
        Func<OutputGeometry, bool>? inRegion = null, IntegrationTolerances? tolerances = null)
    {
        int K = theta0.Count;
        var z0 = new double[K + 1];
        for (int i = 0; i < K; i++)
        {
            z0[i] = theta0[i];
        }
        double guardTime = double.NegativeInfinity;
        void Field(double t, ReadOnlySpan<double> z, Span<double> dz)
        {
            var theta = Vector<double>.Build.Dense(K);
            for (int i = 0; i < K; i++)
            {
                theta[i] = z[i];
            }
            Vector<double>? v = null;
            try
            {
                if (flow is OutputLayerFlow outputFlow)
                {
                    var geometry = outputFlow.GeometryAt(theta);
                    v = inRegion is null || inRegion(geometry) ? outputFlow.Velocity(geometry) : null;
                }
                else
                {
                    v = flow.Velocity(theta);
                }
            }
            catch (RankDeficientException)
            {
                v = null;
            }
            if (v is null)
            {
                guardTime = Math.Max(guardTime, t);
                dz.Fill(double.NaN);
                return;
            }
            for (int i = 0; i < K; i++)
            {
                dz[i] = v[i];
            }
            dz[K] = v.L2Norm();
        }
        StepBudget = (int)Math.Min(int.MaxValue, EventSteps + StepsPerUnitRate * Math.Ceiling(kappa * horizon));
        Result = EmbeddedRungeKutta.DormandPrince.Solve(Field, 0.0, z0, horizon, tolerances ?? Tolerances.Flow, [0.0], keepDenseOutput: true,
            maxSteps: StepBudget);
        Dimension = K;
        // The guard ended the run iff it fired at or after the last accepted time (stage times of the failing step).
        bool guardEnded = Result.Status != IntegrationStatus.Finished && guardTime >= Result.Time
            && Result.Status is IntegrationStatus.StepSizeTooSmall or IntegrationStatus.NonFiniteDerivative;
        // The budget may also run out in the approach to the event: as σ_min/σ_max falls toward ρ the field's Jacobian
        // grows like 1/σ_min² and the explicit method's stable step shrinks with it, while the orbit still moves at
        // bounded speed (finding CH-approach). That counts as the event only inside the approach, below the conditioned
        // start's ratio 100ρ; a budget exhausted on a well-conditioned orbit is an integrator failure.
        double finalRatio = flow is OutputLayerFlow layerFlow && Result.Status == IntegrationStatus.MaxStepsExceeded
            ? RatioAt(layerFlow, Result.State, K)
            : double.NaN;
        ApproachedEvent = Result.Status == IntegrationStatus.MaxStepsExceeded && finalRatio < Tolerances.ConditionedStart;
        Stopped = guardEnded || ApproachedEvent;
        Check.That(Result.Status == IntegrationStatus.Finished || Stopped,
            $"integration ended with {Result.Status} at s = {Result.Time:G6} of {horizon:G6} without the rank event " +
            $"({Result.FunctionEvaluations} evaluations, budget {StepBudget} step attempts, σ_min/σ_max = {finalRatio:G3})");
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

    /// <summary>True if the rank event (the guard) ended the run before the horizon; integrator failures throw instead.</summary>
    public bool Stopped { get; }

    /// <summary>s_end: the horizon, or the last accepted time before the rank event.</summary>
    public double End => Result.Time;

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

    /// <summary>The accepted integrator step [t_{i−1}, t_i] that contains s (0 ≤ s ≤ s_end).</summary>
    public (double Start, double End) StepContaining(double s)
    {
        var steps = Result.DenseOutput!.StepTimes;
        int i = 1;
        while (i < steps.Length - 1 && steps[i] < s)
        {
            i++;
        }
        return (steps[i - 1], steps[i]);
    }

    /// <summary>
    /// True if this run and <paramref name="other"/> took the same accepted step around s: both start from the same θ₀
    /// with the same first step, so their interpolants there coincide and their difference estimates nothing.
    /// </summary>
    public bool SharesStepWith(GuardedFlowRun other, double s) => StepContaining(s) == other.StepContaining(s);

    /// <summary>θ(s) from the dense output, 0 ≤ s ≤ s_end.</summary>
    public Vector<double> StateAtTime(double s)
    {
        var z = Result.DenseOutput!.Evaluate(s);
        return Vector<double>.Build.Dense(Dimension, i => z[i]);
    }

    /// <summary>The full-rank region σ_min/σ_max ≥ ρ (spec §3).</summary>
    public static Func<OutputGeometry, bool> FullRank { get; } =
        geometry => geometry.Inverse.ConditionRatio >= Tolerances.RankRatio;

    /// <summary>
    /// The constant-rank-r region of Theorem 4.1 (spec C8 edge cases): σ_r/σ₁ ≥ ρ and σ_{r+1}/σ₁ ≤ 10⁻¹³.
    /// </summary>
    public static Func<OutputGeometry, bool> ConstantRank(int r) => geometry =>
    {
        var s = geometry.Inverse.SingularValues;
        return s[r - 1] >= Tolerances.RankRatio * s[0] && (r == s.Length || s[r] <= Tolerances.StructuralZeroRatio * s[0]);
    };
}
