namespace GradientFlows.Proofs.Numerics;

/// <summary>
/// The Arenstorf orbit of the restricted three-body problem (Hairer, Nørsett, Wanner, Solving ODEs I, §II.0, eq. 0.1):
/// a non-stiff problem whose solution is periodic with period <see cref="Period"/>, the classic test of step-size
/// control.
/// </summary>
internal static class ArenstorfOrbit
{
    /// <summary>μ, the mass ratio of moon and earth.</summary>
    public const double Mu = 0.012277471;

    /// <summary>The period T of the orbit.</summary>
    public const double Period = 17.0652165601579625588917206249;

    /// <summary>The initial state (y₁, y₂, y₁′, y₂′) of the periodic orbit.</summary>
    public static double[] Initial => [0.994, 0.0, 0.0, -2.00158510637908252240537862224];

    /// <summary>The right-hand side y′ = F(y) of the first-order system.</summary>
    public static void Field(double t, ReadOnlySpan<double> y, Span<double> dy)
    {
        double muPrime = 1 - Mu;
        double d1 = Math.Pow((y[0] + Mu) * (y[0] + Mu) + y[1] * y[1], 1.5);
        double d2 = Math.Pow((y[0] - muPrime) * (y[0] - muPrime) + y[1] * y[1], 1.5);
        dy[0] = y[2];
        dy[1] = y[3];
        dy[2] = y[0] + 2 * y[3] - muPrime * (y[0] + Mu) / d1 - Mu * (y[0] - muPrime) / d2;
        dy[3] = y[1] - 2 * y[2] - muPrime * y[1] / d1 - Mu * y[1] / d2;
    }
}
