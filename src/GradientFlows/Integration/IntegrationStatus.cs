namespace GradientFlows.Integration;

/// <summary>How an integration ended; <see cref="IntegrationResult.Reason"/> says it in one line with the numbers.</summary>
public enum IntegrationStatus
{
    /// <summary>The end time was reached with every step meeting the tolerances.</summary>
    Finished,

    /// <summary>
    /// The step size needed to meet the tolerances fell below 10 ulp(t) while every derivative was finite (a blow-up, a
    /// singularity, or tolerances below what the arithmetic resolves).
    /// </summary>
    StepSizeTooSmall,

    /// <summary>The allowed number of step attempts was used up before the end time.</summary>
    MaxStepsExceeded,

    /// <summary>
    /// The right-hand side returned NaN or ±∞: at an accepted state, or at every stage of the step attempts until the
    /// step size fell below 10 ulp(t) (a field that turns non-finite beyond some t or some region of the state).
    /// </summary>
    NonFiniteDerivative,

    /// <summary>
    /// The right-hand side threw <see cref="OutsideDomainException"/>: at an accepted state, or at every step attempt until
    /// the step size fell below 10 ulp(t).
    /// </summary>
    OutsideDomain,

    /// <summary>A terminal event occurred: the integration ended at its time (<see cref="IntegrationResult.TerminalEvent"/>).</summary>
    Event,
}
