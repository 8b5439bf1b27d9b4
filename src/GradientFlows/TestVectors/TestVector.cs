using System.Collections.Immutable;

namespace GradientFlows.TestVectors;

/// <summary>
/// One test vector: exact inputs and full-precision expected outputs for a port of this library to check itself
/// against (format documented in docs/test-vectors.md, schema in docs/test-vector.schema.json).
/// </summary>
/// <remarks>
/// All numbers are IEEE-754 binary64 written with the shortest round-trip representation, so parsing them back gives
/// the same doubles bit for bit. Matrices are arrays of rows.
/// </remarks>
public sealed record TestVector
{
    /// <summary>The format identifier, <see cref="FormatName"/>.</summary>
    public required string Format { get; init; }

    /// <summary>The format version, <see cref="FormatVersion"/>.</summary>
    public required int Version { get; init; }

    /// <summary>A unique, file-name-safe name.</summary>
    public required string Name { get; init; }

    /// <summary>What the vector exercises.</summary>
    public required string Description { get; init; }

    /// <summary>
    /// The declared regime of D at θ (<see cref="VectorRegime"/>): over-parametrised, under-parametrised, borderline or
    /// rank-loss; it must agree with K, QN and the stored rank.
    /// </summary>
    public required string Regime { get; init; }

    /// <summary>The model, its parameter layout and its data.</summary>
    public required ModelDescription Model { get; init; }

    /// <summary>θ ∈ ℝᴷ in the order of <see cref="ModelDescription.Blocks"/>.</summary>
    public required ImmutableArray<double> Parameters { get; init; }

    /// <summary>y ∈ ℝ^{QN}, stacked like the model's outputs.</summary>
    public required ImmutableArray<double> Targets { get; init; }

    /// <summary>κ in C = (κ/2)‖x − y‖².</summary>
    public required double Kappa { get; init; }

    /// <summary>The pointwise expected values at θ.</summary>
    public required ExpectedValues Expected { get; init; }

    /// <summary>Samples of the standard and adapted flows from θ, or null when the vector has none.</summary>
    public TrajectoryExpectations? Trajectories { get; init; }

    /// <summary>The tolerances a port must meet (the reference rule <see cref="PortTolerances.Reference"/>), with their derivation.</summary>
    public required PortTolerances Tolerances { get; init; }

    /// <summary>The format identifier written into every file.</summary>
    public const string FormatName = "gradient-flows-test-vector";

    /// <summary>
    /// The current format version: 2 (version 1 judged flow samples against max(1, C(0)) and had no regime, no sample
    /// floors and a mislabelled deep-sigmoid-under; docs/test-vectors.md, "Versions").
    /// </summary>
    public const int FormatVersion = 2;
}
