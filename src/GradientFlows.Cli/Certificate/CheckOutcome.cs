namespace GradientFlows.Cli.Certificate;

/// <summary>The outcome of running one <see cref="TheoremCheck"/>.</summary>
/// <param name="Check">What was run.</param>
/// <param name="Instances">Instances (generated cases, data rows or 1) checked.</param>
/// <param name="WorstSlack">Largest fraction of a tolerance used by any check (≤ 1 passes; negative is margin); −∞ if the test made only exact checks.</param>
/// <param name="Passed">Whether every instance passed.</param>
/// <param name="Failure">FsCheck's or the exception's message on failure.</param>
/// <param name="Seconds">Wall time.</param>
internal sealed record CheckOutcome(TheoremCheck Check, int Instances, double WorstSlack, bool Passed, string? Failure, double Seconds);
