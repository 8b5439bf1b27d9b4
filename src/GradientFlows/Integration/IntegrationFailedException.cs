namespace GradientFlows.Integration;

/// <summary>
/// An integration could not reach its end time within its tolerances: the exception carries the integrator's
/// <see cref="IntegrationStatus"/> (<see cref="Status"/>) and its one-line <see cref="IntegrationResult.Reason"/>.
/// </summary>
public sealed class IntegrationFailedException : Exception
{
    /// <summary>Creates the exception from the failed result.</summary>
    public IntegrationFailedException(IntegrationResult result, string what)
        : base($"{what}: integration stopped with status {Preconditions.NotNull(result, nameof(result)).Status} at t = {result.Time:R}: " +
               $"{result.Reason} (step size {result.LastStepSize:E3}, {result.AcceptedSteps} steps, {result.RejectedSteps} rejected, " +
               $"{result.FunctionEvaluations} evaluations); expected to reach the end time within the tolerances.")
    {
        Result = result;
    }

    /// <summary>Why the integration stopped: the status of <see cref="Result"/>.</summary>
    public IntegrationStatus Status => Result.Status;

    /// <summary>The failed result, with counters, the failing t and h, and the reason.</summary>
    public IntegrationResult Result { get; }
}
