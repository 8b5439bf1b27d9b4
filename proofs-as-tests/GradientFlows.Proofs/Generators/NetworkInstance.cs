using System.Collections.Immutable;
using GradientFlows.Geometry;
using GradientFlows.Models;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.Generators;

/// <summary>
/// A random deep network of Chen (arXiv 2311.15487, §1.1) with data and an initialisation (spec §3): inputs 𝒩(0, I),
/// one label 𝒩(0, I_Q) per input (ω injective, spec A16), weights and biases 𝒩(0, 0.7²), all drawn from
/// <see cref="Seed"/>. Subclasses are named after the hypothesis they construct (STYLE rule 7) and fix the dimensions
/// before any draw, so no instance is filtered away.
/// </summary>
public abstract class NetworkInstance
{
    /// <summary>Standard deviation of every weight and bias entry at initialisation (spec §3).</summary>
    public const double WeightScale = 0.7;

    private readonly Lazy<(DeepNetwork Network, LabelledData Data, Vector<double> Theta0)> _draw;

    /// <summary>Creates the instance; draws happen on first use.</summary>
    protected NetworkInstance(int inputWidth, ImmutableArray<int> hiddenWidths, int q, int n, Activation activation, int seed)
    {
        M = inputWidth;
        HiddenWidths = hiddenWidths;
        Q = q;
        N = n;
        Activation = activation;
        Seed = seed;
        _draw = new(Draw);
    }

    /// <summary>M = M₀, the input dimension.</summary>
    public int M { get; }

    /// <summary>M₁, …, M_L.</summary>
    public ImmutableArray<int> HiddenWidths { get; }

    /// <summary>Q.</summary>
    public int Q { get; }

    /// <summary>N.</summary>
    public int N { get; }

    /// <summary>QN.</summary>
    public int QN => Q * N;

    /// <summary>K = Σₗ Mₗ(Mₗ₋₁ + 1) (1.5).</summary>
    public int K => ParameterCount(M, HiddenWidths, Q);

    /// <summary>σ.</summary>
    public Activation Activation { get; }

    /// <summary>The seed of every draw.</summary>
    public int Seed { get; }

    /// <summary>The network on the drawn inputs.</summary>
    public DeepNetwork Network => _draw.Value.Network;

    /// <summary>The drawn data.</summary>
    public LabelledData Data => _draw.Value.Data;

    /// <summary>θ₀.</summary>
    public Vector<double> Theta0 => _draw.Value.Theta0.Clone();

    /// <summary>C = (1/2N)|x − y_ω|².</summary>
    public SquaredErrorCost Cost => Data.Cost(Network);

    /// <summary>A second generator, independent of the instance's draws, for directions and perturbations.</summary>
    public Random Auxiliary => new(unchecked(Seed * 7919 + 17));

    /// <summary>K for the given architecture.</summary>
    public static int ParameterCount(int m, IReadOnlyList<int> hidden, int q)
    {
        int k = 0, previous = m;
        foreach (int w in hidden.Append(q))
        {
            k += w * (previous + 1);
            previous = w;
        }
        return k;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{GetType().Name}(M={M}, hidden=[{string.Join(",", HiddenWidths)}], Q={Q}, N={N}, K={K}, QN={QN}, σ={Activation}, seed={Seed})";

    /// <summary>
    /// How many draws of θ₀ (from the instance's own seed stream) a conditioned start may take: see
    /// <see cref="StartConditionFloor"/>. 64 since 2026-12-01 (16 before): with 16, 48 of 358 underparametrised draws with
    /// two tanh layers and Q = 1 had no conditioned start, with 64 15 of 379 (one SVD of a small D per draw).
    /// </summary>
    public const int StartDraws = 64;

    /// <summary>
    /// The number of draws this instance's start may take: <see cref="StartDraws"/>, or fewer for a regression fact that
    /// replays an instance drawn under an earlier limit.
    /// </summary>
    protected virtual int StartDrawLimit => StartDraws;

    /// <summary>
    /// A lower bound on σ_min(D)/σ_max(D) at θ₀ that the subclass constructs (0: none). θ₀ is then the first of up to
    /// <see cref="StartDraws"/> draws of the seed stream that meets it, so the theorem's full-rank hypothesis holds at the
    /// start with a margin above ρ = 10⁻⁶ and the orbit runs a while before the rank event. Frequency statements
    /// (Proposition 2.2 on networks) use subclasses without a floor, so their statistics are those of raw draws.
    /// </summary>
    protected virtual double StartConditionFloor => 0;

    /// <summary>Hook for subclasses that shape the inputs and labels (e.g. duplicate inputs).</summary>
    protected virtual void ShapeData(Matrix<double> inputs, Matrix<double> labels, Random random)
    {
    }

    /// <summary>Index of an activation in <see cref="Activation.All"/>.</summary>
    protected static Activation ActivationAt(int index) => Activation.All[index];

    private (DeepNetwork, LabelledData, Vector<double>) Draw()
    {
        var random = new Random(Seed);
        var inputs = Gaussian.Matrix(random, M, N);
        var labels = Gaussian.Matrix(random, Q, N);
        ShapeData(inputs, labels, random);
        var data = new LabelledData(inputs, labels, Enumerable.Range(0, N).ToArray());
        var network = new DeepNetwork(inputs, HiddenWidths, Q, Activation);
        var theta0 = Gaussian.Vector(random, network.Layout.Dimension, WeightScale);
        for (int attempt = 1; attempt < StartDrawLimit && StartConditionFloor > 0
            && new PenroseInverse(network.Jacobian(theta0)).ConditionRatio < StartConditionFloor; attempt++)
        {
            theta0 = Gaussian.Vector(random, network.Layout.Dimension, WeightScale);
        }
        return (network, data, theta0);
    }
}
