using BenchmarkDotNet.Attributes;
using GradientFlows.Models;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Benchmarks;

/// <summary>
/// The main job at large hidden width k: one gradient-descent step of the learning-health experiment (what one iteration
/// of <c>GradientDescent.Run</c> computes: f(w), ∇f(w), ‖∇f(w)‖², ‖w − w₀‖ and w − η∇f(w)), and the step size
/// η = c/λ_max(K₀) from the n×n tangent kernel, which the experiment computes once before the first step.
/// </summary>
/// <remarks>
/// The draws follow <c>HealthExperiment.Run</c> with n = 2, m = 4 and seed 2: x ~ 𝒩(0, Iₘ) normalised to ‖x‖² = m,
/// q ~ 𝒩(0, Iₙ), He-initialised w₀, c = 0.02. Memory per step is O(k·(m + n)); the k×k diagonal matrix the tangent
/// kernel once formed is gone.
/// </remarks>
[MemoryDiagnoser]
public class HealthStepBenchmark
{
    private TwoLayerReluNetwork _network = null!;
    private SquaredErrorCost _loss = null!;
    private Vector<double> _w0 = null!;
    private double _eta;

    /// <summary>Hidden width k.</summary>
    [Params(10_000, 100_000)]
    public int HiddenWidth { get; set; }

    /// <summary>Draws x, q and w₀ as the main job does (n = 2, m = 4, seed 2) and fixes η = 0.02/λ_max(K₀).</summary>
    [GlobalSetup]
    public void Setup()
    {
        const int n = 2, m = 4;
        var random = new Random(2);
        var x = Vector<double>.Build.Dense(m, _ => Normal.Sample(random, 0, 1));
        x *= Math.Sqrt(m) / x.L2Norm();
        var q = Vector<double>.Build.Dense(n, _ => Normal.Sample(random, 0, 1));
        _network = new TwoLayerReluNetwork(n, HiddenWidth, x);
        _w0 = HeInitialisation.Sample(_network, random);
        _loss = new SquaredErrorCost(_network, q);
        _eta = 0.02 / LambdaMax();
    }

    /// <summary>One step: f(w₀), ∇f(w₀), ‖∇f‖², ‖w₀ − w₀‖ and w₁ = w₀ − η∇f(w₀).</summary>
    [Benchmark]
    public Vector<double> GradientDescentStep()
    {
        double f = _loss.Value(_w0);
        var g = _loss.Gradient(_w0);
        double gSq = g.DotProduct(g);
        double distance = (_w0 - _w0).L2Norm();
        var w1 = _w0 - _eta * g;
        return f + gSq + distance > 0 ? w1 : g;
    }

    /// <summary>λ_max(K₀) of the n×n tangent kernel K₀ = ‖b‖²Iₙ + ‖x‖²·N diag(σ′(a)) Nᵀ (once per run).</summary>
    [Benchmark]
    public double LambdaMax() =>
        _network.TangentKernel(_w0).Evd(Symmetricity.Symmetric).EigenValues.Real().Maximum();
}
