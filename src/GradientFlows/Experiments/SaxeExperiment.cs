using System.Collections.Immutable;
using GradientFlows.Flows;
using GradientFlows.Integration;
using GradientFlows.Models;
using GradientFlows.Theory.LinearNetworks;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Experiments;

/// <summary>
/// The linear-network demo (linear-networks spec §7.2 and §2): a deep linear network with N = H + 1 factors on whitened
/// data, trained by the gradient flow from two small initialisations — the decoupled balanced one of Saxe et al., where
/// the mode strengths follow the oracle exactly, and a small Gaussian one, where they follow it approximately — with the
/// drift of the conserved matrices Dᵢ = Wᵢ₊₁ᵀWᵢ₊₁ − WᵢWᵢᵀ along both paths.
/// </summary>
/// <remarks>
/// Draws (from <see cref="Seed"/>): X = Qᵀ with Q ∈ ℝ^{m×d_x} orthonormal, m = d_x + 2 (so Σ_XX = I); random orthonormal
/// U, V with Σ_YX = U diag(s) Vᵀ, s_α = k, k − 1, …, 1 (k = min(d_x, d_y)); Y = Σ_YX X plus Gaussian noise orthogonal to the
/// rows of X; hidden bases Oⱼ for the decoupled start (each factor carries the mode strength σ, so u_α(0) = σᴺ); and the
/// Gaussian start Wᵢ ~ 𝒩(0, σ²/dᵢ₋₁). Only the first min(k, d_min) modes are started (d_min the narrowest hidden layer).
/// </remarks>
public sealed record SaxeExperiment
{
    /// <summary>Creates the experiment description.</summary>
    /// <param name="hiddenLayers">H ≥ 1.</param>
    /// <param name="inputWidth">d_x ≥ 1.</param>
    /// <param name="outputWidth">d_y ≥ 1.</param>
    /// <param name="hiddenWidth">Width of every hidden layer, ≥ 1.</param>
    /// <param name="initialScale">σ ∈ (0, 1): the per-factor scale of both initialisations.</param>
    /// <param name="seed">Seed of every random draw.</param>
    /// <exception cref="ArgumentOutOfRangeException">A width or H is below 1, or σ is not in (0, 1).</exception>
    public SaxeExperiment(int hiddenLayers, int inputWidth, int outputWidth, int hiddenWidth, double initialScale, int seed)
    {
        HiddenLayers = Preconditions.AtLeast(hiddenLayers, 1, nameof(hiddenLayers));
        InputWidth = Preconditions.AtLeast(inputWidth, 1, nameof(inputWidth));
        OutputWidth = Preconditions.AtLeast(outputWidth, 1, nameof(outputWidth));
        HiddenWidth = Preconditions.AtLeast(hiddenWidth, 1, nameof(hiddenWidth));
        if (!(double.IsFinite(initialScale) && initialScale > 0 && initialScale < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(initialScale), initialScale, $"initialScale = {initialScale:R}; expected 0 < σ < 1.");
        }
        InitialScale = initialScale;
        Seed = seed;
    }

    /// <summary>The defaults of the demo: H = 1, d_x = d_y = 3, hidden width 4, σ = 0.1 (u_α(0) = 10⁻²), seed 1.</summary>
    public static SaxeExperiment Default { get; } = new(1, 3, 3, 4, 0.1, 1);

    /// <summary>Number of sample times along [0, T].</summary>
    public const int Samples = 201;

    /// <summary>H.</summary>
    public int HiddenLayers { get; }

    /// <summary>N = H + 1.</summary>
    public int Factors => HiddenLayers + 1;

    /// <summary>d_x.</summary>
    public int InputWidth { get; }

    /// <summary>d_y.</summary>
    public int OutputWidth { get; }

    /// <summary>The hidden width.</summary>
    public int HiddenWidth { get; }

    /// <summary>σ.</summary>
    public double InitialScale { get; }

    /// <summary>Seed.</summary>
    public int Seed { get; }

