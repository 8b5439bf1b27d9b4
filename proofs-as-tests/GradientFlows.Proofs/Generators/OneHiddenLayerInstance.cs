using FsCheck;
using FsCheck.Fluent;
using GradientFlows.Models;
using GradientFlows.Theory.LinearNetworks;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.Generators;

/// <summary>
/// A one-hidden-layer linear network with generic data (linear-networks spec §4 BH, §6 C5): d_x, p = d₁, d_y ∈ [1, 5],
/// m = d_x + extra Gaussian samples (so XXᵀ ≻ 0 and the λᵢ are distinct almost surely; the tests check the spec's predicate
/// 𝒢 and classify), Gaussian W₁(0) ~ 𝒩(0, 1/d_x), W₂(0) ~ 𝒩(0, 1/p), and a C ∈ GL(p) with cond(C) ≤ 10.
/// </summary>
public sealed class OneHiddenLayerInstance
{
    private readonly Lazy<(DeepLinearNetwork Network, Matrix<double> X, Matrix<double> Y, Vector<double> Theta0, Matrix<double> C)> _draw;

    /// <summary>Creates the instance.</summary>
    public OneHiddenLayerInstance(int dx, int p, int dy, int extraSamples, int seed)
    {
        InputWidth = dx;
        HiddenWidth = p;
        OutputWidth = dy;
        ExtraSamples = extraSamples;
        Seed = seed;
        _draw = new(Draw);
    }

    /// <summary>d_x.</summary>
    public int InputWidth { get; }

    /// <summary>p = d₁.</summary>
    public int HiddenWidth { get; }

    /// <summary>d_y.</summary>
    public int OutputWidth { get; }

    /// <summary>m − d_x ≥ 1.</summary>
    public int ExtraSamples { get; }

    /// <summary>Seed of every draw.</summary>
    public int Seed { get; }

    /// <summary>The network on X.</summary>
    public DeepLinearNetwork Network => _draw.Value.Network;

    /// <summary>X.</summary>
    public Matrix<double> X => _draw.Value.X.Clone();

    /// <summary>Y.</summary>
    public Matrix<double> Y => _draw.Value.Y.Clone();

    /// <summary>θ₀.</summary>
    public Vector<double> Theta0 => _draw.Value.Theta0.Clone();

    /// <summary>C ∈ GL(p), singular values in [1, 10].</summary>
    public Matrix<double> C => _draw.Value.C.Clone();

    /// <summary>L.</summary>
    public SquaredErrorCost Loss => Network.Loss(_draw.Value.Y);

    /// <summary>The least-squares oracle.</summary>
    public LeastSquaresEstimator Estimator => new(_draw.Value.X, _draw.Value.Y);

    /// <summary>An independent generator for directions.</summary>
    public Random Auxiliary => new(unchecked(Seed * 7919 + 47));

    /// <summary>The generator.</summary>
    public static Gen<OneHiddenLayerInstance> Generator =>
        from dx in Dimensions.Uniform(1, 5)
        from p in Dimensions.Uniform(1, 5)
        from dy in Dimensions.Uniform(1, 5)
        from extra in Dimensions.Uniform(1, 4)
        from seed in Dimensions.Seed
        select new OneHiddenLayerInstance(dx, p, dy, extra, seed);

    /// <summary>Smaller instances with the same seed.</summary>
    public IEnumerable<OneHiddenLayerInstance> Shrink() =>
        Dimensions.Shrink(InputWidth).Select(d => new OneHiddenLayerInstance(d, HiddenWidth, OutputWidth, ExtraSamples, Seed))
            .Concat(Dimensions.Shrink(HiddenWidth).Select(d => new OneHiddenLayerInstance(InputWidth, d, OutputWidth, ExtraSamples, Seed)))
            .Concat(Dimensions.Shrink(OutputWidth).Select(d => new OneHiddenLayerInstance(InputWidth, HiddenWidth, d, ExtraSamples, Seed)));

    /// <inheritdoc />
    public override string ToString() =>
        $"OneHiddenLayerInstance(d_x={InputWidth}, p={HiddenWidth}, d_y={OutputWidth}, m={InputWidth + ExtraSamples}, seed={Seed})";

    private (DeepLinearNetwork, Matrix<double>, Matrix<double>, Vector<double>, Matrix<double>) Draw()
    {
        var random = new Random(Seed);
        int m = InputWidth + ExtraSamples;
        var x = Gaussian.Matrix(random, InputWidth, m);
        var y = Gaussian.Matrix(random, OutputWidth, m);
        var network = new DeepLinearNetwork([InputWidth, HiddenWidth, OutputWidth], x);
        var w1 = Gaussian.Matrix(random, HiddenWidth, InputWidth, 1 / Math.Sqrt(InputWidth));
        var w2 = Gaussian.Matrix(random, OutputWidth, HiddenWidth, 1 / Math.Sqrt(HiddenWidth));
        var singular = Enumerable.Range(0, HiddenWidth).Select(_ => Math.Pow(10, random.NextDouble())).ToArray();
        var c = Gaussian.Orthogonal(random, HiddenWidth) * Matrix<double>.Build.DenseOfDiagonalArray(singular)
            * Gaussian.Orthogonal(random, HiddenWidth);
        return (network, x, y, network.Parameters([w1, w2]), c);
    }
}
