using FsCheck;
using FsCheck.Fluent;
using GradientFlows.Models;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.Generators;

/// <summary>
/// A regression problem for the non-network model x(t) = b₁(1 − e^{−b₂t}): N sample points tⱼ ~ U(0.2, 4), true
/// parameters b₁ ~ U(0.5, 3), b₂ ~ U(0.3, 2), targets y = x_true + 0.05·𝒩(0, I), and θ₀ = b_true scaled entrywise by
/// U(0.5, 1.5) (so b₁ ≠ 0 and D has rank 2 for N ≥ 2 distinct points). N ∈ [1, 8]: N = 1 is overparametrised
/// (K = 2 &gt; QN), N = 2 borderline, N ≥ 3 underparametrised.
/// </summary>
public sealed class SaturatingExponentialInstance(int n, int seed)
{
    /// <summary>N.</summary>
    public int N { get; } = n;

    /// <summary>The seed of every draw.</summary>
    public int Seed { get; } = seed;

    /// <summary>The generator.</summary>
    public static Gen<SaturatingExponentialInstance> Generator =>
        from n in Dimensions.Uniform(1, 8)
        from seed in Dimensions.Seed
        select new SaturatingExponentialInstance(n, seed);

    /// <summary>The model, its cost C = (1/2N)|x − y|² (Q = 1, κ = 1/N) and θ₀.</summary>
    public (SaturatingExponentialModel Model, SquaredErrorCost Cost, Vector<double> Theta0) Draw()
    {
        var random = new Random(Seed);
        var times = Vector<double>.Build.Dense(N, _ => 0.2 + 3.8 * random.NextDouble());
        var model = new SaturatingExponentialModel(times);
        var truth = Vector<double>.Build.DenseOfArray([0.5 + 2.5 * random.NextDouble(), 0.3 + 1.7 * random.NextDouble()]);
        var y = model.Outputs(truth) + Gaussian.Vector(random, N, 0.05);
        var data = new LabelledData(Matrix<double>.Build.Dense(1, N), y.ToRowMatrix(), Enumerable.Range(0, N).ToArray());
        var theta0 = truth.PointwiseMultiply(Vector<double>.Build.Dense(2, _ => 0.5 + random.NextDouble()));
        return (model, data.Cost(model), theta0);
    }

    /// <summary>Smaller N with the same seed.</summary>
    public IEnumerable<SaturatingExponentialInstance> Shrink() => Dimensions.Shrink(N).Select(n => new SaturatingExponentialInstance(n, Seed));

    /// <inheritdoc />
    public override string ToString() => $"SaturatingExponentialInstance(N={N}, seed={Seed})";
}
