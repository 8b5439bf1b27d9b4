using BenchmarkDotNet.Attributes;
using GradientFlows.Geometry;
using GradientFlows.Models;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Benchmarks;

/// <summary>
/// One adapted-direction step v = −Dᵀ(DDᵀ)⁻¹∇ₓC (Chen, arXiv 2311.15487, eq. (1.30)) on a medium network: input
/// M = 32, three tanh hidden layers of width 256, Q = 4, N = 64 (K = 141,060, QN = 256). Structured: the NTK from
/// per-layer Gram matrices and Dᵀz by one backward pass, never forming D. Explicit: D ∈ ℝ^{256×141060} formed (289 MB),
/// DDᵀ by a dense product. Both then solve by Cholesky.
/// </summary>
[MemoryDiagnoser]
public class AdaptedDirectionBenchmark
{
    private DeepNetwork _network = null!;
    private Vector<double> _theta = null!;
    private Vector<double> _g = null!;

    /// <summary>Seeded draw: inputs 𝒩(0, 1), weights 𝒩(0, 1/fan-in), biases 𝒩(0, 0.1²), targets 𝒩(0, 1).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20231125);
        const int M = 32, Q = 4, N = 64;
        var inputs = Matrix<double>.Build.Dense(M, N, (_, _) => Normal.Sample(random, 0, 1));
        _network = new DeepNetwork(inputs, [256, 256, 256], Q, Activation.Tanh);
        _theta = Vector<double>.Build.Dense(_network.Layout.Dimension);
        foreach (var block in _network.Layout.Blocks)
        {
            double sigma = block.Name.StartsWith('W') ? 1 / Math.Sqrt(block.Columns) : 0.1;
            for (int i = 0; i < block.Count; i++)
            {
                _theta[block.Offset + i] = Normal.Sample(random, 0, sigma);
            }
        }
        var targets = Vector<double>.Build.Dense(Q * N, _ => Normal.Sample(random, 0, 1));
        _g = (_network.Outputs(_theta) - targets) / N;
    }

    /// <summary>Structured route: Θ per layer, Cholesky, one vector–Jacobian product.</summary>
    [Benchmark(Baseline = true)]
    public Vector<double> Structured() => AdaptedDirection.Structured(_network, _theta, _g).Velocity;

    /// <summary>Explicit route: D formed, Θ = DDᵀ, Cholesky, Dᵀz.</summary>
    [Benchmark]
    public Vector<double> ExplicitJacobian() => AdaptedDirection.Explicit(_network, _theta, _g).Velocity;
}
