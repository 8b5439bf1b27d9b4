using FsCheck;
using FsCheck.Fluent;
using GradientFlows.Models;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.Generators;

/// <summary>
/// Over-parametrised least squares f(w) = ½‖Xw − q‖², X ∈ ℝ^{n×p} Gaussian with p ≥ n (Result 2.1 (b)): health constant
/// α = 2λ_min(XXᵀ), smoothness ℒ = λ_max(XXᵀ), inf f = 0 attained.
/// </summary>
public sealed class LeastSquaresInstance
{
    private readonly Lazy<(SquaredErrorCost F, Matrix<double> X, Vector<double> W0)> _draw;

    /// <summary>Creates the instance.</summary>
    public LeastSquaresInstance(int n, int extra, int seed)
    {
        Rows = n;
        Columns = n + extra;
        Seed = seed;
        _draw = new(Draw);
    }

    /// <summary>n, the number of equations.</summary>
    public int Rows { get; }

    /// <summary>p ≥ n, the number of unknowns.</summary>
    public int Columns { get; }

    /// <summary>Seed of every draw.</summary>
    public int Seed { get; }

    /// <summary>f.</summary>
    public SquaredErrorCost Objective => _draw.Value.F;

    /// <summary>X.</summary>
    public Matrix<double> X => _draw.Value.X.Clone();

    /// <summary>w₀.</summary>
    public Vector<double> W0 => _draw.Value.W0.Clone();

    /// <summary>Eigenvalues of XXᵀ, ascending.</summary>
    public Vector<double> GramEigenvalues => (X * X.Transpose()).Evd(Symmetricity.Symmetric).EigenValues.Real();

    /// <summary>The generator.</summary>
    public static Gen<LeastSquaresInstance> Generator =>
        from n in Dimensions.Uniform(1, 5)
        from extra in Dimensions.Uniform(0, 8)
        from seed in Dimensions.Seed
        select new LeastSquaresInstance(n, extra, seed);

    /// <summary>Smaller instances with the same seed.</summary>
    public IEnumerable<LeastSquaresInstance> Shrink() =>
        Dimensions.Shrink(Rows).Select(n => new LeastSquaresInstance(n, Columns - Rows, Seed))
            .Concat(Dimensions.Shrink(Columns - Rows + 1).Select(e => new LeastSquaresInstance(Rows, e - 1, Seed)));

    /// <inheritdoc />
    public override string ToString() => $"LeastSquaresInstance(n={Rows}, p={Columns}, seed={Seed})";

    private (SquaredErrorCost, Matrix<double>, Vector<double>) Draw()
    {
        var random = new Random(Seed);
        var x = Gaussian.Matrix(random, Rows, Columns);
        var q = Gaussian.Vector(random, Rows);
        var w0 = Gaussian.Vector(random, Columns);
        return (new SquaredErrorCost(new LinearMapModel(x), q), x, w0);
    }
}
