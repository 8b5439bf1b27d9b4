using GradientFlows.Integration;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Solvers;

/// <summary>
/// The outcome of <see cref="ModelSolver.Train"/>: the parameters θ reached at flow time s, the cost and gradient there,
/// why the flow stopped, the integrator's work, and the error estimate δ = D⁺r of θ.
/// </summary>
public sealed class TrainingResult
{
    private readonly Vector<double> _theta;

    internal TrainingResult(
        TrainingFlow flow, Vector<double> theta, double cost, double gradientNorm, double initialGradientNorm,
        TrainingStop stop, string reason, double time, int functionEvaluations, int acceptedSteps, int rejectedSteps,
        IntegrationStatus status, GaussNewtonErrorEstimate estimate)
    {
        Flow = flow;
        _theta = theta.Clone();
        Cost = cost;
        GradientNorm = gradientNorm;
        InitialGradientNorm = initialGradientNorm;
        Stop = stop;
        Reason = reason;
        Time = time;
        FunctionEvaluations = functionEvaluations;
        AcceptedSteps = acceptedSteps;
        RejectedSteps = rejectedSteps;
        Status = status;
        Estimate = estimate;
    }

    /// <summary>The flow that was integrated (never <see cref="TrainingFlow.Automatic"/>: the choice it resolved to).</summary>
    public TrainingFlow Flow { get; }

    /// <summary>θ at the stop (a copy).</summary>
    public Vector<double> Parameters => _theta.Clone();

    /// <summary>C(θ) = (κ/2)‖x(θ) − y‖² at the stop.</summary>
    public double Cost { get; }

    /// <summary>‖∇C(θ)‖ at the stop.</summary>
    public double GradientNorm { get; }

    /// <summary>‖∇C(θ₀)‖.</summary>
    public double InitialGradientNorm { get; }

    /// <summary>Why the flow stopped.</summary>
    public TrainingStop Stop { get; }

    /// <summary>Why the flow stopped, in one line with its numbers.</summary>
    public string Reason { get; }

    /// <summary>The flow time s reached.</summary>
    public double Time { get; }

    /// <summary>Evaluations of the velocity field V(θ).</summary>
    public int FunctionEvaluations { get; }

    /// <summary>Accepted integration steps.</summary>
    public int AcceptedSteps { get; }

    /// <summary>Rejected step attempts.</summary>
    public int RejectedSteps { get; }

    /// <summary>The integrator's own status (<see cref="IntegrationStatus.Event"/> for a convergence or rank stop).</summary>
    public IntegrationStatus Status { get; }

    /// <summary>The error estimate δ = D⁺[θ]r(θ) at the final θ, with its validity (see <see cref="GaussNewtonErrorEstimate"/>).</summary>
    public GaussNewtonErrorEstimate Estimate { get; }

    /// <summary>
    /// ‖δ‖ = ‖D⁺r‖, the estimated distance of θ from the nearest stationary point (first order; exact for a linear model
    /// of full column rank), or null where D[θ] is rank-deficient.
    /// </summary>
    public double? EstimatedError => Estimate.IsFullRank ? Estimate.Length : null;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Flow}: {Stop} at s = {Time:G6} ({Reason}); C = {Cost:G6}, ‖∇C‖ = {GradientNorm:G3}, " +
        $"estimated error {(EstimatedError is double e ? e.ToString("G3", System.Globalization.CultureInfo.InvariantCulture) : "undefined (rank-deficient D)")}, " +
        $"{FunctionEvaluations} evaluations, {AcceptedSteps} steps, {RejectedSteps} rejected";
}
