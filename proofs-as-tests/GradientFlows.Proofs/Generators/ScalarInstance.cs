using FsCheck;
using FsCheck.Fluent;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.Generators;

/// <summary>
/// Draws for the scalar families: the sine well f(x) = x² + 3sin²x with x₀ ~ 𝒩(0, 9), and the two-factor model
/// f(u, v) = ½(uv − q)² with u₀, v₀ ~ 𝒩(0, 1), q ~ 𝒩(0, 4) (spec Results 2.1 (c), 2.2).
/// </summary>
/// <param name="Seed">Seed of every draw.</param>
public sealed record ScalarInstance(int Seed)
{
    /// <summary>x₀ for the sine well.</summary>
    public Vector<double> SineWellStart => Vector<double>.Build.Dense(1, 3 * MathNet.Numerics.Distributions.Normal.Sample(new Random(Seed), 0, 1));

    /// <summary>(w₀ = (u₀, v₀), q) for the two-factor model.</summary>
    public (Vector<double> W0, double Q) TwoFactor
    {
        get
        {
            var random = new Random(Seed);
            var w0 = Gaussian.Vector(random, 2);
            return (w0, 2 * Gaussian.Vector(random, 1)[0]);
        }
    }

    /// <summary>The generator.</summary>
    public static Gen<ScalarInstance> Generator => Dimensions.Seed.Select(s => new ScalarInstance(s));
}
