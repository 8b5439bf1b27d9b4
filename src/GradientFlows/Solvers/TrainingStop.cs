namespace GradientFlows.Solvers;

/// <summary>Why <see cref="ModelSolver.Train"/> stopped; <see cref="TrainingResult.Reason"/> says it in one line.</summary>
public enum TrainingStop
{
    /// <summary>‖∇C(θ)‖ ≤ τ·‖∇C(θ₀)‖ was reached (or ∇C(θ₀) = 0: θ₀ is already critical).</summary>
    Converged,

    /// <summary>The flow reached the time limit s_max before converging.</summary>
    TimeLimit,

    /// <summary>
    /// The adapted or Gauss–Newton flow left its domain: the numerical rank of D fell below min(QN, K) (threshold of
    /// <see cref="Geometry.PenroseInverse.Threshold"/>), or σ_min/σ_max fell below the option's condition ratio ρ.
    /// </summary>
    RankLoss,

    /// <summary>The step budget was used up before converging (typically a stiff flow: the standard flow on an
    /// ill-conditioned D).</summary>
    StepBudget,

    /// <summary>The integrator failed otherwise: step size below 10 ulp(s), or a non-finite velocity.</summary>
    IntegrationFailed,
}
