using BenchmarkDotNet.Attributes;
using GradientFlows.Geometry;
using GradientFlows.LinearAlgebra;
using GradientFlows.Models;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Benchmarks;

/// <summary>
/// The structured adapted-direction step v = −Dᵀ(DDᵀ)⁻¹∇ₓC (Chen, eq. (1.30)) with the dense products in the managed
/// kernels and in OpenBLAS (<see cref="ProductBackend"/>), on the medium net (input 32, 3×tanh 256, Q = 4, N = 64;
/// K = 141,060, QN = 256) and the large net (input 64, 3×tanh 512, Q = 4, N = 128; K = 560,644, QN = 512).
/// The OpenBLAS rows need the system library (Debian <c>libopenblas0</c>); without it they run the managed kernels and
/// the setup line says so.
/// </summary>
[MemoryDiagnoser]
public class AdaptedStepBackendBenchmark
{
    private DeepNetwork _network = null!;
    private Vector<double> _theta = null!;
    private Vector<double> _g = null!;

    /// <summary>The network.</summary>
    [Params("medium", "large")]
    public string Net { get; set; } = "medium";

    /// <summary>Where the dense products run.</summary>
    [Params("managed", "openblas")]
    public string Products { get; set; } = "managed";

    /// <summary>Seeded draw: inputs 𝒩(0, 1), weights 𝒩(0, 1/fan-in), biases 𝒩(0, 0.1²), targets 𝒩(0, 1).</summary>
    [GlobalSetup]
    public void Setup()
    {
        Console.WriteLine($"// {ProductBackend.Description}");
        var random = new Random(20231125);
        (int M, int width, int Q, int N) = Net == "large" ? (64, 512, 4, 128) : (32, 256, 4, 64);
        var inputs = Matrix<double>.Build.Dense(M, N, (_, _) => Normal.Sample(random, 0, 1));
        _network = new DeepNetwork(inputs, [width, width, width], Q, Activation.Tanh);
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

    /// <summary>One structured step.</summary>
    [Benchmark]
    public Vector<double> Structured() => Products == "managed"
        ? ProductBackend.WithManaged(() => AdaptedDirection.Structured(_network, _theta, _g).Velocity)
        : AdaptedDirection.Structured(_network, _theta, _g).Velocity;
}
