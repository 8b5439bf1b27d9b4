namespace GradientFlows.Experiments;

/// <summary>One step j of <see cref="HealthExperiment"/>, at time t = jη.</summary>
/// <param name="Step">j.</param>
/// <param name="Time">t = jη.</param>
/// <param name="DescentLoss">f_j, the GD loss.</param>
/// <param name="FlowLoss">l(t), the gradient-flow loss.</param>
/// <param name="DescentHealthRatio">‖∇f(w_j)‖²/f_j (null where f_j = 0).</param>
/// <param name="RigorousBound">The rigorous §3.7 flow bound at t.</param>
/// <param name="SharpBound">The Supplement S1 flow bound at t.</param>
/// <param name="IdealisedBound">The source's idealised curve at t (erratum E13: not a theorem).</param>
/// <param name="DescentBound">The discrete D2.2 bound on f_j with the realised θ (null when θ ≤ 0 or trivial).</param>
public readonly record struct HealthExperimentRow(
    int Step,
    double Time,
    double DescentLoss,
    double FlowLoss,
    double? DescentHealthRatio,
    double RigorousBound,
    double SharpBound,
    double? IdealisedBound,
    double? DescentBound);
