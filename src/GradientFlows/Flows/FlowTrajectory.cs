using System.Collections.Immutable;
using GradientFlows.Integration;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Flows;

/// <summary>The recorded trajectory of a <see cref="ParameterFlow"/>: points, states, and the integrator's report.</summary>
public sealed class FlowTrajectory
{
    private readonly int _dimension;

    internal FlowTrajectory(ParameterFlow flow, Vector<double> theta0, IntegrationResult integration)
    {
        Flow = flow;
        Integration = integration;
        _dimension = theta0.Count;
        InitialPoint = theta0.Clone();
        InitialLoss = flow.Objective.Value(theta0);
        var points = ImmutableArray.CreateBuilder<TrajectoryPoint>(integration.Samples.Length);
        for (int s = 0; s < integration.Samples.Length; s++)
        {
            var z = integration.Samples[s];
            var theta = Vector<double>.Build.Dense(_dimension, i => z[i]);
            var g = flow.Objective.Gradient(theta);
            points.Add(new TrajectoryPoint(
                integration.SampleTimes[s],
                flow.Objective.Value(theta),
                g.DotProduct(g),
                (theta - theta0).L2Norm(),
                z[_dimension + 1],
                z[_dimension]));
        }
        Points = points.MoveToImmutable();
    }

    /// <summary>The flow that was integrated.</summary>
    public ParameterFlow Flow { get; }

    /// <summary>θ₀.</summary>
    public Vector<double> InitialPoint { get; }

    /// <summary>l(0) = f(θ₀).</summary>
    public double InitialLoss { get; }

    /// <summary>The recorded points, one per sample time reached (a terminal event drops the later ones).</summary>
    public ImmutableArray<TrajectoryPoint> Points { get; }

    /// <summary>The integrator's report: status, steps, rejections, evaluations, dense output if kept.</summary>
    public IntegrationResult Integration { get; }

    /// <summary>
    /// The name of the terminal <see cref="FlowEvent"/> that ended the flow before t_end (e.g. the convergence stop),
    /// or null if it reached t_end. <see cref="IntegrationResult.Reason"/> says it with the time.
    /// </summary>
    public string? StoppedBy => Integration.TerminalEvent?.Name;

    /// <summary>The time reached: t_end, or the time of the terminal event.</summary>
    public double EndTime => Integration.Time;

    /// <summary>Every located event occurrence (time order), with θ at its time in <see cref="EventState"/>.</summary>
    public ImmutableArray<EventOccurrence> Events => Integration.Events;

    /// <summary>θ at an event occurrence.</summary>
    public Vector<double> EventState(EventOccurrence occurrence)
    {
        Preconditions.NotNull(occurrence, nameof(occurrence));
        return Vector<double>.Build.Dense(_dimension, i => occurrence.State[i]);
    }

    /// <summary>θ at the sample with index <paramref name="index"/>.</summary>
    public Vector<double> StateAt(int index)
    {
        var z = Integration.Samples[index];
        return Vector<double>.Build.Dense(_dimension, i => z[i]);
    }

    /// <summary>θ at the end time (t_end, or a terminal event's time).</summary>
    public Vector<double> FinalState => Vector<double>.Build.Dense(_dimension, i => Integration.State[i]);

    /// <summary>θ(t) from the dense output.</summary>
    /// <exception cref="InvalidOperationException">The dense output was not kept.</exception>
    public Vector<double> StateAtTime(double t)
    {
        var dense = Integration.DenseOutput
            ?? throw new InvalidOperationException("the dense output was not kept; solve with keepDenseOutput: true.");
        var z = dense.Evaluate(t);
        return Vector<double>.Build.Dense(_dimension, i => z[i]);
    }
}
