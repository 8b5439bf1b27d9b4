namespace GradientFlows.Integration;

/// <summary>Which sign changes of an event function g count (SciPy's <c>event.direction</c>).</summary>
public enum EventDirection
{
    /// <summary>Every sign change.</summary>
    Any,

    /// <summary>Only g going from negative to non-negative.</summary>
    Rising,

    /// <summary>Only g going from positive to non-positive.</summary>
    Falling,
}
