using System.Collections.Immutable;
using GradientFlows.Differentiation;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Theory.LinearNetworks;

/// <summary>
/// The least-squares oracle of a data set (X, Y) (linear-networks spec §1, §4): the moments Σ_XX = XXᵀ, Σ_YX = YXᵀ,
/// Σ_YY = YYᵀ, the minimum-norm estimator W_LS = Σ_YXΣ_XX⁺ = YX⁺, the matrix Σ = Σ_YXΣ_XX⁺Σ_XY with eigenvalues
/// λ₁ ≥ … ≥ λ_{d_y} ≥ 0 and orthonormal eigenvectors u₁, …, u_{d_y}, and the critical values ½(tr Σ_YY − Σ_{i∈I}λᵢ).
/// </summary>
/// <remarks>
/// <para>
/// Indices are zero-based in code: <c>Eigenvalues[k]</c> is λ_{k+1} and column k of <see cref="Eigenvectors"/> is u_{k+1}.
/// </para>
/// <para>
/// Computed from the thin SVD X = U_X S V_Xᵀ of rank k (singular values above d·ε·σ_max): X⁺ = V_X S⁻¹U_Xᵀ, and
/// Σ = (YV_X)(YV_X)ᵀ, so λᵢ are the squared singular values of YV_X = M, the matrix Σ_YXΣ_XX^{−1/2} of the spec
/// restricted to range(X). When XXᵀ ≻ 0 these are the spec's W_LS = Σ_YXΣ_XX⁻¹ and Σ; otherwise W_LS is the
/// minimum-norm least-squares solution W_LS⁺ of the C2 extension (spec §3). Critical values are evaluated as
/// L_LS + ½Σ_{i∉I}λᵢ, which equals ½(tr Σ_YY − Σ_{i∈I}λᵢ) by the Pythagoras identity but does not cancel.
/// </para>
/// </remarks>
public sealed class LeastSquaresEstimator
{
    private readonly Matrix<double> _x;
    private readonly Matrix<double> _y;
    private readonly Matrix<double> _wLS;
    private readonly Matrix<double> _u;
    private readonly Matrix<double> _rowSpaceBasis;

    /// <summary>Computes the oracle of the data (X, Y).</summary>
    /// <param name="x">X ∈ ℝ^{d_x×m}, finite, any rank.</param>
    /// <param name="y">Y ∈ ℝ^{d_y×m}, finite.</param>
    /// <exception cref="ArgumentException">A matrix is non-finite, X = 0, or X and Y have different numbers of columns.</exception>
    public LeastSquaresEstimator(Matrix<double> x, Matrix<double> y)
    {
        Preconditions.FiniteMatrix(x, nameof(x), "the inputs X ∈ ℝ^{d_x×m}");
        Preconditions.FiniteMatrix(y, nameof(y), "the targets Y ∈ ℝ^{d_y×m}");
        if (x.ColumnCount != y.ColumnCount)
        {
            throw new ArgumentException(
                $"Y has {y.ColumnCount} columns but X has {x.ColumnCount}; expected one target column per sample.", nameof(y));
        }
        _x = x.Clone();
        _y = y.Clone();
        var svd = x.Svd(computeVectors: true);
        var s = svd.S;
        double threshold = Math.Max(x.RowCount, x.ColumnCount) * FloatingPoint.MachineEpsilon * (s.Count > 0 ? s[0] : 0);
        int rank = s.Count(v => v > threshold);
        if (rank == 0)
        {
            throw new ArgumentException("X = 0; expected inputs of rank ≥ 1.", nameof(x));
        }
        InputRank = rank;
        SmallestInputSingularValue = rank == x.RowCount && rank > 0 ? s[rank - 1] : 0.0;
        var uX = svd.U.SubMatrix(0, x.RowCount, 0, rank);
        var vX = svd.VT.SubMatrix(0, rank, 0, x.ColumnCount).Transpose();
        _rowSpaceBasis = uX;
        var sInv = s.SubVector(0, rank).Map(v => 1 / v);
        var yV = y * vX;
        // (YV)Σ⁻¹ as a column scaling, without forming Σ⁻¹.
        _wLS = yV.MapIndexed((_, c, value) => value * sInv[c]) * uX.Transpose();

        int dy = y.RowCount;
        var m = yV.Svd(computeVectors: true);
        _u = m.U.Clone();
        var lambda = new double[dy];
        for (int i = 0; i < Math.Min(dy, m.S.Count); i++)
        {
            lambda[i] = m.S[i] * m.S[i];
        }
        Eigenvalues = [.. lambda];
        var residual = y - _wLS * x;
        LeastSquaresLoss = 0.5 * Math.Pow(residual.FrobeniusNorm(), 2);
        SigmaYXRank = Eigenvalues.Count(l => l > RelativeRankGap * Eigenvalues[0]);
    }

