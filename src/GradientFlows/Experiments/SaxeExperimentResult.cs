using System.Collections.Immutable;

namespace GradientFlows.Experiments;

/// <summary>The outcome of <see cref="SaxeExperiment.Run"/>.</summary>
/// <param name="Experiment">The description that was run.</param>
/// <param name="SingularValues">s₁ &gt; … &gt; s_k of Σ_YX.</param>
/// <param name="InitialStrength">u_α(0) = σᴺ of the started modes of the decoupled path.</param>
/// <param name="ActiveModes">The number of started modes, min(k, hidden width).</param>
/// <param name="Rows">One row per sample time.</param>
/// <param name="DecoupledEvaluations">Right-hand-side evaluations of the decoupled path.</param>
/// <param name="GaussianEvaluations">Right-hand-side evaluations of the Gaussian path.</param>
public sealed record SaxeExperimentResult(
    SaxeExperiment Experiment,
    ImmutableArray<double> SingularValues,
    double InitialStrength,
    int ActiveModes,
    ImmutableArray<SaxeExperimentRow> Rows,
    int DecoupledEvaluations,
    int GaussianEvaluations)
{
    /// <summary>max over t and α of |decoupled − oracle|: the oracle's agreement with the integrated flow.</summary>
    public double DecoupledOracleError =>
        Rows.Max(r => r.Oracle.Zip(r.Decoupled).Max(p => Math.Abs(p.First - p.Second)));

    /// <summary>max over t of the decoupled path's invariant drift.</summary>
    public double MaxDecoupledDrift => Rows.Max(r => r.DecoupledDrift);

    /// <summary>max over t of the Gaussian path's invariant drift.</summary>
    public double MaxGaussianDrift => Rows.Max(r => r.GaussianDrift);
}
