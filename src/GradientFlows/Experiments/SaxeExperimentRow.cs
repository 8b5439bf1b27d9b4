using System.Collections.Immutable;

namespace GradientFlows.Experiments;

/// <summary>One sample time of <see cref="SaxeExperiment"/>; mode α is element α − 1 of each array.</summary>
/// <param name="Time">t.</param>
/// <param name="Oracle">The Saxe mode strengths u_α(t) (closed form for N = 2, scalar ODE otherwise).</param>
/// <param name="Decoupled">u_αᵀW(t)v_α along the flow from the decoupled balanced start.</param>
/// <param name="Gaussian">u_αᵀW(t)v_α along the flow from the small Gaussian start.</param>
/// <param name="OracleLoss">½Σ_α(s_α − u_α(t))² + ½(‖Y‖²_F − Σ_α s_α²).</param>
/// <param name="DecoupledLoss">L along the decoupled path.</param>
/// <param name="GaussianLoss">L along the Gaussian path.</param>
/// <param name="DecoupledDrift">maxᵢ‖Dᵢ(t) − Dᵢ(0)‖_F along the decoupled path.</param>
/// <param name="GaussianDrift">maxᵢ‖Dᵢ(t) − Dᵢ(0)‖_F along the Gaussian path.</param>
public sealed record SaxeExperimentRow(
    double Time,
    ImmutableArray<double> Oracle,
    ImmutableArray<double> Decoupled,
    ImmutableArray<double> Gaussian,
    double OracleLoss,
    double DecoupledLoss,
    double GaussianLoss,
    double DecoupledDrift,
    double GaussianDrift);
