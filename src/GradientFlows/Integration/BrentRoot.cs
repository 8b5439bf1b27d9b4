namespace GradientFlows.Integration;

/// <summary>
/// Brent's method for a root of a continuous g on a bracket [a, b] with g(a)·g(b) ≤ 0 (Brent, Algorithms for
/// Minimization without Derivatives, 1973, ch. 4, procedure <c>zero</c>): inverse quadratic interpolation and secant
/// steps, falling back to bisection so the bracket shrinks at least as fast as bisection's every few steps.
/// </summary>
internal static class BrentRoot
{
    /// <summary>
    /// Shrinks the bracket until its width is ≤ 4u·|b| + δ and returns its end on the side where g has the sign of
    /// g(<paramref name="a"/>) (the side before a crossing when a is the earlier time), or a point with g = 0 exactly.
    /// </summary>
    /// <param name="g">The function; evaluated only inside [a, b].</param>
    /// <param name="a">One end; g(a) ≠ 0.</param>
    /// <param name="b">The other end.</param>
    /// <param name="ga">g(a).</param>
    /// <param name="gb">g(b), of the other sign or zero.</param>
    /// <param name="accuracy">δ ≥ 0.</param>
    public static double Find(Func<double, double> g, double a, double b, double ga, double gb, double accuracy)
    {
        const double U = Differentiation.FloatingPoint.UnitRoundoff;
        double sideSign = Math.Sign(ga);
        if (gb == 0)
        {
            return b;
        }
        double c = a, gc = ga, d = b - a, e = d;
        for (int iteration = 0; iteration < 200; iteration++)
        {
            if (Math.Sign(gb) == Math.Sign(gc))
            {
                // Keep the root between b and c.
                c = a;
                gc = ga;
                d = e = b - a;
            }
            if (Math.Abs(gc) < Math.Abs(gb))
            {
                (a, b, c) = (b, c, b);
                (ga, gb, gc) = (gb, gc, gb);
            }
            double tol = 2 * U * Math.Abs(b) + 0.5 * accuracy;
            double m = 0.5 * (c - b);
            if (Math.Abs(m) <= tol || gb == 0)
            {
                break;
            }
            if (Math.Abs(e) < tol || Math.Abs(ga) <= Math.Abs(gb))
            {
                d = e = m;
            }
            else
            {
                double s = gb / ga, p, q;
                if (a == c)
                {
                    p = 2 * m * s;
                    q = 1 - s;
                }
                else
                {
                    double qa = ga / gc, r = gb / gc;
                    p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1));
                    q = (qa - 1) * (r - 1) * (s - 1);
                }
                if (p > 0)
                {
                    q = -q;
                }
                else
                {
                    p = -p;
                }
                if (2 * p < 3 * m * q - Math.Abs(tol * q) && p < Math.Abs(0.5 * e * q))
                {
                    e = d;
                    d = p / q;
                }
                else
                {
                    d = e = m;
                }
            }
            a = b;
            ga = gb;
            b += Math.Abs(d) > tol ? d : (m > 0 ? tol : -tol);
            gb = g(b);
        }
        if (gb == 0)
        {
            return b;
        }
        return Math.Sign(gb) == sideSign ? b : c;
    }
}
