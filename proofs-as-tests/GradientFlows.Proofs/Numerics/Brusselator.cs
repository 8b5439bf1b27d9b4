namespace GradientFlows.Proofs.Numerics;

/// <summary>
/// The Brusselator y₁′ = 1 + y₁²y₂ − 4y₁, y₂′ = 3y₁ − y₁²y₂ (A = 1, B = 3) on [0, 20] from (1.5, 3) (Hairer, Nørsett,
/// Wanner, Solving ODEs I, §II.0 and the "BRUS" problem of §II.10): a non-stiff limit cycle.
/// </summary>
internal static class Brusselator
{
    /// <summary>The end of the interval.</summary>
    public const double End = 20;

    /// <summary>The initial state.</summary>
    public static double[] Initial => [1.5, 3];

    /// <summary>The right-hand side.</summary>
    public static void Field(double t, ReadOnlySpan<double> y, Span<double> dy)
    {
        double y1Sq = y[0] * y[0];
        dy[0] = 1 + y1Sq * y[1] - 4 * y[0];
        dy[1] = 3 * y[0] - y1Sq * y[1];
    }
}
