using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Geometry;

/// <summary>
/// The output-layer geometry at one point θ: the Jacobian D[θ] ∈ ℝ^{QN×K}, its <see cref="PenroseInverse"/> (SVD,
/// rank, projectors) and the output gradient g = ∇ₓC = κ(x − y) (Chen, arXiv 2311.15487, §1.4). Every adapted field is
/// a function of these three.
/// </summary>
public sealed class OutputGeometry
{
    private readonly Matrix<double> _d;
    private readonly Vector<double> _g;

    /// <summary>Bundles D (copied), its Penrose inverse and g (copied).</summary>
    /// <exception cref="ArgumentException">The shapes do not match.</exception>
    public OutputGeometry(Matrix<double> d, Vector<double> g)
    {
        Preconditions.NotNull(d, nameof(d));
        Preconditions.FiniteVector(g, d.RowCount, nameof(g), "g = ∇ₓC ∈ ℝ^{QN}, one entry per row of D");
        _d = d.Clone();
        _g = g.Clone();
        Inverse = new PenroseInverse(d);
    }

    /// <summary>D[θ] (a copy).</summary>
    public Matrix<double> D => _d.Clone();

    /// <summary>g = ∇ₓC (a copy).</summary>
    public Vector<double> G => _g.Clone();

    /// <summary>D⁺ with its SVD, rank and projectors.</summary>
    public PenroseInverse Inverse { get; }

    /// <summary>Dᵀv for v ∈ ℝ^{QN}.</summary>
    public Vector<double> TransposeTimes(Vector<double> v) => _d.TransposeThisAndMultiply(v);

    /// <summary>Du for u ∈ ℝᴷ.</summary>
    public Vector<double> Times(Vector<double> u) => _d * u;

    /// <summary>D⁻¹g by LU, for square D.</summary>
    internal Vector<double> SolveSquare() => _d.Solve(_g);
}
