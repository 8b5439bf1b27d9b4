using GradientFlows.Flows;
using GradientFlows.Integration;
using GradientFlows.Models;
using GradientFlows.Objectives;
using GradientFlows.Spaces;
using GradientFlows.Theory;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.Numerics;

/// <summary>Bad input raises an exception that names the argument and says what was expected; nothing is clamped.</summary>
public sealed class BadInputTests
{
    private static readonly TwoLayerReluNetwork Network = new(2, 3, Vector<double>.Build.Dense([1.0, -1.0]));

    private static TException Throws<TException>(Action action, string parameter, string expected)
        where TException : ArgumentException
    {
        var error = Assert.Throws<TException>(action);
        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        return error;
    }

    [Fact]
    [Trait("Theorem", "NUM.Input")]
    public void MismatchedDimensions_Name_The_Argument()
    {
        Throws<ArgumentException>(() => Network.Forward(Vector<double>.Build.Dense(5)), "w", "expected 12");
        Throws<ArgumentException>(() => Network.Backward(Vector<double>.Build.Dense(12), Vector<double>.Build.Dense(3)), "q", "expected 2");
        Throws<ArgumentException>(() => new SquaredErrorCost(Network, Vector<double>.Build.Dense(4)), "targets", "expected 2");
        Throws<ArgumentException>(() => Network.JacobianTransposeTimes(Vector<double>.Build.Dense(12), Vector<double>.Build.Dense(1)), "r", "expected 2");
        Throws<ArgumentException>(() => new QuadraticObjective(Matrix<double>.Build.Dense(2, 3), Vector<double>.Build.Dense(2)), "a", "expected a square matrix");
        Throws<ArgumentException>(() => new ParameterLayout(("N", 2, 2)).Assemble(Matrix<double>.Build.Dense(2, 3)), "blockValues", "expected 2×2");
    }

    [Fact]
    [Trait("Theorem", "NUM.Input")]
    public void NonFiniteData_Is_Rejected()
    {
        Throws<ArgumentException>(() => new TwoLayerReluNetwork(1, 1, Vector<double>.Build.Dense([double.NaN])), "input", "finite");
        var w = Vector<double>.Build.Dense(12);
        w[4] = double.PositiveInfinity;
        Throws<ArgumentException>(() => Network.Forward(w), "w", "w[4] = Infinity");
        Throws<ArgumentException>(() => new SquaredErrorCost(Network, Vector<double>.Build.Dense([0, double.NaN])), "targets", "finite");
        Throws<ArgumentException>(() => new GradientFlow(new SquaredErrorCost(Network, Vector<double>.Build.Dense(2))).Solve(w, 1, 2), "theta0", "finite");
    }

    [Fact]
    [Trait("Theorem", "NUM.Input")]
    public void NonPositiveTolerances_And_StepSizes_Are_Rejected()
    {
        Throws<ArgumentOutOfRangeException>(() => new IntegrationTolerances(0, 1e-12), "relative", "> 0");
        Throws<ArgumentOutOfRangeException>(() => new IntegrationTolerances(1e-17, 1e-12), "relative", "100·u");
        Throws<ArgumentOutOfRangeException>(() => new IntegrationTolerances(1e-8, -1), "absolute", "> 0");
        var f = new SineWellObjective();
        Throws<ArgumentOutOfRangeException>(() => GradientDescent.Run(f, Vector<double>.Build.Dense(1), 0, 10), "eta", "> 0");
        Throws<ArgumentOutOfRangeException>(() => GradientDescent.Run(f, Vector<double>.Build.Dense(1), double.NaN, 10), "eta", "> 0");
        Throws<ArgumentOutOfRangeException>(() => GradientDescent.Run(f, Vector<double>.Build.Dense(1), 0.1, -1), "steps", "≥ 0");
        Throws<ArgumentOutOfRangeException>(() => new RelaxedHealthBound(-1, 1, 1), "alpha", "> 0");
        Throws<ArgumentOutOfRangeException>(() => new GradientFlow(f).Solve(Vector<double>.Build.Dense(1), -1, 3), "tEnd", "≥ 0");
        Throws<ArgumentOutOfRangeException>(() => new TwoLayerReluNetwork(0, 1, Vector<double>.Build.Dense(1)), "outputWidth", "≥ 1");
    }

    [Fact]
    [Trait("Theorem", "NUM.Input")]
    public void InvalidSampleTimes_And_Matrices_Are_Rejected()
    {
        static void Zero(double t, ReadOnlySpan<double> y, Span<double> dy) => dy.Clear();
        Throws<ArgumentException>(() => EmbeddedRungeKutta.DormandPrince.Solve(Zero, 0, [0.0], 1, IntegrationTolerances.Reference, [0.5, 0.2]), "sampleTimes", "ascending");
        Throws<ArgumentException>(() => EmbeddedRungeKutta.DormandPrince.Solve(Zero, 0, [0.0], 1, IntegrationTolerances.Reference, [2.0]), "sampleTimes", "[t0, tEnd]");
        Throws<ArgumentException>(() => EmbeddedRungeKutta.DormandPrince.Solve(Zero, 1, [0.0], 0, IntegrationTolerances.Reference), "tEnd", "tEnd ≥ t0");
        Throws<ArgumentException>(() => new QuadraticObjective(Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 2 }, { 0, 1 } }), Vector<double>.Build.Dense(2)), "a", "symmetric");
        Throws<ArgumentException>(() => new QuadraticObjective(Matrix<double>.Build.DenseOfArray(new double[,] { { -1, 0 }, { 0, 1 } }), Vector<double>.Build.Dense(2)), "a", "positive semidefinite");
        Throws<ArgumentException>(() => new ParameterLayout(("N", 1, 1), ("N", 2, 2)), "blocks", "distinct");
    }
}
