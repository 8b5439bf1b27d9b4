using FsCheck;
using FsCheck.Fluent;

namespace GradientFlows.Proofs.Generators;

/// <summary>
/// The registry of generated types for <c>[Property(Arbitrary = new[] { typeof(Arbitraries) })]</c>. Each instance type
/// constructs valid instances by design (no filtering) and shrinks toward small dimensions with the same seed.
/// </summary>
public static class Arbitraries
{
    /// <summary>Largest hidden width for pointwise (no-ODE) properties of the ReLU MLP (spec §5: k ∈ [1, 256]).</summary>
    public const int PointwiseMaxHidden = 256;

    /// <summary>ReLU MLP instances for pointwise properties, k ≤ 256.</summary>
    public static Arbitrary<ReluInstance> Relu() =>
        ShrinkBudget.Arbitrary(ReluInstance.Generator(PointwiseMaxHidden), i => i.Shrink());

    /// <summary>Quadratic instances.</summary>
    public static Arbitrary<QuadraticInstance> Quadratic() => ShrinkBudget.Arbitrary(QuadraticInstance.Generator, i => i.Shrink());

    /// <summary>Least-squares instances.</summary>
    public static Arbitrary<LeastSquaresInstance> LeastSquares() => ShrinkBudget.Arbitrary(LeastSquaresInstance.Generator, i => i.Shrink());

    /// <summary>Scalar-family instances (a seed; nothing to shrink).</summary>
    public static Arbitrary<ScalarInstance> Scalar() => Arb.From(ScalarInstance.Generator);

    /// <summary>Stable linear ODEs with closed-form solutions.</summary>
    public static Arbitrary<LinearSystemInstance> LinearSystem() => ShrinkBudget.Arbitrary(LinearSystemInstance.Generator, i => i.Shrink());

    /// <summary>Smooth paths with exact derivatives.</summary>
    public static Arbitrary<SmoothPathInstance> SmoothPath() => ShrinkBudget.Arbitrary(SmoothPathInstance.Generator, i => i.Shrink());

    /// <summary>Tall, wide and square matrices of exact rank r (the zero matrix included).</summary>
    public static Arbitrary<ControlledRankMatrixInstance> ControlledRankMatrix() =>
        ShrinkBudget.Arbitrary(ControlledRankMatrixInstance.Generator, i => i.Shrink());

    /// <summary>Linear least-squares problems with full column rank and κ₂(A) ≤ 10.</summary>
    public static Arbitrary<FullColumnRankLinearInstance> FullColumnRankLinear() =>
        ShrinkBudget.Arbitrary(FullColumnRankLinearInstance.Generator, i => i.Shrink());
}

/// <summary>
/// The registry for properties that integrate a ReLU flow: k ≤ 48 so that 100 cases of a flow at rtol 10⁻¹⁰ stay within
/// the suite's time budget (the pointwise properties cover k up to 256).
/// </summary>
public static class FlowArbitraries
{
    /// <summary>Largest hidden width for flow properties.</summary>
    public const int MaxHidden = 48;

    /// <summary>ReLU MLP instances for flow properties.</summary>
    public static Arbitrary<ReluInstance> Relu() => ShrinkBudget.Arbitrary(ReluInstance.Generator(MaxHidden), i => i.Shrink());

    /// <summary>Quadratic instances.</summary>
    public static Arbitrary<QuadraticInstance> Quadratic() => Arbitraries.Quadratic();

    /// <summary>Least-squares instances.</summary>
    public static Arbitrary<LeastSquaresInstance> LeastSquares() => Arbitraries.LeastSquares();

    /// <summary>Scalar-family instances.</summary>
    public static Arbitrary<ScalarInstance> Scalar() => Arbitraries.Scalar();
}
