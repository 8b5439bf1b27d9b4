using System.Collections.Immutable;
using GradientFlows.Integration;

namespace GradientFlows.Experiments;

/// <summary>The outcome of <see cref="AdaptedExperiment.Run"/>.</summary>
/// <param name="Experiment">The experiment that was run.</param>
/// <param name="K">K, the number of parameters.</param>
/// <param name="QN">QN, the number of stacked outputs.</param>
/// <param name="Cost0">C₀.</param>
/// <param name="Epsilon">ε.</param>
/// <param name="PredictedStoppingTime">T_ε = (N/2)ln(C₀/ε) (Theorem 2.3).</param>
/// <param name="AdaptedCrossing">The observed first time with C ≤ ε on the adapted flow (null if none).</param>
/// <param name="StandardCrossing">The same on the standard flow (null if it does not reach ε by 1.25·T_ε).</param>
/// <param name="Rows">One row per sample time.</param>
/// <param name="StandardIntegration">The integrator's report for the standard flow.</param>
/// <param name="AdaptedIntegration">The integrator's report for the adapted flow.</param>
public sealed record AdaptedExperimentResult(
    AdaptedExperiment Experiment,
    int K,
    int QN,
    double Cost0,
    double Epsilon,
    double PredictedStoppingTime,
    double? AdaptedCrossing,
    double? StandardCrossing,
    ImmutableArray<AdaptedExperimentRow> Rows,
    IntegrationResult StandardIntegration,
    IntegrationResult AdaptedIntegration);
