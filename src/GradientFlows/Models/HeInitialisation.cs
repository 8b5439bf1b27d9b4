using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Models;

/// <summary>
/// He initialisation of <see cref="TwoLayerReluNetwork"/>: Mᵢⱼ ~ 𝒩(0, 2/m), Nₚᵢ ~ 𝒩(0, 2/k), all independent; the second
/// argument is the variance (spec §3.3).
/// </summary>
/// <remarks>
/// For fixed x, aᵢ ~ 𝒩(0, 2‖x‖²/m) i.i.d.; with ‖x‖² = m: E[bᵢ] = 1/√π, E[bᵢ²] = 1, Var(bᵢ²) = 5, P(bᵢ = 0) = ½, hence
/// E‖b₀‖² = k and Var‖b₀‖² = 5k (errata E6, E7).
/// </remarks>
public static class HeInitialisation
{
    /// <summary>E[bᵢ] = 1/√π when aᵢ ~ 𝒩(0, 2).</summary>
    public static readonly double MeanActivation = 1.0 / Math.Sqrt(Math.PI);

    /// <summary>Var(bᵢ) = 1 − 1/π when aᵢ ~ 𝒩(0, 2).</summary>
    public static readonly double ActivationVariance = 1.0 - 1.0 / Math.PI;

    /// <summary>E[bᵢ²] = 1 when aᵢ ~ 𝒩(0, 2).</summary>
    public const double ActivationSecondMoment = 1.0;

    /// <summary>Var(bᵢ²) = E[bᵢ⁴] − 1 = 6 − 1 = 5 when aᵢ ~ 𝒩(0, 2).</summary>
    public const double SquaredActivationVariance = 5.0;

    /// <summary>Draws w₀ = (N, M) for <paramref name="network"/> from <paramref name="random"/>.</summary>
    public static Vector<double> Sample(TwoLayerReluNetwork network, Random random)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(random);
        int n = network.OutputWidth, k = network.HiddenWidth, m = network.InputWidth;
        double sdN = Math.Sqrt(2.0 / k), sdM = Math.Sqrt(2.0 / m);
        var N = Matrix<double>.Build.Dense(n, k, (_, _) => Normal.Sample(random, 0, sdN));
        var M = Matrix<double>.Build.Dense(k, m, (_, _) => Normal.Sample(random, 0, sdM));
        return network.Layout.Assemble(N, M);
    }
}
