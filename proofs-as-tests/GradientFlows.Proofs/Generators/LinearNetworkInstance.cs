using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using GradientFlows.Models;
using GradientFlows.Theory.LinearNetworks;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.Generators;

/// <summary>The rank of the inputs X of a linear-network instance (linear-networks spec §2 edge cases, §3 C2-ext).</summary>
public enum InputRank
{
    /// <summary>X Gaussian with m ≥ d_x + 1 columns: XXᵀ ≻ 0 almost surely.</summary>
    FullRowRank,

    /// <summary>
    /// X = U·diag(s)·Vᵀ with U ∈ ℝ^{d_x×k}, V ∈ ℝ^{m×k} Haar-orthonormal, 1 ≤ k &lt; d_x and sᵢ ∈ [√m, 2√m]: rank X = k by
    /// construction, with the nonzero part of XXᵀ as well conditioned as a full-row-rank Gaussian X of the same size. (A
    /// product of Gaussian factors, the earlier construction, gave arbitrarily small nonzero eigenvalues: a slow data
    /// mode that no fixed horizon resolves, see erratum LN-slow-data-mode.)
    /// </summary>
    RankDeficient,
}

/// <summary>
/// A random deep linear network problem (linear-networks spec §2–§3 numerical checks): depth H ∈ [0, 4], hidden widths in
/// [1, 6] and d_x, d_y ∈ [1, 5] log-uniform, m = d_x + extra samples, Gaussian X (full row rank, or rank-deficient by
/// construction) and Y, and Gaussian weights Wᵢ ~ 𝒩(0, 1/dᵢ₋₁) (scale 1/√fan-in), all drawn from <see cref="Seed"/>.
/// </summary>
/// <remarks>Shrinks toward fewer layers, smaller widths and fewer samples with the same seed.</remarks>
public sealed class LinearNetworkInstance
{
    private readonly Lazy<(DeepLinearNetwork Network, Matrix<double> X, Matrix<double> Y, Vector<double> Theta0)> _draw;

    /// <summary>Creates the instance; the draws happen on first use.</summary>
    /// <param name="widths">d₀ = d_x, d₁, …, d_{H+1} = d_y.</param>
    /// <param name="extraSamples">m − d_x ≥ 1.</param>
    /// <param name="rank">How X is drawn; <see cref="InputRank.RankDeficient"/> needs d_x ≥ 2.</param>
    /// <param name="seed">Seed of every draw.</param>
    /// <param name="minExtraSamples">The least m − d_x that shrinking may reach.</param>
    public LinearNetworkInstance(ImmutableArray<int> widths, int extraSamples, InputRank rank, int seed, int minExtraSamples = 1)
    {
        MinExtraSamples = minExtraSamples;
        Widths = widths;
        ExtraSamples = extraSamples;
        Rank = widths[0] >= 2 ? rank : InputRank.FullRowRank;
        Seed = seed;
        _draw = new(Draw);
    }

    /// <summary>d₀, …, d_{H+1}.</summary>
    public ImmutableArray<int> Widths { get; }

    /// <summary>H.</summary>
    public int HiddenLayers => Widths.Length - 2;

    /// <summary>m − d_x.</summary>
    public int ExtraSamples { get; }

    /// <summary>The least m − d_x of the generator (a floor for shrinking).</summary>
    public int MinExtraSamples { get; }

    /// <summary>m.</summary>
    public int SampleCount => Widths[0] + ExtraSamples;

    /// <summary>How X is drawn.</summary>
    public InputRank Rank { get; }

    /// <summary>Seed of every draw of this instance.</summary>
    public int Seed { get; }

    /// <summary>The network on X.</summary>
    public DeepLinearNetwork Network => _draw.Value.Network;

    /// <summary>X ∈ ℝ^{d_x×m}.</summary>
    public Matrix<double> X => _draw.Value.X.Clone();

    /// <summary>Y ∈ ℝ^{d_y×m}.</summary>
    public Matrix<double> Y => _draw.Value.Y.Clone();

    /// <summary>θ₀ = (W₁(0), …, W_{H+1}(0)).</summary>
    public Vector<double> Theta0 => _draw.Value.Theta0.Clone();

    /// <summary>L = ½‖Y − WX‖²_F.</summary>
    public SquaredErrorCost Loss => Network.Loss(_draw.Value.Y);

    /// <summary>The least-squares oracle of (X, Y).</summary>
    public LeastSquaresEstimator Estimator => new(_draw.Value.X, _draw.Value.Y);

