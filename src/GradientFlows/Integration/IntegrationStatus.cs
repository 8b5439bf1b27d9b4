namespace GradientFlows.Integration;

/// <summary>How an integration ended.</summary>
public enum IntegrationStatus
{
    /// <summary>The end time was reached with every step meeting the tolerances.</summary>
    Finished,

    /// <summary>The step size needed to meet the tolerances fell below the resolution of t.</summary>
    StepSizeTooSmall,

    /// <summary>The allowed number of step attempts was used up before the end time.</summary>
    MaxStepsExceeded,

    /// <summary>The right-hand side returned NaN or ±∞.</summary>
    NonFiniteDerivative,
}
