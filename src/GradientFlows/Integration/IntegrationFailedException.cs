namespace GradientFlows.Integration;

/// <summary>An integration could not reach its end time within its tolerances.</summary>
public sealed class IntegrationFailedException : Exception
{
    /// <summary>Creates the exception from the failed result.</summary>
    public IntegrationFailedException(IntegrationResult result, string what)
        : base($"{what}: integration stopped with status {result.Status} at t = {result.Time:R} " +
               $"(step size {result.LastStepSize:E3}, {result.AcceptedSteps} steps, {result.RejectedSteps} rejected, " +
               $"{result.FunctionEvaluations} evaluations); expected to reach the end time within the tolerances.")
    {
        Result = result;
    }

    /// <summary>The failed result, with counters and the failing t and h.</summary>
    public IntegrationResult Result { get; }
}
