namespace GradientFlows.Experiments;

/// <summary>One sample time of an <see cref="AdaptedExperiment"/>.</summary>
/// <param name="Time">s.</param>
/// <param name="StandardCost">C along the standard flow.</param>
/// <param name="AdaptedCost">C along the adapted flow.</param>
/// <param name="PredictedCost">e^{−2s/N}C₀ (Theorem 2.1).</param>
/// <param name="StandardKernelMinimum">λ_min(DDᵀ) = σ_min(D)² on the standard path.</param>
/// <param name="StandardRank">Numerical rank of D on the standard path.</param>
/// <param name="AdaptedKernelMinimum">λ_min(DDᵀ) on the adapted path.</param>
/// <param name="AdaptedRank">Numerical rank of D on the adapted path.</param>
public readonly record struct AdaptedExperimentRow(
    double Time,
    double StandardCost,
    double AdaptedCost,
    double PredictedCost,
    double StandardKernelMinimum,
    int StandardRank,
    double AdaptedKernelMinimum,
    int AdaptedRank);
