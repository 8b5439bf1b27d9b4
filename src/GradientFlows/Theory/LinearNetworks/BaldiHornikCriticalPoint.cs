using System.Collections.Immutable;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Theory.LinearNetworks;

/// <summary>
/// The Baldi–Hornik critical point of the one-hidden-layer linear network indexed by I = {i₁ &lt; … &lt; i_q}, q ≤ p = d₁
/// (linear-networks spec §4, BH): W₂ = U_I C and W₁ = C⁻¹B_I, where U_I = [u_{i₁}, …, u_{i_q}, 0, …, 0] ∈ ℝ^{d_y×p} and
/// B_I ∈ ℝ^{p×d_x} has rows u_{iₖ}ᵀΣ_YXΣ_XX⁻¹ = u_{iₖ}ᵀW_LS followed by p − q zero rows, for any C ∈ GL(p).
/// </summary>
/// <remarks>
/// <para>
/// (BH1) ∇L = 0; (BH2) L = ½(tr Σ_YY − Σ_{i∈I}λᵢ); (BH3) W₂W₁ = P_I W_LS; (BH5) a local (then global) minimum iff I
/// holds the p largest eigenvalues (or all the positive ones if fewer), otherwise a strict saddle. Baldi &amp; Hornik,
/// Neural Networks 2 (1989) 53–58, stated for Σ_XX ≻ 0 and distinct λ (erratum LN-G7).
/// </para>
/// <para>
/// The Morse index is the spec's derived BH-index formula (erratum LN-G8, "derived, checked numerically"):
/// #neg = #{(j, i): j ∉ I, i ∈ I, λⱼ &gt; λᵢ} + (p − q)·#{j ∉ I : λⱼ &gt; 0}, and for q = p the Hessian nullity is p².
/// Indices are zero-based in code.
/// </para>
/// </remarks>
public sealed class BaldiHornikCriticalPoint
{
    private readonly Matrix<double> _w1;
    private readonly Matrix<double> _w2;

    /// <summary>Constructs the critical point of <paramref name="estimator"/> for I and C.</summary>
    /// <param name="estimator">The data's least-squares oracle (Σ_XX ≻ 0 for the BH statements).</param>
    /// <param name="indices">I, zero-based, distinct, |I| ≤ min(p, d_y).</param>
    /// <param name="c">C ∈ GL(p), p = d₁ ≥ 1.</param>
    /// <exception cref="ArgumentException">I is invalid or too large, or C is not square or is singular.</exception>
    public BaldiHornikCriticalPoint(LeastSquaresEstimator estimator, IReadOnlyList<int> indices, Matrix<double> c)
    {
        Preconditions.NotNull(estimator, nameof(estimator));
        Preconditions.NotNull(indices, nameof(indices));
        Preconditions.FiniteMatrix(c, nameof(c), "C ∈ GL(p)");
        int p = c.RowCount;
        if (c.ColumnCount != p)
        {
            throw new ArgumentException($"C is {c.RowCount}×{c.ColumnCount}; expected a square p×p matrix.", nameof(c));
        }
        var sorted = indices.OrderBy(i => i).ToArray();
        if (sorted.Length > p)
        {
            throw new ArgumentException($"|I| = {sorted.Length}; expected |I| ≤ p = {p}.", nameof(indices));
        }
        Loss = estimator.CriticalValue(sorted);
        var cInverse = c.Inverse();
        if (!cInverse.Enumerate().All(double.IsFinite))
        {
            throw new ArgumentException("C is singular; expected C ∈ GL(p).", nameof(c));
        }
        var u = estimator.Eigenvectors;
        var wLS = estimator.Estimator;
        int dy = u.RowCount, dx = wLS.ColumnCount;
        var uI = Matrix<double>.Build.Dense(dy, p);
        var bI = Matrix<double>.Build.Dense(p, dx);
        for (int k = 0; k < sorted.Length; k++)
        {
            uI.SetColumn(k, u.Column(sorted[k]));
            bI.SetRow(k, wLS.TransposeThisAndMultiply(u.Column(sorted[k])));
        }
        _w2 = uI * c;
        _w1 = cInverse * bI;
        Indices = [.. sorted];
        HiddenWidth = p;
        Product = estimator.Projector(sorted) * wLS;
        var lambda = estimator.Eigenvalues;
        double zero = LeastSquaresEstimator.RelativeRankGap * lambda[0];
        int swaps = 0;
        for (int j = 0; j < lambda.Length; j++)
        {
            if (Indices.Contains(j))
            {
                continue;
            }
            foreach (int i in Indices)
            {
                if (lambda[j] - lambda[i] > zero)
                {
                    swaps++;
                }
            }
        }
        int unusedPositive = Enumerable.Range(0, lambda.Length).Count(j => !Indices.Contains(j) && lambda[j] > zero);
        NegativeCurvatureCount = swaps + (p - sorted.Length) * unusedPositive;
    }

