using System.Collections.Immutable;
using GradientFlows.Differentiation;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace GradientFlows.Geometry;

/// <summary>
/// The Moore–Penrose (Penrose) inverse D⁺ = V_rΣ_r⁻¹U_rᵀ of D ∈ ℝ^{QN×K} from its thin SVD D = UΣVᵀ, with the two
/// orthoprojectors P_out = DD⁺ = U_rU_rᵀ onto range D ⊂ ℝ^{QN} and P_par = D⁺D = V_rV_rᵀ onto range Dᵀ = (ker D)^⊥ ⊂ ℝᴷ
/// (Chen, arXiv 2311.15487, (1.26)–(1.28), (1.35), (4.2); spec §1 and A3: the paper's single letter P is split into
/// two names).
/// </summary>
/// <remarks>
/// <para><b>Rank threshold.</b> r counts the singular values σᵢ &gt; τ = max(QN, K)·ε·σ_max with ε = 2⁻⁵². The SVD is
/// computed backward stably (Householder QR, then Golub–Kahan on the p×p factor), so the computed σᵢ are exact for
/// some D + E with ‖E‖₂ ≲ c·max(QN, K)·u·‖D‖₂; singular values below τ are therefore indistinguishable from 0 at this
/// precision, and τ is the threshold of LAPACK-based rank decisions (NumPy <c>matrix_rank</c>).</para>
/// <para><b>Thin factorisation.</b> For K ≥ QN, Dᵀ = Q̃R (thin QR) and R = U_RΣV_Rᵀ give U = V_R and V = Q̃U_R, so no
/// K×K matrix is formed; for K &lt; QN the roles are swapped. Cost O(QN·K·min(QN, K)).</para>
/// </remarks>
public sealed class PenroseInverse
{
    private readonly Matrix<double> _u;
    private readonly Matrix<double> _v;

    /// <summary>Factorises D.</summary>
    /// <param name="d">D ∈ ℝ^{QN×K}, finite.</param>
    /// <exception cref="ArgumentException">D has no rows or no columns, or a non-finite entry.</exception>
    public PenroseInverse(Matrix<double> d)
    {
        Preconditions.FiniteMatrix(d, nameof(d), "the Jacobian D ∈ ℝ^{QN×K}");
        if (d.RowCount == 0 || d.ColumnCount == 0)
        {
            throw new ArgumentException(
                $"d is {d.RowCount}×{d.ColumnCount}; expected the Jacobian D ∈ ℝ^{{QN×K}} with QN ≥ 1 and K ≥ 1.", nameof(d));
        }
        Rows = d.RowCount;
        Columns = d.ColumnCount;
        bool wide = Columns >= Rows;
        var qr = (wide ? d.Transpose() : d).QR(QRMethod.Thin);
        var svd = qr.R.Svd(true);
        var left = wide ? svd.VT.Transpose() : qr.Q * svd.U;
        var right = wide ? qr.Q * svd.U : svd.VT.Transpose();
        SingularValues = [.. svd.S];
        Threshold = RankThreshold(Rows, Columns, SingularValues[0]);
        Rank = SingularValues.Count(s => s > Threshold);
        _u = left;
        _v = right;
    }

    /// <summary>The rank threshold τ = max(QN, K)·ε·σ_max, ε = 2⁻⁵².</summary>
    public static double RankThreshold(int rows, int columns, double sigmaMax) =>
        Math.Max(rows, columns) * FloatingPoint.MachineEpsilon * sigmaMax;

    /// <summary>QN, the number of rows of D.</summary>
    public int Rows { get; }

    /// <summary>K, the number of columns of D.</summary>
    public int Columns { get; }

    /// <summary>σ₁ ≥ … ≥ σ_p ≥ 0, p = min(QN, K).</summary>
    public ImmutableArray<double> SingularValues { get; }

    /// <summary>τ = max(QN, K)·ε·σ_max.</summary>
    public double Threshold { get; }

    /// <summary>r = #{σᵢ &gt; τ}, the numerical rank.</summary>
    public int Rank { get; }

    /// <summary>True when r = min(QN, K).</summary>
    public bool IsFullRank => Rank == Math.Min(Rows, Columns);

    /// <summary>σ_max = σ₁ (0 for D = 0).</summary>
    public double LargestSingularValue => SingularValues[0];

    /// <summary>σ_min = σ_p, p = min(QN, K).</summary>
    public double SmallestSingularValue => SingularValues[^1];

    /// <summary>σ_p/σ₁ ∈ [0, 1], the inverse condition number of D (0 when D = 0).</summary>
    public double ConditionRatio => LargestSingularValue > 0 ? SmallestSingularValue / LargestSingularValue : 0;

