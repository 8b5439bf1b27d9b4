using FsCheck;
using FsCheck.Fluent;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.Generators;

/// <summary>
/// A stable linear ODE y′ = Ay with A = SΛS⁻¹, Λ real with entries −10^{U(−1,1)}, S = I + ½G (G Gaussian, scaled so
/// ‖G‖₂ ≤ 1, hence S well conditioned): a non-normal system whose solution y(t) = S e^{Λt} S⁻¹ y₀ is known in closed form.
/// </summary>
public sealed class LinearSystemInstance
{
    private readonly Lazy<(Matrix<double> S, Vector<double> Lambda, Vector<double> Y0)> _draw;

    /// <summary>Creates the instance.</summary>
    public LinearSystemInstance(int dimension, int seed)
    {
        Dimension = dimension;
        Seed = seed;
        _draw = new(() =>
        {
            var random = new Random(seed);
            var g = Gaussian.Matrix(random, dimension, dimension);
            var s = Matrix<double>.Build.DenseIdentity(dimension) + 0.5 * g / g.L2Norm();
            var lambda = Vector<double>.Build.Dense(dimension, _ => -Gaussian.LogUniform(random, -1, 1));
            return (s, lambda, Gaussian.Vector(random, dimension));
        });
    }

    /// <summary>d.</summary>
    public int Dimension { get; }

    /// <summary>Seed of every draw.</summary>
    public int Seed { get; }

    /// <summary>A = SΛS⁻¹.</summary>
    public Matrix<double> A
    {
        get
        {
            var (s, lambda, _) = _draw.Value;
            return s * Matrix<double>.Build.DenseOfDiagonalVector(lambda) * s.Inverse();
        }
    }

    /// <summary>y₀.</summary>
    public Vector<double> Y0 => _draw.Value.Y0.Clone();

    /// <summary>y(t) = S e^{Λt} S⁻¹ y₀.</summary>
    public Vector<double> Solution(double t)
    {
        var (s, lambda, y0) = _draw.Value;
        var c = s.Solve(y0);
        return s * Vector<double>.Build.Dense(Dimension, i => Math.Exp(lambda[i] * t) * c[i]);
    }

    /// <summary>The generator.</summary>
    public static Gen<LinearSystemInstance> Generator =>
        from d in Dimensions.Uniform(1, 8)
        from seed in Dimensions.Seed
        select new LinearSystemInstance(d, seed);

    /// <summary>Smaller instances with the same seed.</summary>
    public IEnumerable<LinearSystemInstance> Shrink() => Dimensions.Shrink(Dimension).Select(d => new LinearSystemInstance(d, Seed));

    /// <inheritdoc />
    public override string ToString() => $"LinearSystemInstance(d={Dimension}, seed={Seed})";
}
