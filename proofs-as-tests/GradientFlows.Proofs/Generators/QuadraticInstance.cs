using FsCheck;
using FsCheck.Fluent;
using GradientFlows.Objectives;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.Generators;

/// <summary>
/// A random quadratic f(w) = ½(w − w*)ᵀA(w − w*), A = QΛQᵀ with Q Haar-orthogonal, eigenvalues log-uniform in
/// [10⁻², 10²] and, when <see cref="ZeroEigenvalues"/> &gt; 0, some exactly 0 (Gelada–Buckman spec, Result 2.1 (a)).
/// </summary>
/// <remarks>
/// <see cref="Tight"/> instances are the equality case of Result 2.1: w₀ − w* is an eigenvector of λ⁺_min, so
/// l(t) = l(0)e^{−αt} exactly and the test can pass only through its tolerance.
/// </remarks>
public sealed class QuadraticInstance
{
    private readonly Lazy<(QuadraticObjective F, Vector<double> W0)> _draw;

    /// <summary>Creates the instance.</summary>
    public QuadraticInstance(int dimension, int zeroEigenvalues, bool tight, int seed)
    {
        Dimension = dimension;
        ZeroEigenvalues = Math.Min(zeroEigenvalues, dimension - 1);
        Tight = tight;
        Seed = seed;
        _draw = new(Draw);
    }

    /// <summary>K.</summary>
    public int Dimension { get; }

    /// <summary>Number of eigenvalues that are exactly 0 (at most K − 1).</summary>
    public int ZeroEigenvalues { get; }

    /// <summary>True for the equality case of Result 2.1.</summary>
    public bool Tight { get; }

    /// <summary>Seed of every draw.</summary>
    public int Seed { get; }

    /// <summary>The objective.</summary>
    public QuadraticObjective Objective => _draw.Value.F;

    /// <summary>w₀.</summary>
    public Vector<double> W0 => _draw.Value.W0.Clone();

    /// <summary>The smallest positive eigenvalue λ⁺_min (the zero eigenvalues are set exactly to 0).</summary>
    public double SmallestPositiveEigenvalue => Spectrum.Where(l => l > 0).Min();

    /// <summary>The eigenvalues as drawn (exact zeros kept exact).</summary>
    public Vector<double> Spectrum => SpectrumAndBasis().Lambda;

    /// <summary>The generator.</summary>
    public static Gen<QuadraticInstance> Generator =>
        from d in Dimensions.Uniform(1, 8)
        from zeros in Gen.Frequency((3, Gen.Constant(0)), (1, Dimensions.Uniform(1, 3)))
        from tight in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        from seed in Dimensions.Seed
        select new QuadraticInstance(d, zeros, tight, seed);

    /// <summary>Smaller instances with the same seed.</summary>
    public IEnumerable<QuadraticInstance> Shrink() =>
        Dimensions.Shrink(Dimension).Select(d => new QuadraticInstance(d, ZeroEigenvalues, Tight, Seed))
            .Concat(ZeroEigenvalues > 0 ? [new QuadraticInstance(Dimension, 0, Tight, Seed)] : []);

    /// <inheritdoc />
    public override string ToString() =>
        $"QuadraticInstance(K={Dimension}, zeros={ZeroEigenvalues}, tight={Tight}, seed={Seed})";

    private (Vector<double> Lambda, Matrix<double> Q, Random Random) SpectrumAndBasis()
    {
        var random = new Random(Seed);
        var lambda = Vector<double>.Build.Dense(Dimension, i => i < ZeroEigenvalues ? 0.0 : Gaussian.LogUniform(random, -2, 2));
        var q = Gaussian.Orthogonal(random, Dimension);
        return (lambda, q, random);
    }

    private (QuadraticObjective, Vector<double>) Draw()
    {
        var (lambda, q, random) = SpectrumAndBasis();
        var wStar = Gaussian.Vector(random, Dimension);
        var f = QuadraticObjective.FromSpectrum(q, lambda, wStar);
        Vector<double> w0;
        if (Tight)
        {
            int iMin = Enumerable.Range(0, Dimension).Where(i => lambda[i] > 0).MinBy(i => lambda[i]);
            w0 = wStar + Gaussian.LogUniform(random, -1, 1) * q.Column(iMin);
        }
        else
        {
            w0 = wStar + Gaussian.Vector(random, Dimension) * Gaussian.LogUniform(random, -1, 1);
        }
        return (f, w0);
    }
}