    /// <summary>
    /// Integrates both flows to T = 1.25 × the oracle time at which the weakest started mode reaches 99 % of s, and samples
    /// the modes, losses and invariant drifts at <see cref="Samples"/> times.
    /// </summary>
    /// <param name="tolerances">Integrator tolerances; default rtol 10⁻¹⁰, atol 10⁻¹².</param>
    /// <exception cref="IntegrationFailedException">A flow could not be integrated.</exception>
    public SaxeExperimentResult Run(IntegrationTolerances? tolerances = null)
    {
        tolerances ??= IntegrationTolerances.Reference;
        var random = new Random(Seed);
        int dx = InputWidth, dy = OutputWidth, k = Math.Min(dx, dy), m = dx + 2;
        int active = Math.Min(k, HiddenWidth);
        var q = Orthogonal(random, m).SubMatrix(0, m, 0, dx);
        var x = q.Transpose();
        var u = Orthogonal(random, dy).SubMatrix(0, dy, 0, k);
        var v = Orthogonal(random, dx).SubMatrix(0, dx, 0, k);
        var s = Enumerable.Range(0, k).Select(a => (double)(k - a)).ToArray();
        var noise = Matrix<double>.Build.Dense(dy, m, (_, _) => Normal.Sample(random, 0, 1));
        var y = u.MapIndexed((_, a, value) => value * s[a]) * v.Transpose() * x
            + noise * (Matrix<double>.Build.DenseIdentity(m) - q * x);
        var widths = new[] { dx }.Concat(Enumerable.Repeat(HiddenWidth, HiddenLayers)).Append(dy).ToArray();
        var network = new DeepLinearNetwork(widths, x);
        var loss = network.Loss(y);

        double u0 = Math.Pow(InitialScale, Factors);
        var hidden = Enumerable.Range(0, HiddenLayers).Select(_ => Orthogonal(random, HiddenWidth).SubMatrix(0, HiddenWidth, 0, active)).ToArray();
        var decoupled = network.Parameters(BalancedFactorisation.Create(
            u.SubMatrix(0, dy, 0, active), Enumerable.Repeat(u0, active).ToArray(), v.SubMatrix(0, dx, 0, active), hidden));
        var gaussian = network.Parameters(Enumerable.Range(1, Factors)
            .Select(i => Matrix<double>.Build.Dense(widths[i], widths[i - 1], (_, _) => Normal.Sample(random, 0, InitialScale / Math.Sqrt(widths[i - 1]))))
            .ToArray());

        double horizon = 1.25 * OracleTimeToLearn(s[active - 1], u0);
        var times = Enumerable.Range(0, Samples).Select(j => j == Samples - 1 ? horizon : horizon * j / (Samples - 1)).ToArray();
        var oracle = Enumerable.Range(0, k).Select(a => SaxeModeStrength.Curve(Factors, s[a], a < active ? u0 : 0, times)).ToArray();
        var flow = new GradientFlow(loss);
        var decoupledPath = flow.Solve(decoupled, horizon, times, tolerances);
        var gaussianPath = flow.Solve(gaussian, horizon, times, tolerances);
        double constant = 0.5 * (Math.Pow(y.FrobeniusNorm(), 2) - s.Sum(a => a * a));

        var d0Decoupled = LayerImbalance.Of(network.Weights(decoupled));
        var d0Gaussian = LayerImbalance.Of(network.Weights(gaussian));
        var rows = ImmutableArray.CreateBuilder<SaxeExperimentRow>(Samples);
        for (int j = 0; j < Samples; j++)
        {
            var thetaD = decoupledPath.StateAt(j);
            var thetaG = gaussianPath.StateAt(j);
            var modesD = u.TransposeThisAndMultiply(network.EndToEnd(thetaD)) * v;
            var modesG = u.TransposeThisAndMultiply(network.EndToEnd(thetaG)) * v;
            rows.Add(new SaxeExperimentRow(
                times[j],
                [.. Enumerable.Range(0, k).Select(a => oracle[a][j])],
                [.. Enumerable.Range(0, k).Select(a => modesD[a, a])],
                [.. Enumerable.Range(0, k).Select(a => modesG[a, a])],
                constant + 0.5 * Enumerable.Range(0, k).Sum(a => Math.Pow(s[a] - oracle[a][j], 2)),
                decoupledPath.Points[j].Loss,
                gaussianPath.Points[j].Loss,
                Drift(LayerImbalance.Of(network.Weights(thetaD)), d0Decoupled),
                Drift(LayerImbalance.Of(network.Weights(thetaG)), d0Gaussian)));
        }
        return new SaxeExperimentResult(this, [.. s], u0, active, rows.MoveToImmutable(),
            decoupledPath.Integration.FunctionEvaluations, gaussianPath.Integration.FunctionEvaluations);
    }

    /// <summary>The oracle time at which u(t) = 0.99s from u₀ (closed form for N = 2, doubling search on the scalar ODE otherwise).</summary>
    private double OracleTimeToLearn(double s, double u0)
    {
        if (Factors == 2)
        {
            return SaxeModeStrength.TwoFactorTimeToReach(s, u0, 0.99 * s);
        }
        double t = 1;
        while (SaxeModeStrength.Curve(Factors, s, u0, [t])[0] < 0.99 * s)
        {
            t *= 2;
        }
        return t;
    }

    private static double Drift(ImmutableArray<Matrix<double>> d, ImmutableArray<Matrix<double>> d0) =>
        d.Length == 0 ? 0 : d.Select((di, i) => (di - d0[i]).FrobeniusNorm()).Max();

    private static Matrix<double> Orthogonal(Random random, int n)
    {
        var qr = Matrix<double>.Build.Dense(n, n, (_, _) => Normal.Sample(random, 0, 1)).QR();
        var q = qr.Q;
        for (int j = 0; j < n; j++)
        {
            if (qr.R[j, j] < 0)
            {
                q.SetColumn(j, -q.Column(j));
            }
        }
        return q;
    }
}
