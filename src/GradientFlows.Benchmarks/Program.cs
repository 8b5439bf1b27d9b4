using BenchmarkDotNet.Running;

namespace GradientFlows.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release --project src/GradientFlows.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    /// <summary>Runs the benchmarks selected by the command-line arguments.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
