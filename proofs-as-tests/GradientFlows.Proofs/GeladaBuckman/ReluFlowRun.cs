using GradientFlows.Flows;
using GradientFlows.Proofs.Generators;
using GradientFlows.Theory;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.GeladaBuckman;

/// <summary>
/// The gradient flow of a generated ReLU instance, integrated with the augmented state at the spec's tolerances and
/// sampled at 200 uniform times plus t* and T₀ (spec §3.7 numerical check).
/// </summary>
internal sealed class ReluFlowRun
{
    /// <summary>Number of uniform sample times.</summary>
    public const int UniformSamples = 200;

    /// <summary>
    /// The horizon T = max(3t*, 1.5T₀) of the spec, capped at 100/λ_max(K₀): a hundred time constants of the fastest mode
    /// of the tangent kernel at w₀, which keeps the step count bounded while the loss has long reached its floor. The
    /// integration runs under the step budget <see cref="Tolerances.FlowStepBudget"/> with λ = λ_max(K₀) (so at most
    /// 10⁵ attempts); any status other than Finished fails the instance.
    /// </summary>
    public ReluFlowRun(ReluInstance instance)
    {
        Instance = instance;
        var network = instance.Network;
        var w0 = instance.W0;
        Guarantee = new TwoLayerReluGuarantee(network, w0, instance.Q);
        double lambdaMax = network.TangentKernel(w0).Evd(Symmetricity.Symmetric).EigenValues.Real().Maximum();
        double cap = lambdaMax > 0 ? 100 / lambdaMax : 1.0;
        double wanted = Guarantee.Rigorous is { } bound ? Math.Max(3 * bound.CriticalTime, 1.5 * Guarantee.SharpHorizon) : cap;
        Horizon = Math.Min(wanted, cap);
        var times = Enumerable.Range(0, UniformSamples).Select(i => i == UniformSamples - 1 ? Horizon : Horizon * i / (UniformSamples - 1)).ToList();
        if (Guarantee.Rigorous is { } rigorous && rigorous.CriticalTime < Horizon)
        {
            times.Add(rigorous.CriticalTime);
        }
        if (Guarantee.SharpHorizon < Horizon)
        {
            times.Add(Guarantee.SharpHorizon);
        }
        times.Sort();
        Trajectory = BudgetedFlow.Solve(instance.Loss, w0, Horizon, times, lambdaMax);
    }

    /// <summary>The instance.</summary>
    public ReluInstance Instance { get; }

    /// <summary>The constants of the guarantee computed from w₀.</summary>
    public TwoLayerReluGuarantee Guarantee { get; }

    /// <summary>T.</summary>
    public double Horizon { get; }

    /// <summary>The integrated trajectory.</summary>
    public FlowTrajectory Trajectory { get; }
}
