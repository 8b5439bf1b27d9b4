using System.Collections.Immutable;

namespace GradientFlows.TestVectors;

/// <summary>Samples of the standard and adapted flows from θ, with the integrator settings that produced them.</summary>
public sealed record TrajectoryExpectations
{
    /// <summary>The method, e.g. "Dormand–Prince 5(4)".</summary>
    public required string Integrator { get; init; }

    /// <summary>Relative local tolerance rtol.</summary>
    public required double RelativeTolerance { get; init; }

    /// <summary>Absolute local tolerance atol.</summary>
    public required double AbsoluteTolerance { get; init; }

    /// <summary>The standard flow θ′ = −∇C.</summary>
    public required ImmutableArray<TrajectorySample> Standard { get; init; }

    /// <summary>The adapted flow θ′ = −D⁺∇ₓC (the least-squares form, Theorem 4.1).</summary>
    public required ImmutableArray<TrajectorySample> Adapted { get; init; }
}

/// <summary>One sample of a flow.</summary>
/// <param name="Time">s.</param>
/// <param name="Cost">C(θ(s)).</param>
/// <param name="Distance">‖θ(s) − θ(0)‖₂, the Euclidean distance over all K parameters.</param>
public sealed record TrajectorySample(double Time, double Cost, double Distance);
