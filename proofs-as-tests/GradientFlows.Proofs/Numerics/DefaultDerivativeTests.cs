using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GradientFlows.Differentiation;
using GradientFlows.Models;
using GradientFlows.Proofs.Generators;
using GradientFlows.Spaces;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.Numerics;

/// <summary>
/// The default derivatives of <see cref="IOutputModel"/>: a model that supplies only its outputs and Jacobian gets
/// Dᵀr and the dual outputs from them. Checked against a deep network's own reverse mode and dual evaluation, by
/// wrapping the network in a model that forwards only the two required members.
/// </summary>
public sealed class DefaultDerivativeTests
{
    /// <summary>
    /// For a deep network (0–2 hidden layers of width 1–9, every activation): the default Dᵀr equals the network's
    /// reverse mode and the default dual outputs equal its forward mode, within the rounding of a K-term (resp.
    /// QN-term) product.
    /// </summary>
    [Property(MaxTest = 30, MaxRejected = 30 / Verdict.InconclusivePerChecked)]
    [Trait("Theorem", "NUM.AD.Defaults")]
    public Property DefaultDerivatives_Eq_OwnDerivatives_Of_DeepNetwork(int seed)
    {
        var random = new Random(seed);
        int M = random.Next(1, 6), N = random.Next(1, 6), Q = random.Next(1, 3);
        var hidden = Enumerable.Range(0, random.Next(0, 3)).Select(_ => random.Next(1, 10)).ToArray();
        var network = new DeepNetwork(Gaussian.Matrix(random, M, N), hidden, Q, Activation.All[random.Next(Activation.All.Length)]);
        IOutputModel minimal = new OutputsAndJacobianOnly(network);
        var theta = Gaussian.Vector(random, network.Layout.Dimension, 0.5);
        var r = Gaussian.Vector(random, network.OutputCount);
        var D = network.Jacobian(theta);
        double scale = D.FrobeniusNorm() * r.L2Norm();
        Check.Close(minimal.JacobianTransposeTimes(theta, r).ToArray(), network.JacobianTransposeTimes(theta, r).ToArray(),
            Tolerances.Rounding(scale, 4 * network.OutputCount), "default Dᵀr = reverse mode");
        var u = Gaussian.Vector(random, network.Layout.Dimension);
        var duals = theta.Select((t, i) => new Dual(t, u[i])).ToArray();
        var fromDefault = minimal.Outputs(duals);
        var own = network.Outputs(duals);
        Check.Close(fromDefault.Select(d => d.Value).ToArray(), own.Select(d => d.Value).ToArray(),
            Tolerances.Rounding(network.Outputs(theta).L2Norm() + 1, 4 * network.Layout.Dimension), "default dual primal = x(θ)");
        Check.Close(fromDefault.Select(d => d.Tangent).ToArray(), own.Select(d => d.Tangent).ToArray(),
            Tolerances.Rounding(D.FrobeniusNorm() * u.L2Norm(), 4 * network.Layout.Dimension), "default dual tangent = forward mode Du");
        return Verdict.Checked().Classify(hidden.Length == 0, "no hidden layer");
    }

    /// <summary>A model with only the two required members, forwarded to <paramref name="inner"/>.</summary>
    private sealed class OutputsAndJacobianOnly(IOutputModel inner) : IOutputModel
    {
        public ParameterLayout Layout => inner.Layout;

        public int OutputCount => inner.OutputCount;

        public Vector<double> Outputs(Vector<double> theta) => inner.Outputs(theta);

        public Matrix<double> Jacobian(Vector<double> theta) => inner.Jacobian(theta);
    }
}