    /// <summary>A second random generator, independent of the instance's draws, for points and directions.</summary>
    public Random Auxiliary => new(unchecked(Seed * 7919 + 31));

    /// <summary>The generator with H ∈ [<paramref name="minHidden"/>, <paramref name="maxHidden"/>].</summary>
    /// <param name="minHidden">Least H.</param>
    /// <param name="maxHidden">Largest H.</param>
    /// <param name="ranks">The ranks of X to draw from (rank-deficient needs d_x ≥ 2 and falls back to full row rank).</param>
    /// <param name="minExtraSamples">Least m − d_x ≥ 1; larger values make XXᵀ better conditioned.</param>
    /// <param name="minInputWidth">Least d_x: 2 for the rank-deficient registries, where d_x = 1 cannot be rank-deficient
    /// (then d_x is uniform in [2, 5] instead of log-uniform in [1, 5]).</param>
    public static Gen<LinearNetworkInstance> Generator(int minHidden, int maxHidden, InputRank[] ranks, int minExtraSamples = 1, int minInputWidth = 1) =>
        from hidden in Dimensions.Uniform(minHidden, maxHidden)
        from dx in minInputWidth <= 1 ? Dimensions.LogUniform(5) : Dimensions.Uniform(minInputWidth, 5)
        from dy in Dimensions.LogUniform(5)
        from inner in Gen.ArrayOf(Dimensions.LogUniform(6), hidden)
        from extra in Dimensions.Uniform(minExtraSamples, minExtraSamples + 3)
        from rank in Gen.Elements(ranks)
        from seed in Dimensions.Seed
        select new LinearNetworkInstance(
            [dx, .. inner, dy], extra, rank, seed, minExtraSamples);

    /// <summary>
    /// Smaller instances with the same seed: one layer fewer, one width smaller, fewer samples. Shrinking keeps the
    /// hypotheses the instance was generated with: H ≥ <paramref name="minHidden"/>, and d_x ≥ 2 when X is rank-deficient.
    /// </summary>
    /// <param name="minHidden">The least H of the generator.</param>
    public IEnumerable<LinearNetworkInstance> Shrink(int minHidden = 0)
    {
        if (HiddenLayers > minHidden)
        {
            yield return new LinearNetworkInstance([.. Widths.RemoveAt(Widths.Length - 2)], ExtraSamples, Rank, Seed, MinExtraSamples);
        }
        for (int i = 0; i < Widths.Length; i++)
        {
            foreach (int d in Dimensions.Shrink(Widths[i], i == 0 && Rank == InputRank.RankDeficient ? 2 : 1))
            {
                yield return new LinearNetworkInstance(Widths.SetItem(i, d), ExtraSamples, Rank, Seed, MinExtraSamples);
            }
        }
        foreach (int e in Dimensions.Shrink(ExtraSamples, MinExtraSamples))
        {
            yield return new LinearNetworkInstance(Widths, e, Rank, Seed, MinExtraSamples);
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"LinearNetworkInstance(widths=[{string.Join(", ", Widths)}], m={SampleCount}, X {Rank}, seed={Seed})";

    private (DeepLinearNetwork, Matrix<double>, Matrix<double>, Vector<double>) Draw()
    {
        var random = new Random(Seed);
        int dx = Widths[0], dy = Widths[^1], m = SampleCount;
        Matrix<double> x;
        if (Rank == InputRank.RankDeficient)
        {
            int k = 1 + random.Next(dx - 1);
            var u = Gaussian.Orthogonal(random, dx).SubMatrix(0, dx, 0, k);
            var v = Gaussian.Orthogonal(random, m).SubMatrix(0, m, 0, k);
            var singular = Matrix<double>.Build.DenseOfDiagonalVector(
                Vector<double>.Build.Dense(k, _ => Math.Sqrt(m) * (1 + random.NextDouble())));
            x = u * singular * v.Transpose();
        }
        else
        {
            x = Gaussian.Matrix(random, dx, m);
        }
        var y = Gaussian.Matrix(random, dy, m);
        var network = new DeepLinearNetwork(Widths, x);
        var weights = Enumerable.Range(1, Widths.Length - 1)
            .Select(i => Gaussian.Matrix(random, Widths[i], Widths[i - 1], 1 / Math.Sqrt(Widths[i - 1])))
            .ToArray();
        return (network, x, y, network.Parameters(weights));
    }
}
