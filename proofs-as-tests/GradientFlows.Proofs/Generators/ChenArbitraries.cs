using FsCheck;
using FsCheck.Fluent;

namespace GradientFlows.Proofs.Generators;

/// <summary>The registry of generated types for the Chen proofs-as-tests (arXiv 2311.15487 and 2408.01517).</summary>
public static class ChenArbitraries
{
    /// <summary>
    /// Cases of a Chen flow property: 25 instead of 100. Each case integrates a DP5(4) flow at rtol 10⁻¹⁰ with an SVD per
    /// evaluation, and the Chen suite must stay within its 90 s budget on 2 shared cores; <c>verify --count</c> scales it.
    /// </summary>
    public const int FlowCases = 25;

    /// <summary>Any network, any regime and activation.</summary>
    public static Arbitrary<AnyNetworkInstance> Any() => ShrinkBudget.Arbitrary(AnyNetworkInstance.Generator, i => i.Shrink());

    /// <summary>K ≥ 2QN.</summary>
    public static Arbitrary<OverparametrisedInstance> Overparametrised() =>
        ShrinkBudget.Arbitrary(OverparametrisedInstance.Generator, i => i.Shrink());

    /// <summary>K &lt; QN.</summary>
    public static Arbitrary<UnderparametrisedInstance> Underparametrised() =>
        ShrinkBudget.Arbitrary(UnderparametrisedInstance.Generator, i => i.Shrink());

    /// <summary>K = QN.</summary>
    public static Arbitrary<BorderlineInstance> Borderline() => ShrinkBudget.Arbitrary(BorderlineInstance.Generator, i => i.Shrink());

    /// <summary>Duplicate inputs with different labels (forced rank loss).</summary>
    public static Arbitrary<DuplicateInputInstance> DuplicateInput() =>
        ShrinkBudget.Arbitrary(DuplicateInputInstance.Generator, i => i.Shrink());

    /// <summary>Regression problems for the non-network model b₁(1 − e^{−b₂t}).</summary>
    public static Arbitrary<SaturatingExponentialInstance> SaturatingExponential() =>
        ShrinkBudget.Arbitrary(SaturatingExponentialInstance.Generator, i => i.Shrink());

    /// <summary>Seeds for statements that draw their own objects (e.g. unit vectors on a sphere).</summary>
    public static Arbitrary<SphereSample> Sphere() => ShrinkBudget.Arbitrary(SphereSample.Generator, s => s.Shrink());
}

/// <summary>K i.i.d. uniform unit vectors on S^{n−1}, K ≥ n (Proposition 2.2's idealised setting): n ∈ [1, 24], K ∈ [n, 3n].</summary>
public sealed record SphereSample(int Dimension, int Count, int Seed)
{
    /// <summary>The generator.</summary>
    public static Gen<SphereSample> Generator =>
        from n in Dimensions.Uniform(1, 24)
        from extra in Dimensions.Uniform(0, 48)
        from seed in Dimensions.Seed
        select new SphereSample(n, n + Math.Min(extra, 2 * n), seed);

    /// <summary>Smaller samples with the same seed.</summary>
    public IEnumerable<SphereSample> Shrink() =>
        Dimensions.Shrink(Dimension).Select(n => this with { Dimension = n, Count = Math.Max(n, Math.Min(Count, 3 * n)) });
}