    /// <summary>U_r ∈ ℝ^{QN×r}, an orthonormal basis of range D (a copy; r ≥ 1 columns, else null).</summary>
    public Matrix<double>? OutputBasis => Rank == 0 ? null : _u.SubMatrix(0, Rows, 0, Rank);

    /// <summary>V_r ∈ ℝ^{K×r}, an orthonormal basis of range Dᵀ (a copy; r ≥ 1 columns, else null).</summary>
    public Matrix<double>? ParameterBasis => Rank == 0 ? null : _v.SubMatrix(0, Columns, 0, Rank);

    /// <summary>D⁺ ∈ ℝ^{K×QN}.</summary>
    public Matrix<double> Matrix =>
        Matrix<double>.Build.Dense(Columns, Rows, (k, i) => Sum(m => _v[k, m] * _u[i, m] / SingularValues[m]));

    /// <summary>P_out = U_rU_rᵀ ∈ ℝ^{QN×QN}.</summary>
    public Matrix<double> ProjectorOutput =>
        Matrix<double>.Build.Dense(Rows, Rows, (i, j) => Sum(m => _u[i, m] * _u[j, m]));

    /// <summary>P_par = V_rV_rᵀ ∈ ℝ^{K×K}.</summary>
    public Matrix<double> ProjectorParameter =>
        Matrix<double>.Build.Dense(Columns, Columns, (i, j) => Sum(m => _v[i, m] * _v[j, m]));

    /// <summary>D⁺r for r ∈ ℝ^{QN}: the minimum-norm least-squares solution of Dv ≈ r.</summary>
    /// <exception cref="ArgumentException">r has the wrong length or a non-finite entry.</exception>
    public Vector<double> Apply(Vector<double> r)
    {
        Preconditions.FiniteVector(r, Rows, nameof(r), "a vector in output space ℝ^{QN}");
        return Combine(_v, Coefficients(_u, r, divide: true));
    }

    /// <summary>(Dᵀ)⁺v = U_rΣ_r⁻¹V_rᵀv for v ∈ ℝᴷ.</summary>
    /// <exception cref="ArgumentException">v has the wrong length or a non-finite entry.</exception>
    public Vector<double> ApplyTranspose(Vector<double> v)
    {
        Preconditions.FiniteVector(v, Columns, nameof(v), "a vector in parameter space ℝᴷ");
        return Combine(_u, Coefficients(_v, v, divide: true));
    }

    /// <summary>P_out·r = DD⁺r, the orthogonal projection onto range D.</summary>
    /// <exception cref="ArgumentException">r has the wrong length or a non-finite entry.</exception>
    public Vector<double> ProjectOutput(Vector<double> r)
    {
        Preconditions.FiniteVector(r, Rows, nameof(r), "a vector in output space ℝ^{QN}");
        return Combine(_u, Coefficients(_u, r, divide: false));
    }

    /// <summary>P_par·v = D⁺Dv, the orthogonal projection onto range Dᵀ = (ker D)^⊥ (the horizontal space V_θ).</summary>
    /// <exception cref="ArgumentException">v has the wrong length or a non-finite entry.</exception>
    public Vector<double> ProjectParameter(Vector<double> v)
    {
        Preconditions.FiniteVector(v, Columns, nameof(v), "a vector in parameter space ℝᴷ");
        return Combine(_v, Coefficients(_v, v, divide: false));
    }

    /// <summary>cₘ = (basis column m)·w, divided by σₘ if asked, for m &lt; r.</summary>
    private double[] Coefficients(Matrix<double> basis, Vector<double> w, bool divide)
    {
        var c = new double[Rank];
        for (int m = 0; m < Rank; m++)
        {
            double sum = 0;
            for (int i = 0; i < w.Count; i++)
            {
                sum += basis[i, m] * w[i];
            }
            c[m] = divide ? sum / SingularValues[m] : sum;
        }
        return c;
    }

    /// <summary>Σₘ cₘ·(basis column m).</summary>
    private static Vector<double> Combine(Matrix<double> basis, double[] c)
    {
        var result = Vector<double>.Build.Dense(basis.RowCount);
        for (int m = 0; m < c.Length; m++)
        {
            for (int i = 0; i < basis.RowCount; i++)
            {
                result[i] += c[m] * basis[i, m];
            }
        }
        return result;
    }

    private double Sum(Func<int, double> term)
    {
        double sum = 0;
        for (int m = 0; m < Rank; m++)
        {
            sum += term(m);
        }
        return sum;
    }
}