    /// <summary>
    /// BH4: at a critical point whose W₂ ∈ ℝ^{d_y×p} has full column rank, the first layer is determined by the second,
    /// W₁ = (W₂ᵀW₂)⁻¹W₂ᵀΣ_YXΣ_XX⁻¹ (from ∇_{W₁}L = −W₂ᵀ(Σ_YX − W₂W₁Σ_XX) = 0), and range W₂ is spanned by p eigenvectors
    /// of Σ (linear-networks spec §4, Baldi–Hornik 1989).
    /// </summary>
    /// <param name="estimator">The least-squares oracle of (X, Y), with XXᵀ ≻ 0.</param>
    /// <param name="w2">W₂ of full column rank.</param>
    /// <exception cref="ArgumentException">W₂ has a non-finite entry or not d_y rows.</exception>
    public static Matrix<double> FirstLayerOf(LeastSquaresEstimator estimator, Matrix<double> w2)
    {
        Preconditions.NotNull(estimator, nameof(estimator));
        Preconditions.FiniteMatrix(w2, estimator.SigmaYY.RowCount, w2.ColumnCount, nameof(w2), "W₂ ∈ ℝ^{d_y×p} of full column rank");
        return w2.TransposeThisAndMultiply(w2).Solve(w2.TransposeThisAndMultiply(estimator.Estimator));
    }

    /// <summary>I, ascending, zero-based.</summary>
    public ImmutableArray<int> Indices { get; }

    /// <summary>p = d₁.</summary>
    public int HiddenWidth { get; }

    /// <summary>W₁ = C⁻¹B_I ∈ ℝ^{p×d_x} (a copy).</summary>
    public Matrix<double> W1 => _w1.Clone();

    /// <summary>W₂ = U_I C ∈ ℝ^{d_y×p} (a copy).</summary>
    public Matrix<double> W2 => _w2.Clone();

    /// <summary>(BH2) the critical value ½(tr Σ_YY − Σ_{i∈I}λᵢ).</summary>
    public double Loss { get; }

    /// <summary>(BH3) the end-to-end matrix P_I W_LS, computed from the oracle (not from W₂W₁).</summary>
    public Matrix<double> Product { get; }

    /// <summary>
    /// (BH-index) the number of negative Hessian eigenvalues: #{(j, i): j ∉ I, i ∈ I, λⱼ &gt; λᵢ} + (p − q)·#{j ∉ I : λⱼ &gt; 0},
    /// strict inequalities taken with the gap 10⁻⁸·λ₁.
    /// </summary>
    public int NegativeCurvatureCount { get; }

    /// <summary>(BH5) whether the point is a local, hence global, minimum: exactly when #neg = 0.</summary>
    public bool IsGlobalMinimum => NegativeCurvatureCount == 0;

    /// <summary>The Hessian nullity p² of a full-rank point (q = p), the dimension of its GL(p) orbit; null when q &lt; p.</summary>
    public int? HessianNullity => Indices.Length == HiddenWidth ? HiddenWidth * HiddenWidth : null;
}
