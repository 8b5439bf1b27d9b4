namespace GradientFlows.Proofs;

/// <summary>How one tolerance was used over a run.</summary>
/// <param name="Checks">The number of checks that used it.</param>
/// <param name="Worst">The largest fraction of it used (≤ 1 passes; negative is margin).</param>
public readonly record struct ToleranceUse(int Checks, double Worst);
