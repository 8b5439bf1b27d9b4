#:project ../../src/GradientFlows/GradientFlows.csproj
// The worked example and the measured table of docs/solver.md:
//   dotnet run docs/examples/Misra1aSolver.cs            (the worked example)
//   dotnet run docs/examples/Misra1aSolver.cs -- table   (final error against τ and rtol, both NIST starts)
//   dotnet run docs/examples/Misra1aSolver.cs -- standard (the standard flow with the default budget)
using System.Globalization;
using GradientFlows.Integration;
using GradientFlows.Models;
using GradientFlows.Solvers;
using MathNet.Numerics.LinearAlgebra;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var x = Vector<double>.Build.DenseOfArray(
    [77.6, 114.9, 141.1, 190.8, 239.9, 289.0, 332.8, 378.4, 434.8, 477.3, 536.8, 593.1, 689.1, 760.0]);
var y = Vector<double>.Build.DenseOfArray(
    [10.07, 14.73, 17.94, 23.93, 29.61, 35.18, 40.02, 44.82, 50.76, 55.05, 61.01, 66.40, 75.47, 81.78]);
double[] certified = [2.3894212918E+02, 5.5015643181E-04];
var cost = new SquaredErrorCost(new SaturatingExponentialModel(x), y);   // C(b) = ½‖b₁(1 − e^{−b₂x}) − y‖²
double[][] starts = [[500, 1e-4], [250, 5e-4]];                          // NIST starts 1 and 2

string mode = args.Length > 0 ? args[0] : "example";
if (mode == "example")
{
    // One call: the Gauss–Newton flow (Automatic picks it, K = 2 ≤ QN = 14) to ‖∇C‖ ≤ 10⁻⁸‖∇C(θ₀)‖.
    var result = ModelSolver.Train(cost, Vector<double>.Build.DenseOfArray(starts[0]));
    var b = result.Parameters;
    Console.WriteLine(result);
    Console.WriteLine($"b1 = {b[0]:R} ± {result.Estimate.ParameterErrors[0]:G3} (certified {certified[0]:R})");
    Console.WriteLine($"b2 = {b[1]:R} ± {result.Estimate.ParameterErrors[1]:G3} (certified {certified[1]:R})");
    Console.WriteLine($"RSS = 2C = {2 * result.Cost:R}; standard errors {result.Estimate.StandardErrors[0]:G6}, {result.Estimate.StandardErrors[1]:G6}");
}
else if (mode == "table")
{
    Console.WriteLine("| start | rtol | τ | stop | s | evaluations | rel. error b₁ | rel. error b₂ | estimate \\|δ₁\\|/b₁ | estimate \\|δ₂\\|/b₂ |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
    for (int start = 0; start < 2; start++)
    {
        foreach (double rtol in new[] { 1e-6, 1e-8, 1e-10 })
        {
            foreach (double tau in new[] { 1e-6, 1e-8, 1e-10, 1e-12 })
            {
                var result = ModelSolver.Train(cost, Vector<double>.Build.DenseOfArray(starts[start]), new SolverOptions
                {
                    Flow = TrainingFlow.GaussNewton, RelativeGradient = tau, Tolerances = new IntegrationTolerances(rtol, rtol / 100),
                });
                var b = result.Parameters;
                Console.WriteLine($"| {start + 1} | {rtol:G0} | {tau:G0} | {result.Stop} | {result.Time:F1} | {result.FunctionEvaluations} | " +
                    $"{Math.Abs(b[0] - certified[0]) / certified[0]:E1} | {Math.Abs(b[1] - certified[1]) / certified[1]:E1} | " +
                    $"{result.Estimate.ParameterErrors[0] / certified[0]:E1} | {result.Estimate.ParameterErrors[1] / certified[1]:E1} |");
            }
        }
    }
}
else if (mode == "standard")
{
    foreach (var start in starts)
    {
        var result = ModelSolver.Train(cost, Vector<double>.Build.DenseOfArray(start), new SolverOptions { Flow = TrainingFlow.Standard });
        Console.WriteLine(result);
        Console.WriteLine($"b = ({result.Parameters[0]:R}, {result.Parameters[1]:R}), RSS = {2 * result.Cost:G6}");
    }
}
