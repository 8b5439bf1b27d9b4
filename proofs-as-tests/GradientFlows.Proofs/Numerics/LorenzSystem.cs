namespace GradientFlows.Proofs.Numerics;

/// <summary>
/// The Lorenz system x′ = σ(y − x), y′ = x(r − z) − y, z′ = xy − bz with σ = 10, r = 28, b = 8/3 on [0, 16] from
/// (−8, 8, 27) (Hairer, Nørsett, Wanner, Solving ODEs I, §I.16 and the "LRNZ" problem of §II.10): a chaotic non-stiff
/// test of step-size control.
/// </summary>
internal static class LorenzSystem
{
    /// <summary>The end of the interval.</summary>
    public const double End = 16;

    /// <summary>The initial state.</summary>
    public static double[] Initial => [-8, 8, 27];

    /// <summary>The right-hand side.</summary>
    public static void Field(double t, ReadOnlySpan<double> y, Span<double> dy)
    {
        dy[0] = 10 * (y[1] - y[0]);
        dy[1] = y[0] * (28 - y[2]) - y[1];
        dy[2] = y[0] * y[1] - 8.0 / 3 * y[2];
    }
}
