using FsCheck;
using FsCheck.Fluent;

namespace GradientFlows.Proofs.Generators;

/// <summary>Dimension generators: log-uniform in [1, max], shrinking toward 1 (spec §5).</summary>
public static class Dimensions
{
    /// <summary>A log-uniform integer in [1, max].</summary>
    public static Gen<int> LogUniform(int max) =>
        Gen.Choose(0, 10_000).Select(u => Math.Clamp((int)Math.Round(Math.Exp(u / 10_000.0 * Math.Log(max + 0.5)) - 0.5) + 1, 1, max));

    /// <summary>An integer uniform in [lo, hi].</summary>
    public static Gen<int> Uniform(int lo, int hi) => Gen.Choose(lo, hi);

    /// <summary>Seeds for the instance's own random draws.</summary>
    public static Gen<int> Seed => Gen.Choose(0, int.MaxValue - 1);

    /// <summary>Smaller candidates for a dimension d ≥ lo: lo, d/2, d − 1 (distinct, below d).</summary>
    public static IEnumerable<int> Shrink(int d, int lo = 1) =>
        new[] { lo, d / 2, d - 1 }.Where(c => c >= lo && c < d).Distinct();
}
