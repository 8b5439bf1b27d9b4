using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GradientFlows.Models;
using GradientFlows.Proofs.Generators;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.Numerics;

/// <summary>
/// The deep network's hand-written derivatives, which run on the blocked dense products of
/// <c>GradientFlows.LinearAlgebra</c>, against independent references on small networks: the Jacobian D against
/// forward-mode dual numbers, Dᵀr against the explicit product, and the per-layer tangent kernel against DDᵀ.
/// Widths run from 1 to 11 so that the products see both their four-column blocks and their remainders, and both the
/// vectorised and the scalar tails of the inner loops.
/// </summary>
public sealed class DeepNetworkDerivativeTests
{
    /// <summary>
    /// For a network with 0–2 hidden layers of width 1–11, input dimension 1–9, 1–6 samples and 1–3 outputs, every
    /// activation: D·u = dual tangent of x(θ + uε), Dᵀr = explicit Dᵀr, and Θ = DDᵀ entrywise.
    /// </summary>
    [Property(MaxTest = 30, MaxRejected = 30 / Verdict.InconclusivePerChecked)]
    [Trait("Theorem", "NUM.AD.DeepNetwork")]
    public Property DeepNetwork_Jacobian_Eq_Dual_And_TangentKernel_Eq_JacobianGram(int seed)
    {
        var random = new Random(seed);
        int M = random.Next(1, 10), N = random.Next(1, 7), Q = random.Next(1, 4);
        var hidden = Enumerable.Range(0, random.Next(0, 3)).Select(_ => random.Next(1, 12)).ToArray();
        var activation = Activation.All[random.Next(Activation.All.Length)];
        var network = new DeepNetwork(Gaussian.Matrix(random, M, N), hidden, Q, activation);
        var theta = Gaussian.Vector(random, network.Layout.Dimension, 1.0 / Math.Sqrt(1 + hidden.DefaultIfEmpty(M).Max()));
        DifferentiationTests.JacobianAgreesWithReferences(network, theta, random);
        var D = network.Jacobian(theta);
        var gram = D * D.Transpose();
        var kernel = network.TangentKernel(theta);
        // Each entry of DDᵀ is a sum of K products: rounding γ_K·‖D‖_F² bounds both evaluation orders.
        var tol = Tolerances.Rounding(D.FrobeniusNorm() * D.FrobeniusNorm(), 4 * network.Layout.Dimension);
        Check.Close(kernel.ToColumnMajorArray(), gram.ToColumnMajorArray(), tol, "Θ = DDᵀ (per-layer formula)");
        return Verdict.Checked().Classify(hidden.Length == 0, "no hidden layer");
    }

    /// <summary>
    /// A network wide enough that the tangent kernel's sensitivity product has QN·width·QN = 64·256·64 = 2²⁰
    /// multiply–adds, the size from which the dense products split their columns over the cores: Θ = DDᵀ there too.
    /// </summary>
    [Fact]
    [Trait("Theorem", "NUM.AD.DeepNetwork")]
    public void DeepNetwork_TangentKernel_Eq_JacobianGram_Of_ParallelProduct()
    {
        var random = new Random(20);
        var network = new DeepNetwork(Gaussian.Matrix(random, 2, 64), [256], 1, Activation.Tanh);
        var theta = Gaussian.Vector(random, network.Layout.Dimension, 1.0 / 16);
        var D = network.Jacobian(theta);
        var tol = Tolerances.Rounding(D.FrobeniusNorm() * D.FrobeniusNorm(), 4 * network.Layout.Dimension);
        Check.Close(network.TangentKernel(theta).ToColumnMajorArray(), (D * D.Transpose()).ToColumnMajorArray(), tol,
            "Θ = DDᵀ (columns in parallel)");
    }
}
