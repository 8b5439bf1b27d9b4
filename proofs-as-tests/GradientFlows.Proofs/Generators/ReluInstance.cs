using FsCheck;
using FsCheck.Fluent;
using GradientFlows.Models;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.Generators;

/// <summary>How the data point x is scaled (spec §5).</summary>
public enum InputScaling
{
    /// <summary>‖x‖² = m, the source's normalisation.</summary>
    Normalised,

    /// <summary>x ~ 𝒩(0, I) scaled by 10^{U(−1,1)}.</summary>
    Scaled,
}

/// <summary>
/// A random 2-layer ReLU MLP problem (spec §5): widths n ∈ [1, 5], k ∈ [1, MaxHidden], m ∈ [1, 10] log-uniform, x ~ 𝒩(0, I)
/// normalised or scaled, q ~ 𝒩(0, I)·10^{U(−1,1)}, He-initialised w₀, all drawn from <see cref="Seed"/>.
/// </summary>
/// <remarks>Shrinks toward small widths with the same seed; the printed instance replays exactly.</remarks>
public sealed class ReluInstance
{
    private readonly Lazy<(TwoLayerReluNetwork Network, Vector<double> W0, Vector<double> Q)> _draw;

    /// <summary>Creates the instance; the draws happen on first use.</summary>
    public ReluInstance(int n, int k, int m, int seed, InputScaling scaling)
    {
        N = n;
        K = k;
        M = m;
        Seed = seed;
        Scaling = scaling;
        _draw = new(Draw);
    }

    /// <summary>n, output width.</summary>
    public int N { get; }

    /// <summary>k, hidden width.</summary>
    public int K { get; }

    /// <summary>m, input width.</summary>
    public int M { get; }

    /// <summary>Seed of every draw of this instance.</summary>
    public int Seed { get; }

    /// <summary>How x is scaled.</summary>
    public InputScaling Scaling { get; }

    /// <summary>The network (with its data point x).</summary>
    public TwoLayerReluNetwork Network => _draw.Value.Network;

    /// <summary>The He initialisation w₀.</summary>
    public Vector<double> W0 => _draw.Value.W0.Clone();

    /// <summary>The target q.</summary>
    public Vector<double> Q => _draw.Value.Q.Clone();

    /// <summary>The loss f(w) = ½‖y − q‖².</summary>
    public SquaredErrorCost Loss => new(Network, Q);

    /// <summary>A second random generator, independent of the instance's own draws, for off-init points and directions.</summary>
    public Random Auxiliary => new(unchecked(Seed * 7919 + 17));

    /// <summary>The generator with k ≤ <paramref name="maxHidden"/>.</summary>
    public static Gen<ReluInstance> Generator(int maxHidden) =>
        from n in Dimensions.LogUniform(5)
        from k in Dimensions.LogUniform(maxHidden)
        from m in Dimensions.LogUniform(10)
        from seed in Dimensions.Seed
        from scaling in Gen.Elements(InputScaling.Normalised, InputScaling.Scaled)
        select new ReluInstance(n, k, m, seed, scaling);

    /// <summary>Smaller instances with the same seed.</summary>
    public IEnumerable<ReluInstance> Shrink() =>
        Dimensions.Shrink(N).Select(n => new ReluInstance(n, K, M, Seed, Scaling))
            .Concat(Dimensions.Shrink(K).Select(k => new ReluInstance(N, k, M, Seed, Scaling)))
            .Concat(Dimensions.Shrink(M).Select(m => new ReluInstance(N, K, m, Seed, Scaling)));

    /// <inheritdoc />
    public override string ToString() => $"ReluInstance(n={N}, k={K}, m={M}, seed={Seed}, x {Scaling})";

    private (TwoLayerReluNetwork, Vector<double>, Vector<double>) Draw()
    {
        var random = new Random(Seed);
        var x = Gaussian.Vector(random, M);
        x = Scaling == InputScaling.Normalised
            ? x * (Math.Sqrt(M) / x.L2Norm())
            : x * Gaussian.LogUniform(random, -1, 1);
        var q = Gaussian.Vector(random, N) * Gaussian.LogUniform(random, -1, 1);
        var network = new TwoLayerReluNetwork(N, K, x);
        var w0 = HeInitialisation.Sample(network, random);
        return (network, w0, q);
    }
}
