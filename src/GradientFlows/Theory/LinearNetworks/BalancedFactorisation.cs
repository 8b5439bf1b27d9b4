using System.Collections.Immutable;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Theory.LinearNetworks;

/// <summary>
/// The balanced factorisation of a target W_e = U S Vᵀ of rank k into N = H + 1 factors (linear-networks spec §7.3,
/// "balanced initialisation recipe"; with U, V the singular vectors of Σ_YX it is the decoupled initial condition of
/// Saxe et al., §7.2): W₁ = O₁S^{1/N}Vᵀ, Wⱼ = OⱼS^{1/N}Oⱼ₋₁ᵀ, W_N = U S^{1/N}O_{N−1}ᵀ.
/// </summary>
/// <remarks>
/// Each Oⱼ ∈ ℝ^{dⱼ×k} has orthonormal columns, so every imbalance Dⱼ = Wⱼ₊₁ᵀWⱼ₊₁ − WⱼWⱼᵀ vanishes and the product is
/// W_e: W_N⋯W₁ = U S Vᵀ. The mode strengths are the diagonal of S (each factor carries s_α^{1/N}).
/// </remarks>
public static class BalancedFactorisation
{
    /// <summary>Builds (W₁, …, W_N).</summary>
    /// <param name="u">U ∈ ℝ^{d_y×k} with orthonormal columns.</param>
    /// <param name="strengths">The diagonal of S, k entries ≥ 0.</param>
    /// <param name="v">V ∈ ℝ^{d_x×k} with orthonormal columns.</param>
    /// <param name="hidden">O₁, …, O_H, each dⱼ×k with orthonormal columns (empty for H = 0, then k strengths give W = USVᵀ).</param>
    /// <exception cref="ArgumentException">Shapes disagree, or a strength is negative or not finite.</exception>
    public static ImmutableArray<Matrix<double>> Create(
        Matrix<double> u, IReadOnlyList<double> strengths, Matrix<double> v, IReadOnlyList<Matrix<double>> hidden)
    {
        Preconditions.FiniteMatrix(u, nameof(u), "U ∈ ℝ^{d_y×k}");
        Preconditions.FiniteMatrix(v, nameof(v), "V ∈ ℝ^{d_x×k}");
        Preconditions.NotNull(strengths, nameof(strengths));
        Preconditions.NotNull(hidden, nameof(hidden));
        int k = strengths.Count;
        if (u.ColumnCount != k || v.ColumnCount != k)
        {
            throw new ArgumentException(
                $"U has {u.ColumnCount} and V has {v.ColumnCount} columns; expected k = {k}, one per strength.", nameof(strengths));
        }
        for (int j = 0; j < hidden.Count; j++)
        {
            Preconditions.FiniteMatrix(hidden[j], hidden[j].RowCount, k, $"{nameof(hidden)}[{j}]", "Oⱼ ∈ ℝ^{dⱼ×k}");
        }
        int factors = hidden.Count + 1;
        var root = strengths.Select((s, a) =>
            Math.Pow(Preconditions.NonNegative(s, $"{nameof(strengths)}[{a}]"), 1.0 / factors)).ToArray();
        // A·diag(root) as a column scaling, without forming the diagonal matrix.
        Matrix<double> TimesRoot(Matrix<double> a) => a.MapIndexed((_, c, value) => value * root[c]);
        var weights = ImmutableArray.CreateBuilder<Matrix<double>>(factors);
        var left = hidden.Count == 0 ? u : hidden[0];
        weights.Add(TimesRoot(left) * v.Transpose());
        for (int j = 1; j < hidden.Count; j++)
        {
            weights.Add(TimesRoot(hidden[j]) * hidden[j - 1].Transpose());
        }
        if (hidden.Count > 0)
        {
            weights.Add(TimesRoot(u) * hidden[^1].Transpose());
        }
        return weights.MoveToImmutable();
    }
}
