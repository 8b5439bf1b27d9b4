using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(GradientFlows.Benchmarks.ReluGradientBenchmark).Assembly).Run(args);
