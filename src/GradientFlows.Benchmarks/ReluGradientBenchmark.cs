using BenchmarkDotNet.Attributes;
using GradientFlows.Flows;
using GradientFlows.Models;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Benchmarks;

/// <summary>
/// The cost of the Gelada–Buckman main job's kernels: one reverse-mode gradient of the 2-layer ReLU MLP, and the
/// gradient flow over the main job's horizon at rtol 10⁻¹⁰.
/// </summary>
[MemoryDiagnoser]
public class ReluGradientBenchmark
{
    private SquaredErrorCost _loss = null!;
    private Vector<double> _w0 = null!;

    /// <summary>Hidden width k.</summary>
    [Params(64, 1024)]
    public int HiddenWidth { get; set; }

    /// <summary>Draws the network (n = 2, m = 4) and its He initialisation from seed 1.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        var x = Vector<double>.Build.Dense(4, i => i + 1.0);
        var network = new TwoLayerReluNetwork(2, HiddenWidth, x);
        _w0 = HeInitialisation.Sample(network, random);
        _loss = new SquaredErrorCost(network, Vector<double>.Build.Dense(2, 1.0));
    }

    /// <summary>∇f(w₀) by the hand-written backward pass.</summary>
    [Benchmark]
    public Vector<double> Gradient() => _loss.Gradient(_w0);

    /// <summary>The flow to t = 0.05 (the main job's horizon) with the augmented state, 201 samples.</summary>
    [Benchmark]
    public double Flow() => new GradientFlow(_loss).Solve(_w0, 0.05, 201).Points[^1].Loss;
}
