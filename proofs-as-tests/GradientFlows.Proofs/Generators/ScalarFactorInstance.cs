using FsCheck;
using FsCheck.Fluent;

namespace GradientFlows.Proofs.Generators;

/// <summary>
/// A scalar two-factor problem L = ½(y − uv)² (linear-networks spec §7.5): y = ±10^{U(−1,1)}, u₀, v₀ ~ 𝒩(0, 1), all from
/// <see cref="Seed"/>. The exceptional line c = 0, yp₀ &lt; 0 has probability 0 and is not generated.
/// </summary>
public sealed class ScalarFactorInstance
{
    /// <summary>Creates the instance from its seed.</summary>
    public ScalarFactorInstance(int seed)
    {
        Seed = seed;
        var random = new Random(seed);
        Y = (random.NextDouble() < 0.5 ? -1 : 1) * Gaussian.LogUniform(random, -1, 1);
        U0 = MathNet.Numerics.Distributions.Normal.Sample(random, 0, 1);
        V0 = MathNet.Numerics.Distributions.Normal.Sample(random, 0, 1);
    }

    /// <summary>Seed.</summary>
    public int Seed { get; }

    /// <summary>y.</summary>
    public double Y { get; }

    /// <summary>u₀.</summary>
    public double U0 { get; }

    /// <summary>v₀.</summary>
    public double V0 { get; }

    /// <summary>The generator.</summary>
    public static Gen<ScalarFactorInstance> Generator => Dimensions.Seed.Select(s => new ScalarFactorInstance(s));

    /// <inheritdoc />
    public override string ToString() => $"ScalarFactorInstance(y={Y:G4}, u0={U0:G4}, v0={V0:G4}, seed={Seed})";
}
