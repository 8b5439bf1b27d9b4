using System.Collections.Immutable;
using GradientFlows.Integration;
using GradientFlows.Theory;

namespace GradientFlows.Experiments;

/// <summary>The outcome of <see cref="HealthExperiment.Run"/>.</summary>
/// <param name="Experiment">The experiment that was run.</param>
/// <param name="Eta">η.</param>
/// <param name="KernelMaxEigenvalue">λ_max(K₀).</param>
/// <param name="Efficiency">θ = min θⱼ over resolved steps (null if none).</param>
/// <param name="Guarantee">The constants α, β, t* of the guarantee.</param>
/// <param name="Rows">One row per step j = 0 … T.</param>
/// <param name="Integration">The integrator's report for the flow.</param>
public sealed record HealthExperimentResult(
    HealthExperiment Experiment,
    double Eta,
    double KernelMaxEigenvalue,
    double? Efficiency,
    TwoLayerReluGuarantee Guarantee,
    ImmutableArray<HealthExperimentRow> Rows,
    IntegrationResult Integration);
