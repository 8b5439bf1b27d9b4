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
/// (spec A4).
/// </summary>
/// <remarks>
/// The event reaches the integrator through its existing failure channel: the guarded right-hand side reports a
/// non-finite derivative, the step is rejected and shrunk until it falls below the resolution of t. The samples and
/// the dense output up to that time are kept; nothing non-finite is ever stored.
/// </remarks>
internal sealed class GuardedFlowRun
{
    public GuardedFlowRun(ParameterFlow flow, Vector<double> theta0, double horizon, int sampleCount,
        Func<OutputGeometry, bool>? inRegion = null, bool keepDenseOutput = false)
        : this(flow, theta0, Enumerable.Range(0, sampleCount)
            .Select(i => i == sampleCount - 1 ? horizon : horizon * i / (sampleCount - 1)).ToArray(), inRegion, keepDenseOutput)
    {
    }

    /// <summary>
    /// Sample times 0 and then geometrically spaced from <paramref name="first"/> to <paramref name="horizon"/>: orbits
    /// that reach the rank event early (the Gauss–Newton and borderline flows, spec §8: s_stop from 0.014 on) still
    /// give samples to check.
    /// </summary>
    public static double[] GeometricTimes(double first, double horizon, int count) =>
        [0.0, .. Enumerable.Range(0, count - 1).Select(i =>
            i == count - 2 ? horizon : first * Math.Pow(horizon / first, i / (double)(count - 2)))];

    public GuardedFlowRun(ParameterFlow flow, Vector<double> theta0, double[] times,
        Func<OutputGeometry, bool>? inRegion = null, bool keepDenseOutput = false)
    {
        int K = theta0.Count;
        double horizon = times[^1];
        var z0 = new double[K + 1];
        for (int i = 0; i < K; i++)
        {
            z0[i] = theta0[i];
        }
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
                dz.Fill(double.NaN);
                return;
            }
            for (int i = 0; i < K; i++)
            {
                dz[i] = v[i];
            }
            dz[K] = v.L2Norm();
        }
        Result = EmbeddedRungeKutta.DormandPrince.Solve(Field, 0.0, z0, horizon, Tolerances.Flow, times, keepDenseOutput);
        Dimension = K;
        Stopped = Result.Status != IntegrationStatus.Finished;
        States = [.. Result.Samples.Select(z => Vector<double>.Build.Dense(K, i => z[i]))];
        Lengths = [.. Result.Samples.Select(z => z[K])];
    }

    /// <summary>The integrator's result.</summary>
    public IntegrationResult Result { get; }

    /// <summary>K.</summary>
    public int Dimension { get; }

    /// <summary>True if the event fired (or the integration failed) before the horizon.</summary>
    public bool Stopped { get; }

    /// <summary>The sample times reached.</summary>
    public ImmutableArray<double> Times => Result.SampleTimes;

    /// <summary>θ at each reached sample time.</summary>
    public ImmutableArray<Vector<double>> States { get; }

    /// <summary>ℓ(0, s) at each reached sample time.</summary>
    public ImmutableArray<double> Lengths { get; }

    /// <summary>θ(s) from the dense output.</summary>
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