    /// <summary>Relative gap 10⁻⁸ used by the genericity predicate and ranks of Σ (spec §6: "relative gaps ≥ 1e-8").</summary>
    public const double RelativeRankGap = 1e-8;

    /// <summary>Σ_XX = XXᵀ ∈ ℝ^{d_x×d_x}.</summary>
    public Matrix<double> SigmaXX => _x * _x.Transpose();

    /// <summary>Σ_YX = YXᵀ ∈ ℝ^{d_y×d_x}.</summary>
    public Matrix<double> SigmaYX => _y * _x.Transpose();

    /// <summary>Σ_YY = YYᵀ ∈ ℝ^{d_y×d_y}.</summary>
    public Matrix<double> SigmaYY => _y * _y.Transpose();

    /// <summary>Σ = Σ_YXΣ_XX⁺Σ_XY = Σᵢλᵢuᵢuᵢᵀ ∈ ℝ^{d_y×d_y}.</summary>
    public Matrix<double> Sigma => _u.MapIndexed((_, c, value) => value * Eigenvalues[c]) * _u.Transpose();

    /// <summary>W_LS = Σ_YXΣ_XX⁺ = YX⁺ ∈ ℝ^{d_y×d_x} (the minimum-norm solution when XXᵀ is singular).</summary>
    public Matrix<double> Estimator => _wLS.Clone();

    /// <summary>λ₁ ≥ … ≥ λ_{d_y} ≥ 0, the eigenvalues of Σ (element k is λ_{k+1}).</summary>
    public ImmutableArray<double> Eigenvalues { get; }

    /// <summary>(u₁, …, u_{d_y}) as columns: orthonormal eigenvectors of Σ.</summary>
    public Matrix<double> Eigenvectors => _u.Clone();

    /// <summary>An orthonormal basis Q ∈ ℝ^{d_x×rank X} of range(X).</summary>
    public Matrix<double> InputRangeBasis => _rowSpaceBasis.Clone();

    /// <summary>The numerical rank of X (singular values above max(d_x, m)·ε·σ_max).</summary>
    public int InputRank { get; }

    /// <summary>σ_min(X) when X has full row rank d_x, otherwise 0.</summary>
    public double SmallestInputSingularValue { get; }

    /// <summary>rank Σ_YX: the number of λᵢ above 10⁻⁸·λ₁.</summary>
    public int SigmaYXRank { get; }

    /// <summary>L_LS = ½‖Y − W_LS X‖²_F, the least-squares loss.</summary>
    public double LeastSquaresLoss { get; }

    /// <summary>L(W) = ½‖Y − WX‖²_F of an end-to-end matrix W (spec §1).</summary>
    /// <exception cref="ArgumentException">W is not d_y×d_x or has a non-finite entry.</exception>
    public double Loss(Matrix<double> w)
    {
        Preconditions.FiniteMatrix(w, _y.RowCount, _x.RowCount, nameof(w), "the end-to-end matrix W ∈ ℝ^{d_y×d_x}");
        return 0.5 * Math.Pow((_y - w * _x).FrobeniusNorm(), 2);
    }

