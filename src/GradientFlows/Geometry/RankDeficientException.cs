namespace GradientFlows.Geometry;

/// <summary>
/// A Jacobian or Gram matrix has numerical rank below what a full-rank statement needs, e.g. rank D &lt; QN for the
/// overparametrised adapted flow (Chen, arXiv 2311.15487, (2.1)) or rank D &lt; K for the Gauss–Newton flow (5.1).
/// </summary>
/// <remarks>
/// Raised instead of dividing by a singular value at rounding level. The numerical rank is decided by
/// <see cref="PenroseInverse.Threshold"/>.
/// </remarks>
public sealed class RankDeficientException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="rank">The numerical rank found.</param>
    /// <param name="expected">The rank the statement needs.</param>
    /// <param name="what">What was being computed, e.g. "adapted flow θ′ = −D⁺∇ₓC".</param>
    /// <param name="smallestSingularValue">The smallest singular value σ_min found.</param>
    /// <param name="threshold">The rank threshold it was compared with.</param>
    public RankDeficientException(int rank, int expected, string what, double smallestSingularValue, double threshold)
        : base($"{what}: numerical rank {rank}; expected rank {expected} (σ_min = {smallestSingularValue:E3} ≤ threshold " +
               $"{threshold:E3} = max(QN, K)·ε·σ_max). The orbit has left the full-rank region; use the least-squares " +
               "adapted flow (Theorem 4.1) there.")
    {
        Rank = rank;
        Expected = expected;
        SmallestSingularValue = smallestSingularValue;
        Threshold = threshold;
    }

    /// <summary>The numerical rank found.</summary>
    public int Rank { get; }

    /// <summary>The rank that was expected.</summary>
    public int Expected { get; }

    /// <summary>σ_min of the matrix.</summary>
    public double SmallestSingularValue { get; }

    /// <summary>The rank threshold.</summary>
    public double Threshold { get; }
}
