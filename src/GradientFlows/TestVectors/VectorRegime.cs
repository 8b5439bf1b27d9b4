using System.Collections.Immutable;

namespace GradientFlows.TestVectors;

/// <summary>
/// The regime of a vector's Jacobian D ∈ ℝ^{QN×K} at θ: which of Chen's adapted directions −D⁺∇ₓC is. It is measured
/// from K, QN and rank D alone (rank with the cut-off τ of <see cref="ExpectedValues.Rank"/>), so a declared regime can be
/// checked.
/// </summary>
public static class VectorRegime
{
    /// <summary>rank D = QN &lt; K: the adapted flow of Chen (1.29), θ′ = −Dᵀ(DDᵀ)⁻¹∇ₓC.</summary>
    public const string Over = "over-parametrised";

    /// <summary>rank D = K &lt; QN: the Gauss–Newton direction θ′ = −(DᵀD)⁻¹Dᵀ∇ₓC (Chen Theorem 5.1).</summary>
    public const string Under = "under-parametrised";

    /// <summary>rank D = K = QN: D is square and invertible, θ′ = −D⁻¹∇ₓC.</summary>
    public const string Borderline = "borderline";

    /// <summary>rank D &lt; min(QN, K): only the Moore–Penrose (SVD) form −D⁺∇ₓC is defined (Chen Theorem 4.1).</summary>
    public const string RankLoss = "rank-loss";

    /// <summary>Every regime, in the order above.</summary>
    public static ImmutableArray<string> All { get; } = [Over, Under, Borderline, RankLoss];

    /// <summary>The regime of a Jacobian with <paramref name="K"/> columns, <paramref name="QN"/> rows and rank <paramref name="rank"/>.</summary>
    /// <param name="K">Number of parameters, K ≥ 1.</param>
    /// <param name="QN">Number of outputs, QN ≥ 1.</param>
    /// <param name="rank">rank D, 0 ≤ rank ≤ min(QN, K).</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is below 1 or the rank is outside [0, min(QN, K)].</exception>
    public static string Of(int K, int QN, int rank)
    {
        Preconditions.AtLeast(K, 1, nameof(K));
        Preconditions.AtLeast(QN, 1, nameof(QN));
        if (rank < 0 || rank > Math.Min(QN, K))
        {
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"rank = {rank}; expected 0 ≤ rank ≤ min(QN, K) = {Math.Min(QN, K)}.");
        }
        return rank < Math.Min(QN, K) ? RankLoss : K > QN ? Over : K < QN ? Under : Borderline;
    }
}
