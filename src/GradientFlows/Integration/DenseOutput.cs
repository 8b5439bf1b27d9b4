using System.Collections.Immutable;

namespace GradientFlows.Integration;

/// <summary>
/// The continuous extension of an integration: on each accepted step [t₀, t₀ + h],
/// y(t₀ + θh) = y₀ + h·Σᵢ kᵢ·Σⱼ Pᵢⱼθʲ⁺¹ with the tableau's coefficients P.
/// </summary>
public sealed class DenseOutput
{
    private readonly ButcherTableau _tableau;
    private readonly List<Segment> _segments = [];

    internal DenseOutput(ButcherTableau tableau) => _tableau = tableau;

    /// <summary>Start of the covered interval.</summary>
    public double StartTime => _segments.Count == 0 ? double.NaN : _segments[0].T0;

    /// <summary>End of the covered interval.</summary>
    public double EndTime => _segments.Count == 0 ? double.NaN : _segments[^1].End;

    /// <summary>Number of accepted steps (segments).</summary>
    public int SegmentCount => _segments.Count;

    /// <summary>
    /// The accepted step boundaries t₀ &lt; t₁ &lt; … (length SegmentCount + 1); the last is <see cref="EndTime"/>, which a
    /// terminal event may put inside the last step.
    /// </summary>
    public ImmutableArray<double> StepTimes =>
        _segments.Count == 0 ? [] : [.. _segments.Select(s => s.T0), EndTime];

    /// <summary>
    /// The length h of each accepted step, as taken (length SegmentCount): the last step may extend past
    /// <see cref="EndTime"/> when a terminal event cut it.
    /// </summary>
    public ImmutableArray<double> StepLengths => [.. _segments.Select(s => s.H)];

    /// <summary>y(t) for t in [StartTime, EndTime].</summary>
    /// <exception cref="ArgumentOutOfRangeException">t lies outside the covered interval.</exception>
    public double[] Evaluate(double t)
    {
        if (_segments.Count == 0 || !(t >= StartTime && t <= EndTime))
        {
            throw new ArgumentOutOfRangeException(nameof(t), t,
                $"t = {t:R}; expected StartTime = {StartTime:R} ≤ t ≤ EndTime = {EndTime:R}.");
        }
        int lo = 0, hi = _segments.Count - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (_segments[mid].T0 <= t)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }
        var result = new double[_segments[lo].Y0.Length];
        Interpolate(_tableau, _segments[lo].T0, _segments[lo].H, _segments[lo].Y0, _segments[lo].K, t, result);
        return result;
    }

    /// <summary>Adds the step [t₀, t₀ + h], covered up to <paramref name="end"/> (t₀ + h, or a terminal event's time).</summary>
    internal void Add(double t0, double h, double[] y0, double[][] k, double end) =>
        _segments.Add(new Segment(t0, h, (double[])y0.Clone(), [.. k.Select(ki => (double[])ki.Clone())], end));

    /// <summary>Adds the whole step [t₀, t₀ + h].</summary>
    internal void Add(double t0, double h, double[] y0, double[][] k) => Add(t0, h, y0, k, t0 + h);

    /// <summary>The one interpolation formula, shared by the integrator's sampling and by stored dense output.</summary>
    internal static void Interpolate(
        ButcherTableau tableau, double t0, double h, double[] y0, double[][] k, double t, Span<double> result)
    {
        double theta = (t - t0) / h;
        int stages = tableau.DenseStages;
        Span<double> weights = stackalloc double[stages];
        for (int i = 0; i < stages; i++)
        {
            double power = theta, w = 0;
            foreach (double pij in tableau.P[i])
            {
                w += pij * power;
                power *= theta;
            }
            weights[i] = h * w;
        }
        for (int d = 0; d < y0.Length; d++)
        {
            double sum = y0[d];
            for (int i = 0; i < stages; i++)
            {
                sum += weights[i] * k[i][d];
            }
            result[d] = sum;
        }
    }

    private sealed record Segment(double T0, double H, double[] Y0, double[][] K, double End);
}
