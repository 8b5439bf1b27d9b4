using GradientFlows.Proofs;

namespace GradientFlows.Certificate;

/// <summary>The outcome of running one <see cref="TheoremCheck"/>.</summary>
/// <param name="Check">What was run.</param>
/// <param name="Drawn">Instances drawn: generated cases (checked or inconclusive), data rows, or 1.</param>
/// <param name="Checked">Instances on which the statement was evaluated.</param>
/// <param name="Inconclusive">Inconclusive instances by reason (discarded and redrawn; at most one per four checked).</param>
/// <param name="ByTolerance">For each named tolerance, the checks that used it and the largest fraction used.</param>
/// <param name="WorstSlack">Largest fraction of a tolerance used by any check (≤ 1 passes; negative is margin); −∞ if the test made only exact checks.</param>
/// <param name="Passed">Whether every checked instance passed and the 80 % rule held.</param>
/// <param name="Failure">FsCheck's or the exception's message on failure.</param>
/// <param name="Seconds">Wall time.</param>
internal sealed record CheckOutcome(
    TheoremCheck Check, int Drawn, int Checked, IReadOnlyDictionary<string, int> Inconclusive,
    IReadOnlyDictionary<string, ToleranceUse> ByTolerance, double WorstSlack, bool Passed, string? Failure, double Seconds)
{
    /// <summary>The outcome of a fixed construction or data rows: every instance is checked.</summary>
    public static CheckOutcome Fixed(
        TheoremCheck check, int instances, IReadOnlyDictionary<string, ToleranceUse> byTolerance, double worstSlack, bool passed, string? failure, double seconds) =>
        new(check, instances, instances, new Dictionary<string, int>(), byTolerance, worstSlack, passed, failure, seconds);
}
