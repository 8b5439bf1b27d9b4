namespace GradientFlows.Differentiation;

/// <summary>Constants of IEEE-754 binary64 arithmetic, named once with their convention.</summary>
/// <remarks>
/// C#'s <c>double.Epsilon</c> is the smallest subnormal (≈ 4.9·10⁻³²⁴), not machine epsilon; it is never used here.
/// </remarks>
public static class FloatingPoint
{
    /// <summary>Unit roundoff u = 2⁻⁵³ ≈ 1.11·10⁻¹⁶: |fl(x) − x| ≤ u·|x| for round-to-nearest.</summary>
    public const double UnitRoundoff = 1.0 / 9007199254740992.0;

    /// <summary>Machine epsilon ε = 2⁻⁵² ≈ 2.22·10⁻¹⁶: the gap between 1 and the next double.</summary>
    public const double MachineEpsilon = 2.0 * UnitRoundoff;

    /// <summary>eˣ − 1 without cancellation for small |x| (Kahan's trick: (u − 1)·x/ln u with u = fl(eˣ)).</summary>
    public static double ExpMinusOne(double x)
    {
        double u = Math.Exp(x);
        if (u == 1.0)
        {
            return x;
        }
        double um1 = u - 1.0;
        return um1 == -1.0 ? -1.0 : um1 * x / Math.Log(u);
    }
}
