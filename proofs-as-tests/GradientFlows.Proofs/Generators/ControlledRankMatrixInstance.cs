using FsCheck;
using FsCheck.Fluent;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.Generators;

/// <summary>
/// A matrix A ∈ ℝ^{m×n} of exact rank r ≤ min(m, n), 1 ≤ m, n ≤ 8, tall, wide or square, with r = 0 the zero matrix.
/// A is built from B = U·diag(s)·W ∈ ℝ^{m×r} (U the first r columns of a Haar-orthogonal m×m matrix, W Haar-orthogonal
/// r×r, s₁ = c and sᵢ = c·10^{U(−4, 0)} for a scale c = 10^{U(−3, 3)}): the r columns of B, then n − r columns that are
/// copies of B's columns multiplied by ±1 or ±2 (exact in floating point) or zero, in a random column order. The extra
/// columns lie in range B exactly, so rank A = r exactly in floating point, and σ_r(A) ≥ σ_r(B) = s_min ≥ 10⁻⁴·c while
/// σ₁(A) ≤ 2√n·c: the nonzero singular values are at least 10⁻⁴/(2√8) ≈ 3.5·10⁻⁵ of σ₁, ten decades above the rank
/// threshold 8·ε·σ₁ ≈ 1.8·10⁻¹⁵·σ₁, and the others are exact zeros, computed at the size of the SVD's backward error.
/// </summary>
public sealed class ControlledRankMatrixInstance
{
    private readonly Lazy<Matrix<double>> _a;

    /// <summary>Creates the instance; <paramref name="rank"/> is clamped to min(m, n) when shrinking.</summary>
    public ControlledRankMatrixInstance(int rows, int columns, int rank, int seed)
    {
        Rows = rows;
        Columns = columns;
        Rank = Math.Min(rank, Math.Min(rows, columns));
        Seed = seed;
        _a = new(() => Draw(Rows, Columns, Rank, new Random(seed)));
    }

    /// <summary>m.</summary>
    public int Rows { get; }

    /// <summary>n.</summary>
    public int Columns { get; }

    /// <summary>r = rank A, exact.</summary>
    public int Rank { get; }

    /// <summary>Seed of every draw.</summary>
    public int Seed { get; }

    /// <summary>A (a copy).</summary>
    public Matrix<double> A => _a.Value.Clone();

    private static Matrix<double> Draw(int m, int n, int r, Random random)
    {
        var a = Matrix<double>.Build.Dense(m, n);
        if (r == 0)
        {
            return a;
        }
        double c = Gaussian.LogUniform(random, -3, 3);
        var s = Vector<double>.Build.Dense(r, i => i == 0 ? c : c * Gaussian.LogUniform(random, -4, 0));
        var u = Gaussian.Orthogonal(random, m).SubMatrix(0, m, 0, r);
        var b = u * Matrix<double>.Build.DenseOfDiagonalVector(s) * Gaussian.Orthogonal(random, r);
        var order = Enumerable.Range(0, n).OrderBy(_ => random.Next()).ToArray();
        double[] factors = [1, -1, 2, -2, 0];
        for (int j = 0; j < n; j++)
        {
            var column = j < r ? b.Column(j) : factors[random.Next(factors.Length)] * b.Column(random.Next(r));
            a.SetColumn(order[j], column);
        }
        return a;
    }

    /// <summary>The generator: m, n uniform on 1–8, r uniform on 0–min(m, n).</summary>
    public static Gen<ControlledRankMatrixInstance> Generator =>
        from m in Dimensions.Uniform(1, 8)
        from n in Dimensions.Uniform(1, 8)
        from r in Dimensions.Uniform(0, Math.Min(m, n))
        from seed in Dimensions.Seed
        select new ControlledRankMatrixInstance(m, n, r, seed);

    /// <summary>Fewer rows, fewer columns or lower rank, with the same seed.</summary>
    public IEnumerable<ControlledRankMatrixInstance> Shrink() =>
        Dimensions.Shrink(Rows).Select(m => new ControlledRankMatrixInstance(m, Columns, Rank, Seed))
            .Concat(Dimensions.Shrink(Columns).Select(n => new ControlledRankMatrixInstance(Rows, n, Rank, Seed)))
            .Concat(Dimensions.Shrink(Rank, 0).Select(r => new ControlledRankMatrixInstance(Rows, Columns, r, Seed)));

    /// <inheritdoc />
    public override string ToString() => $"ControlledRankMatrixInstance(m={Rows}, n={Columns}, r={Rank}, seed={Seed})";
}
