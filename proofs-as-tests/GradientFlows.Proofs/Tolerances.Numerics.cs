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

    /// <summary>
    /// SciPy 1.10 <c>solve_ivp(method='RK45', rtol=tol, atol=tol)</c> function-evaluation counts on the Arenstorf orbit
    /// over one period (recorded with Debian's python3-scipy; the script is in docs/numerics.md). Exact counts: the two
    /// drivers make the same decisions, so any difference is a change of the method or of its step control.
    /// </summary>
    public static IReadOnlyList<(double Tol, int Evaluations)> ArenstorfRk45Evaluations { get; } =
        [(1e-6, 1004), (1e-8, 2114), (1e-10, 4772)];

    /// <summary>
    /// Closure |y₁(T) − y₁(0)| + |y₂(T) − y₂(0)| of the Arenstorf orbit at tolerance tol: SciPy's RK45 leaves 125·tol,
    /// 133·tol and 277·tol at tol = 10⁻⁶, 10⁻⁸, 10⁻¹⁰ (the orbit passes close to the moon, where local errors are
    /// amplified); 10³·tol bounds all three with a margin ≥ 3.6, and a method of lower order misses it by far.
    /// </summary>
    public static Tolerance ArenstorfClosure(double tol) =>
        new(1e3 * tol, $"1e3·tol = 1e3·{tol:G2} (global error of the Arenstorf orbit, measured ≤ 277·tol with SciPy)");
}
