using System.Collections.Immutable;

namespace GradientFlows.Integration;

/// <summary>The outcome of <see cref="EmbeddedRungeKutta.Solve"/>: a status, the state reached, counters, samples.</summary>
public sealed class IntegrationResult
{
    internal IntegrationResult(
        IntegrationStatus status,
        double time,
        double[] state,
        int acceptedSteps,
        int rejectedSteps,
        int functionEvaluations,
        double lastStepSize,
        ImmutableArray<double> sampleTimes,
        ImmutableArray<ImmutableArray<double>> samples,
        DenseOutput? denseOutput,
        ImmutableArray<EventOccurrence> events,
        EventOccurrence? terminalEvent,
        string reason)
    {
        Events = events;
        TerminalEvent = terminalEvent;
        Reason = reason;
        Status = status;
        Time = time;
        State = [.. state];
        AcceptedSteps = acceptedSteps;
        RejectedSteps = rejectedSteps;
        FunctionEvaluations = functionEvaluations;
        LastStepSize = lastStepSize;
        SampleTimes = sampleTimes;
        Samples = samples;
        DenseOutput = denseOutput;
    }

    /// <summary>How the integration ended.</summary>
    public IntegrationStatus Status { get; }

    /// <summary>
    /// Why the integration stopped, in one line with its numbers (the failing t and h, the budget, the event), e.g.
    /// "F returned a non-finite value at every step attempt from t = 0.5 …".
    /// </summary>
    public string Reason { get; }

    /// <summary>Every located event occurrence, in time order (a terminal one last).</summary>
    public ImmutableArray<EventOccurrence> Events { get; }

    /// <summary>The terminal event that ended the integration (status <see cref="IntegrationStatus.Event"/>), else null.</summary>
    public EventOccurrence? TerminalEvent { get; }

    /// <summary>
    /// The time reached: the end time if <see cref="Status"/> is Finished, the event time if it is Event, else the time
    /// of failure (the last accepted time).
    /// </summary>
    public double Time { get; }

    /// <summary>The state at <see cref="Time"/>.</summary>
    public ImmutableArray<double> State { get; }

    /// <summary>Accepted steps.</summary>
    public int AcceptedSteps { get; }

    /// <summary>Rejected step attempts.</summary>
    public int RejectedSteps { get; }

    /// <summary>Evaluations of the right-hand side, including those of the initial step-size selection.</summary>
    public int FunctionEvaluations { get; }

    /// <summary>The last step size attempted (at failure: the step that could not be made).</summary>
    public double LastStepSize { get; }

    /// <summary>The requested sample times that were reached.</summary>
    public ImmutableArray<double> SampleTimes { get; }

    /// <summary>The state at each of <see cref="SampleTimes"/>, from the dense output of the step containing it.</summary>
    public ImmutableArray<ImmutableArray<double>> Samples { get; }

    /// <summary>The continuous extension over the whole interval, if it was requested.</summary>
    public DenseOutput? DenseOutput { get; }

    /// <summary>One line: status, time, steps, rejections, evaluations and the reason.</summary>
    public override string ToString() =>
        $"{Status} at t = {Time:G6}: {AcceptedSteps} steps, {RejectedSteps} rejected, {FunctionEvaluations} evaluations ({Reason})";
}
