namespace GradientFlows.Integration;

/// <summary>
/// The elementary step-size controller h_new = h·clamp(Safety·err^{−1/(p̂+1)}, MinFactor, MaxFactor), where err is the
/// scaled RMS norm of the embedded error estimate (Hairer, Nørsett, Wanner, Solving ODEs I, §II.4).
/// </summary>
/// <param name="Safety">Safety factor, 0 &lt; Safety ≤ 1.</param>
/// <param name="MinFactor">Smallest ratio h_new/h, 0 &lt; MinFactor &lt; 1.</param>
/// <param name="MaxFactor">Largest ratio h_new/h, MaxFactor &gt; 1.</param>
public sealed record StepSizeController(double Safety = 0.9, double MinFactor = 0.2, double MaxFactor = 10.0)
{
    /// <summary>The default controller: Safety 0.9, MinFactor 0.2, MaxFactor 10.</summary>
    public static StepSizeController Default { get; } = new();

    /// <summary>The ratio h_new/h after a step with scaled error <paramref name="error"/>.</summary>
    /// <param name="error">Scaled RMS error (≤ 1 means the step is accepted).</param>
    /// <param name="embeddedOrder">p̂, the order of the embedded solution.</param>
    /// <param name="afterRejection">True if the previous attempt was rejected: then the step may not grow.</param>
    public double Factor(double error, int embeddedOrder, bool afterRejection)
    {
        double factor = error == 0 ? MaxFactor : Safety * Math.Pow(error, -1.0 / (embeddedOrder + 1));
        factor = Math.Clamp(factor, MinFactor, MaxFactor);
        return afterRejection ? Math.Min(factor, 1.0) : factor;
    }
}
