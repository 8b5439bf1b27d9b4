using FsCheck;
using FsCheck.Fluent;

namespace GradientFlows.Proofs;

/// <summary>
/// What one generated instance of a property established: the statement was checked, or the instance was
/// <em>inconclusive</em> (a hypothesis that the generator could not guarantee failed, or too little of an orbit was
/// reached to say anything). Inconclusive instances are discarded, so FsCheck draws another one; a property whose
/// inconclusive instances exceed one in <see cref="InconclusivePerChecked"/> checked ones is <em>exhausted</em> and
/// fails. That is the 80 % rule: at least <see cref="ConclusiveFraction"/> of the instances drawn are checked.
/// </summary>
/// <remarks>
/// The rule is carried by FsCheck's <c>MaxRejected</c>: the assembly default (<see cref="MaxInconclusiveOf100"/>) fits
/// the default 100 cases, and every property with another <c>MaxTest</c> sets <c>MaxRejected = MaxTest / 4</c>
/// (enforced by a convention test). The certificate run (<c>verify</c>) scales both with its count and lists the
/// reasons of the inconclusive instances.
/// </remarks>
public static class Verdict
{
    /// <summary>At least this fraction of the instances a property draws must be conclusive (spec §3: 80 %).</summary>
    public const double ConclusiveFraction = 0.8;

    /// <summary>
    /// At most one inconclusive instance per this many checked ones: MaxRejected = MaxTest/4 means at most
    /// 25 inconclusive per 100 checked, i.e. at least 100/125 = 80 % conclusive.
    /// </summary>
    public const int InconclusivePerChecked = 4;

    /// <summary>MaxRejected for the default 100 checked instances.</summary>
    public const int MaxInconclusiveOf100 = 100 / InconclusivePerChecked;

    /// <summary>
    /// A flow result counts as checked only if the statement was evaluated at this many sample times after s = 0
    /// (issue "every instance counts": a check at s = 0 alone, where x(0) = x₀, proves nothing about the flow).
    /// </summary>
    public const int MinimumFlowSamples = 5;

    /// <summary>The instance was checked; the property holds on it (the checks made so far would have thrown).</summary>
    public static Property Checked() => Prop.ToProperty(true);

    /// <summary>
    /// The instance was inconclusive for <paramref name="reason"/>: it is discarded (FsCheck draws another) and the
    /// reason is recorded for the certificate.
    /// </summary>
    public static Property Inconclusive(string reason)
    {
        SlackLog.RecordInconclusive(reason);
        return Prop.When(true, false);
    }

    /// <summary>
    /// A flow instance whose statement was evaluated at <paramref name="samplesAfterStart"/> sample times after s = 0:
    /// checked if that is at least <see cref="MinimumFlowSamples"/>, inconclusive for <paramref name="reason"/>
    /// otherwise.
    /// </summary>
    public static Property FlowChecked(int samplesAfterStart, string reason) =>
        samplesAfterStart >= MinimumFlowSamples ? Checked() : Inconclusive($"{reason} (fewer than {MinimumFlowSamples} samples after s = 0)");
}
