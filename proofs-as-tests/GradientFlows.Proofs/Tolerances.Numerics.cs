namespace GradientFlows.Proofs;

public static partial class Tolerances
{
    /// <summary>
    /// Empirical order of a method from errors at h and h/2: log₂(e_h/e_{h/2}) must lie within ±0.3 of the order p.
    /// The asymptotic regime is reached when the next error term is below 2⁻⁰·³ ≈ 0.81 of the leading one; the step
    /// sizes of the test (h = 2⁻⁴ … 2⁻⁶ on a unit-scale linear system) put it there while e_h stays far above rounding.
    /// </summary>
    public const double OrderSlack = 0.3;

    /// <summary>
    /// Closed-form comparisons of an adaptive integration: the global error of a stable linear system over a horizon of a
    /// few time constants is at most a small multiple of (number of steps)·(rtol·|y| + atol); 10³·rtol relative to the
    /// state scale covers it with margin at rtol = 10⁻¹⁰ (observed ≤ 10·rtol).
    /// </summary>
    public static Tolerance LinearSystemGlobalError(double rtol, double stateScale) =>
        new(1e3 * rtol * Math.Max(1, stateScale), $"1e3·rtol·max(1, ‖y‖ = {stateScale:G3}) (global error of a stable linear system)");
}
