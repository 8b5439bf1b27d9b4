namespace GradientFlows.Solvers;

/// <summary>
/// The flow θ′ = V(θ) by which <see cref="ModelSolver.Train"/> drives a squared-error cost C(θ) = (κ/2)‖x(θ) − y‖² to a
/// critical point (Chen, arXiv 2311.15487, §1.4).
/// </summary>
public enum TrainingFlow
{
    /// <summary>
    /// Adapted if K ≥ QN, else Gauss–Newton: the flow of Chen whose rank hypothesis (rank D = min(QN, K)) is generic for
    /// the model's shape.
    /// </summary>
    Automatic,

    /// <summary>The standard gradient flow θ′ = −∇C = −κDᵀ(x − y) (eq. (1.9)); defined for every model.</summary>
    Standard,

    /// <summary>
    /// The overparametrised adapted flow θ′ = −D⁺∇ₓC = −Dᵀ(DDᵀ)⁻¹κ(x − y) (eqs. (1.29)–(1.30)); needs K ≥ QN and
    /// rank D = QN along the orbit.
    /// </summary>
    Adapted,

    /// <summary>
    /// The Gauss–Newton flow θ′ = −(DᵀD)⁻¹Dᵀ∇ₓC (eqs. (1.33), (5.2)); needs K ≤ QN and rank D = K along the orbit.
    /// </summary>
    GaussNewton,
}
