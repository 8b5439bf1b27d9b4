using FsCheck;
using FsCheck.Fluent;
using GradientFlows.Models;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.Generators;

/// <summary>
/// A linear least-squares problem min ½‖Aθ − y‖² with A ∈ ℝ^{n×K} of full column rank K ≤ n, 1 ≤ K ≤ 5, n − K ≤ 5, and
/// condition number κ₂(A) ≤ 10 by construction: A = U·diag(s)·Vᵀ with U the first K columns of a Haar-orthogonal n×n
/// matrix, V Haar-orthogonal K×K, s₁ = c and sᵢ = c·10^{U(−1, 0)} for a scale c = 10^{U(−1, 1)}. The targets
/// y = Aw + ν have a residual ν ~ N(0, σ²I) with σ = 10^{U(−2, 0)} (an inconsistent system for n &gt; K); θ₀ ~ N(0, I).
/// The least-squares solution A⁺y is unique.
/// </summary>
public sealed class FullColumnRankLinearInstance
{
    private readonly Lazy<(Matrix<double> A, Vector<double> Y, Vector<double> Theta0)> _draw;

    /// <summary>Creates the instance.</summary>
    public FullColumnRankLinearInstance(int rows, int columns, int seed)
    {
        Columns = columns;
        Rows = Math.Max(rows, columns);
        Seed = seed;
        _draw = new(Draw);
    }

    /// <summary>n = QN, the number of outputs.</summary>
    public int Rows { get; }

    /// <summary>K ≤ n, the number of parameters.</summary>
    public int Columns { get; }

    /// <summary>Seed of every draw.</summary>
    public int Seed { get; }

    /// <summary>A (a copy).</summary>
    public Matrix<double> A => _draw.Value.A.Clone();

    /// <summary>y (a copy).</summary>
    public Vector<double> Y => _draw.Value.Y.Clone();

    /// <summary>θ₀ (a copy).</summary>
    public Vector<double> Theta0 => _draw.Value.Theta0.Clone();

    /// <summary>C(θ) = ½‖Aθ − y‖² of the linear model x(θ) = Aθ.</summary>
    public SquaredErrorCost Cost => new(new LinearMapModel(_draw.Value.A), _draw.Value.Y);

    /// <summary>The generator.</summary>
    public static Gen<FullColumnRankLinearInstance> Generator =>
        from k in Dimensions.Uniform(1, 5)
        from extra in Dimensions.Uniform(0, 5)
        from seed in Dimensions.Seed
        select new FullColumnRankLinearInstance(k + extra, k, seed);

    /// <summary>Fewer parameters or fewer surplus outputs, with the same seed.</summary>
    public IEnumerable<FullColumnRankLinearInstance> Shrink() =>
        Dimensions.Shrink(Columns).Select(k => new FullColumnRankLinearInstance(k + Rows - Columns, k, Seed))
            .Concat(Dimensions.Shrink(Rows - Columns + 1).Select(e => new FullColumnRankLinearInstance(Columns + e - 1, Columns, Seed)));

    /// <inheritdoc />
    public override string ToString() => $"FullColumnRankLinearInstance(n={Rows}, K={Columns}, seed={Seed})";

    private (Matrix<double>, Vector<double>, Vector<double>) Draw()
    {
        var random = new Random(Seed);
        double c = Gaussian.LogUniform(random, -1, 1);
        var s = Vector<double>.Build.Dense(Columns, i => i == 0 ? c : c * Gaussian.LogUniform(random, -1, 0));
        var u = Gaussian.Orthogonal(random, Rows).SubMatrix(0, Rows, 0, Columns);
        var a = u * Matrix<double>.Build.DenseOfDiagonalVector(s) * Gaussian.Orthogonal(random, Columns);
        var w = Gaussian.Vector(random, Columns);
        double sigma = Gaussian.LogUniform(random, -2, 0);
        var y = a * w + Gaussian.Vector(random, Rows, sigma);
        return (a, y, Gaussian.Vector(random, Columns));
    }
}
