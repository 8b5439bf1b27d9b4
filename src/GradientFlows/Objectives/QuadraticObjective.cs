using GradientFlows.Differentiation;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Objectives;

/// <summary>
/// The quadratic f(w) = ½(w − w*)ᵀA(w − w*) with A = AᵀA ⪰ 0: the oracle family whose gradient flow is explicit,
/// γ(t) = w* + Q e^{−Λt} Qᵀ(w₀ − w*) for A = QΛQᵀ (Gelada–Buckman spec, Result 1.3 numerical check).
/// </summary>
/// <remarks>
/// Health constant α = 2λ⁺_min(A) (smallest nonzero eigenvalue), smoothness constant ℒ = λ_max(A) (spec §2, Result 2.1 (a)).
/// </remarks>
public sealed class QuadraticObjective : IObjective
{
    private readonly Matrix<double> _a;
    private readonly Vector<double> _minimiser;

    /// <summary>Creates f(w) = ½(w − w*)ᵀA(w − w*).</summary>
    /// <param name="a">A ∈ ℝ^{K×K}, symmetric positive semidefinite, finite.</param>
    /// <param name="minimiser">w* ∈ ℝᴷ, finite.</param>
    /// <exception cref="ArgumentException">Shapes disagree, an entry is not finite, or A is not symmetric or has a negative eigenvalue.</exception>
    public QuadraticObjective(Matrix<double> a, Vector<double> minimiser)
    {
        Preconditions.FiniteMatrix(a, nameof(a), "the symmetric positive semidefinite matrix A");
        if (a.RowCount != a.ColumnCount)
        {
            throw new ArgumentException($"a is {a.RowCount}×{a.ColumnCount}; expected a square matrix.", nameof(a));
        }
        Preconditions.FiniteVector(minimiser, a.RowCount, nameof(minimiser), "w* ∈ ℝᴷ with K the order of A");
        double scale = a.FrobeniusNorm();
        double asymmetry = (a - a.Transpose()).FrobeniusNorm();
        if (asymmetry > 64 * FloatingPoint.UnitRoundoff * scale)
        {
            throw new ArgumentException($"a is not symmetric: ‖A − Aᵀ‖_F = {asymmetry:E3}; expected A = Aᵀ.", nameof(a));
        }
        var evd = a.Evd(Symmetricity.Symmetric);
        Eigenvalues = evd.EigenValues.Real();
        Eigenvectors = evd.EigenVectors;
        double floor = a.RowCount * 64 * FloatingPoint.UnitRoundoff * Math.Max(scale, 1e-300);
        if (Eigenvalues.Minimum() < -floor)
        {
            throw new ArgumentException(
                $"a has eigenvalue {Eigenvalues.Minimum():E3}; expected A positive semidefinite.", nameof(a));
        }
        _a = a.Clone();
        _minimiser = minimiser.Clone();
    }

    /// <summary>Builds A = Q diag(λ) Qᵀ from an orthogonal Q and eigenvalues λ ≥ 0.</summary>
    public static QuadraticObjective FromSpectrum(Matrix<double> q, Vector<double> lambda, Vector<double> minimiser)
    {
        Preconditions.FiniteMatrix(q, nameof(q), "an orthogonal matrix Q");
        Preconditions.FiniteVector(lambda, q.ColumnCount, nameof(lambda), "one eigenvalue per column of Q");
        var a = q.MapIndexed((_, c, value) => value * lambda[c]) * q.Transpose();
        return new QuadraticObjective((a + a.Transpose()) / 2, minimiser);
    }

    /// <inheritdoc />
    public int Dimension => _a.RowCount;

    /// <summary>A (a copy).</summary>
    public Matrix<double> A => _a.Clone();

    /// <summary>w* (a copy).</summary>
    public Vector<double> Minimiser => _minimiser.Clone();

    /// <summary>Eigenvalues λ of A, ascending.</summary>
    public Vector<double> Eigenvalues { get; }

    /// <summary>Orthonormal eigenvectors Q of A (columns), matching <see cref="Eigenvalues"/>.</summary>
    public Matrix<double> Eigenvectors { get; }

    /// <summary>Health constant α = 2λ⁺_min(A), the smallest eigenvalue above <paramref name="zeroThreshold"/> (spec Result 2.1 (a)).</summary>
    public double HealthConstant(double zeroThreshold) =>
        2 * Eigenvalues.Where(l => l > zeroThreshold).DefaultIfEmpty(double.PositiveInfinity).Min();

    /// <summary>ℒ = λ_max(A), the Lipschitz constant of ∇f.</summary>
    public double SmoothnessConstant => Eigenvalues.Maximum();

    /// <inheritdoc />
    public double Value(Vector<double> w)
    {
        var r = Residual(w);
        return 0.5 * r.DotProduct(_a * r);
    }

    /// <inheritdoc />
    public Vector<double> Gradient(Vector<double> w) => _a * Residual(w);

    /// <inheritdoc />
    public Dual Value(ReadOnlySpan<Dual> w)
    {
        CheckLength(w.Length);
        var r = new Dual[w.Length];
        for (int i = 0; i < w.Length; i++)
        {
            r[i] = w[i] - _minimiser[i];
        }
        Dual sum = 0.0;
        for (int i = 0; i < r.Length; i++)
        {
            Dual row = 0.0;
            for (int j = 0; j < r.Length; j++)
            {
                row += _a[i, j] * r[j];
            }
            sum += r[i] * row;
        }
        return 0.5 * sum;
    }

    /// <summary>Closed-form gradient flow γ(t) = w* + Q e^{−Λt} Qᵀ(w₀ − w*).</summary>
    public Vector<double> FlowAt(Vector<double> w0, double t)
    {
        var c = Eigenvectors.TransposeThisAndMultiply(Residual(w0));
        var decayed = Vector<double>.Build.Dense(c.Count, i => Math.Exp(-Eigenvalues[i] * t) * c[i]);
        return _minimiser + Eigenvectors * decayed;
    }

    /// <summary>Closed-form energy en(γ|[0,t]) = Σᵢ ½λᵢcᵢ²(1 − e^{−2λᵢt}), c = Qᵀ(w₀ − w*).</summary>
    public double FlowEnergy(Vector<double> w0, double t)
    {
        var c = Eigenvectors.TransposeThisAndMultiply(Residual(w0));
        double sum = 0;
        for (int i = 0; i < c.Count; i++)
        {
            sum += 0.5 * Eigenvalues[i] * c[i] * c[i] * -FloatingPoint.ExpMinusOne(-2 * Eigenvalues[i] * t);
        }
        return sum;
    }

    private Vector<double> Residual(Vector<double> w)
    {
        Preconditions.FiniteVector(w, Dimension, nameof(w), "a point of W = ℝᴷ");
        return w - _minimiser;
    }

    private void CheckLength(int length)
    {
        if (length != Dimension)
        {
            throw new ArgumentException($"w has {length} entries; expected K = {Dimension}.", "w");
        }
    }
}
