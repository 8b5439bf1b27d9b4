using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Theory.LinearNetworks;

/// <summary>
/// The end-to-end dynamics of Arora, Cohen &amp; Hazan (linear-networks spec §7.3): if the factors are balanced
/// (Wⱼ₊₁ᵀWⱼ₊₁ = WⱼWⱼᵀ for all j, preserved by C1), the product W_e = W_N⋯W₁ of a gradient flow on ℓ(W_N⋯W₁) obeys
/// A1: Ẇ_e = −Σ_{j=1}^N [W_eW_eᵀ]^{(j−1)/N} ∇ℓ(W_e) [W_eᵀW_e]^{(N−j)/N}, and for a single output (W_e = w a row)
/// A2: ẇ = −‖w‖^{2−2/N}(∇ℓ(w) + (N − 1)⟨∇ℓ(w), ŵ⟩ŵ), ŵ = w/‖w‖.
/// </summary>
/// <remarks>
/// ACH, ICML 2018, Thm 1 and Thm 2 (numbers from memory, statements checked numerically by the spec). Conventions that
/// matter numerically (spec §7.3): [A]⁰ := I (not the projector onto range A), and eigenvalues below 10⁻¹²·λ_max are set
/// to 0 before taking fractional powers (otherwise roundoff eigenvalues 10⁻¹⁶ raised to ¼ give errors 10⁻⁴).
/// </remarks>
public static class EndToEndDynamics
{
    /// <summary>Relative cut-off 10⁻¹² below which eigenvalues of W_eW_eᵀ are treated as 0 (spec §7.3).</summary>
    public const double EigenvalueCutoff = 1e-12;

    /// <summary>A1: the velocity of W_e under balanced factors.</summary>
    /// <param name="endToEnd">W_e ∈ ℝ^{d_y×d_x}.</param>
    /// <param name="lossGradient">∇ℓ(W_e) ∈ ℝ^{d_y×d_x}; for ℓ = ½‖Y − WX‖²_F it is −(Σ_YX − W_eΣ_XX).</param>
    /// <param name="factors">N ≥ 1.</param>
    /// <exception cref="ArgumentException">Shapes differ, an entry is not finite, or N is below 1.</exception>
    public static Matrix<double> Velocity(Matrix<double> endToEnd, Matrix<double> lossGradient, int factors)
    {
        Preconditions.FiniteMatrix(endToEnd, nameof(endToEnd), "the end-to-end matrix W_e");
        Preconditions.FiniteMatrix(lossGradient, endToEnd.RowCount, endToEnd.ColumnCount, nameof(lossGradient), "∇ℓ(W_e), shaped like W_e");
        Preconditions.AtLeast(factors, 1, nameof(factors));
        var left = endToEnd.TransposeAndMultiply(endToEnd);
        var right = endToEnd.TransposeThisAndMultiply(endToEnd);
        var sum = Matrix<double>.Build.Dense(endToEnd.RowCount, endToEnd.ColumnCount);
        for (int j = 1; j <= factors; j++)
        {
            sum += PsdPower(left, (j - 1.0) / factors) * lossGradient * PsdPower(right, (double)(factors - j) / factors);
        }
        return -sum;
    }

    /// <summary>A2: the velocity of a single-output end-to-end row w under balanced factors.</summary>
    /// <param name="w">w ∈ ℝ^{d_x}, nonzero.</param>
    /// <param name="lossGradient">∇ℓ(w) ∈ ℝ^{d_x}.</param>
    /// <param name="factors">N ≥ 1.</param>
    /// <exception cref="ArgumentException">Lengths differ, w = 0, an entry is not finite, or N is below 1.</exception>
    public static Vector<double> SingleOutputVelocity(Vector<double> w, Vector<double> lossGradient, int factors)
    {
        Preconditions.NotNull(w, nameof(w));
        Preconditions.FiniteVector(w, w.Count, nameof(w), "the end-to-end row w");
        Preconditions.FiniteVector(lossGradient, w.Count, nameof(lossGradient), "∇ℓ(w), shaped like w");
        Preconditions.AtLeast(factors, 1, nameof(factors));
        double norm = w.L2Norm();
        if (norm == 0)
        {
            throw new ArgumentException("w = 0; expected a nonzero row (ŵ = w/‖w‖ is undefined).", nameof(w));
        }
        var unit = w / norm;
        return -Math.Pow(norm, 2 - 2.0 / factors) * (lossGradient + (factors - 1) * lossGradient.DotProduct(unit) * unit);
    }

    /// <summary>[A]^α of a symmetric PSD matrix, with [A]⁰ := I and eigenvalues below 10⁻¹²·λ_max set to 0.</summary>
    private static Matrix<double> PsdPower(Matrix<double> a, double alpha)
    {
        if (alpha == 0)
        {
            return Matrix<double>.Build.DenseIdentity(a.RowCount);
        }
        var evd = a.Evd(Symmetricity.Symmetric);
        var lambda = evd.EigenValues.Real();
        double cutoff = EigenvalueCutoff * Math.Max(lambda.Maximum(), 0);
        var powered = lambda.Map(l => l > cutoff ? Math.Pow(l, alpha) : 0.0);
        // Q diag(λ^α) Qᵀ with the diagonal applied as a column scaling of Q.
        return evd.EigenVectors.MapIndexed((_, c, value) => value * powered[c]) * evd.EigenVectors.Transpose();
    }
}