    /// <summary>The critical value ½(tr Σ_YY − Σ_{i∈I}λᵢ) = L_LS + ½Σ_{i∉I}λᵢ (spec §4, C3c and BH2).</summary>
    /// <param name="indices">I ⊂ {0, …, d_y − 1}, zero-based, distinct.</param>
    /// <exception cref="ArgumentException">An index is out of range or repeated.</exception>
    public double CriticalValue(IReadOnlyCollection<int> indices)
    {
        var set = CheckIndices(indices);
        double rest = 0;
        for (int i = 0; i < Eigenvalues.Length; i++)
        {
            if (!set.Contains(i))
            {
                rest += Eigenvalues[i];
            }
        }
        return LeastSquaresLoss + 0.5 * rest;
    }

    /// <summary>P_I = Σ_{i∈I}uᵢuᵢᵀ (spec §4, BH3).</summary>
    /// <exception cref="ArgumentException">An index is out of range or repeated.</exception>
    public Matrix<double> Projector(IReadOnlyCollection<int> indices)
    {
        var set = CheckIndices(indices);
        var p = Matrix<double>.Build.Dense(_u.RowCount, _u.RowCount);
        foreach (int i in set)
        {
            p += _u.Column(i).OuterProduct(_u.Column(i));
        }
        return p;
    }

    /// <summary>
    /// min L over products of rank ≤ r: ½(tr Σ_YY − Σ_{i≤r}λᵢ) (spec §4, C3b; Eckart–Young). Equals L_LS when r ≥ rank Σ_YX.
    /// </summary>
    /// <param name="r">The bottleneck width r ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">r is negative.</exception>
    public double MinimumLoss(int r)
    {
        Preconditions.AtLeast(r, 0, nameof(r));
        return CriticalValue([.. Enumerable.Range(0, Math.Min(r, Eigenvalues.Length))]);
    }

    /// <summary>The reduced-rank minimiser W* = U_rU_rᵀW_LS (spec §4, C3b); unique when λ_r &gt; λ_{r+1}.</summary>
    /// <exception cref="ArgumentOutOfRangeException">r is negative.</exception>
    public Matrix<double> ReducedRankMinimiser(int r)
    {
        Preconditions.AtLeast(r, 0, nameof(r));
        return Projector([.. Enumerable.Range(0, Math.Min(r, Eigenvalues.Length))]) * _wLS;
    }

    /// <summary>
    /// The spec's reconstruction 𝒢 of CLC's generic data for H = 1 (spec §6): (G1) XXᵀ invertible; (G2) the nonzero λᵢ
    /// pairwise distinct with relative gaps ≥ 10⁻⁸; (G3) rank Σ_YX = min(d_x, d_y). Labelled a reconstruction (erratum LN-G4);
    /// why these hold for almost every (X, Y): docs/derivations.md §7.
    /// </summary>
    public bool IsGenericForH1
    {
        get
        {
            int dx = _x.RowCount, dy = _y.RowCount;
            if (InputRank != dx || SigmaYXRank != Math.Min(dx, dy))
            {
                return false;
            }
            for (int i = 0; i + 1 < SigmaYXRank; i++)
            {
                if (Eigenvalues[i] - Eigenvalues[i + 1] < RelativeRankGap * Eigenvalues[0])
                {
                    return false;
                }
            }
            return true;
        }
    }

    private HashSet<int> CheckIndices(IReadOnlyCollection<int> indices)
    {
        Preconditions.NotNull(indices, nameof(indices));
        var set = new HashSet<int>();
        foreach (int i in indices)
        {
            if (i < 0 || i >= Eigenvalues.Length || !set.Add(i))
            {
                throw new ArgumentException(
                    $"index set I = {{{string.Join(", ", indices)}}}; expected distinct zero-based indices in [0, {Eigenvalues.Length - 1}].",
                    nameof(indices));
            }
        }
        return set;
    }
}
