using GradientFlows.Integration;

namespace GradientFlows.Solvers;

/// <summary>
/// Settings of <see cref="ModelSolver.Train"/>: the flow, the convergence threshold τ on the relative gradient
/// ‖∇C(θ)‖ ≤ τ·‖∇C(θ₀)‖, the time limit s_max of the flow, the integrator with its tolerances and step budget, and an
/// optional condition ratio ρ below which the adapted and Gauss–Newton flows count as having lost rank.
/// </summary>
/// <remarks>
/// Every property checks its value when it is set (<c>new SolverOptions { RelativeGradient = 0 }</c> throws), so a
/// <see cref="SolverOptions"/> that exists is valid. The defaults are the library's reference settings:
/// rtol 10⁻¹⁰, atol 10⁻¹² (<see cref="IntegrationTolerances.Reference"/>), Dormand–Prince 5(4), τ = 10⁻⁸,
/// time limit 10⁴, 100 000 step attempts.
/// </remarks>
public sealed record SolverOptions
{
    private readonly TrainingFlow _flow = TrainingFlow.Automatic;
    private readonly double _relativeGradient = 1e-8;
    private readonly double _timeLimit = 1e4;
    private readonly int _maxSteps = 100_000;
    private readonly double _conditionRatio;
    private readonly IntegrationTolerances _tolerances = IntegrationTolerances.Reference;
    private readonly EmbeddedRungeKutta _integrator = EmbeddedRungeKutta.DormandPrince;

    /// <summary>The default options.</summary>
    public static SolverOptions Default { get; } = new();

    /// <summary>The flow; default <see cref="TrainingFlow.Automatic"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a member of <see cref="TrainingFlow"/>.</exception>
    public TrainingFlow Flow
    {
        get => _flow;
        init => _flow = Enum.IsDefined(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Flow), value,
                $"{nameof(Flow)} = {(int)value}; expected one of {string.Join(", ", Enum.GetNames<TrainingFlow>())}.");
    }

    /// <summary>
    /// τ, the convergence threshold ‖∇C(θ)‖ ≤ τ·‖∇C(θ₀)‖; range 0 &lt; τ &lt; 1, default 10⁻⁸. Smaller τ may be
    /// unreachable: near θ* the explicit integrator's step size grows to its stability boundary and the orbit stagnates
    /// at a distance set by rtol and rounding (on Misra1a, τ = 10⁻¹⁰ is not reached from NIST start 2 at rtol 10⁻¹⁰;
    /// docs/solver.md). The solve then ends with <see cref="TrainingStop.TimeLimit"/>, with θ as accurate as the flow
    /// gets and the estimate saying so.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">τ ∉ (0, 1) or not finite.</exception>
    public double RelativeGradient
    {
        get => _relativeGradient;
        init => _relativeGradient = value > 0 && value < 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(RelativeGradient), value,
                $"{nameof(RelativeGradient)} = {value:R}; expected 0 < τ < 1 (the stop ‖∇C(θ)‖ ≤ τ·‖∇C(θ₀)‖).");
    }

    /// <summary>s_max, the flow time after which the solve stops unconverged; finite, &gt; 0, default 10⁴.</summary>
    /// <exception cref="ArgumentOutOfRangeException">s_max is not a finite positive number.</exception>
    public double TimeLimit
    {
        get => _timeLimit;
        init => _timeLimit = Preconditions.Positive(value, nameof(TimeLimit));
    }

    /// <summary>The step budget (accepted and rejected step attempts), ≥ 1, default 100 000.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Below 1.</exception>
    public int MaxSteps
    {
        get => _maxSteps;
        init => _maxSteps = Preconditions.AtLeast(value, 1, nameof(MaxSteps));
    }

    /// <summary>
    /// ρ, 0 ≤ ρ &lt; 1: the adapted and Gauss–Newton flows stop with <see cref="TrainingStop.RankLoss"/> where
    /// σ_min(D)/σ_max(D) falls below ρ (a terminal event located on the dense output). Default 0: only the numerical
    /// rank threshold max(QN, K)·ε·σ_max of <see cref="Geometry.PenroseInverse"/> counts. The ratio depends on the
    /// scaling of θ (Misra1a has σ_min/σ_max ≈ 10⁻⁶ at its solution), so there is no scale-free default.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">ρ ∉ [0, 1) or not finite.</exception>
    public double ConditionRatio
    {
        get => _conditionRatio;
        init => _conditionRatio = value >= 0 && value < 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(ConditionRatio), value,
                $"{nameof(ConditionRatio)} = {value:R}; expected 0 ≤ ρ < 1 (a bound on σ_min/σ_max).");
    }

    /// <summary>Local error tolerances of the integration; default rtol 10⁻¹⁰, atol 10⁻¹².</summary>
    /// <exception cref="ArgumentNullException">Null.</exception>
    public IntegrationTolerances Tolerances
    {
        get => _tolerances;
        init => _tolerances = Preconditions.NotNull(value, nameof(Tolerances));
    }

    /// <summary>The integrator; default <see cref="EmbeddedRungeKutta.DormandPrince"/>.</summary>
    /// <exception cref="ArgumentNullException">Null.</exception>
    public EmbeddedRungeKutta Integrator
    {
        get => _integrator;
        init => _integrator = Preconditions.NotNull(value, nameof(Integrator));
    }
}
