using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GradientFlows.Differentiation;
using GradientFlows.Models;
using GradientFlows.Proofs.Generators;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.LinearNetworks;

/// <summary>
/// Linear-networks spec §1: the model L = ½‖Y − W_{H+1}⋯W₁X‖²_F, its exact gradient computed three independent ways,
/// and the Pythagoras identity behind every oracle.
/// </summary>
public sealed class Section1_Model
{
    /// <summary>
    /// §1 "Gradient (exact)": the backward pass equals the closed form ∇_{Wᵢ}L = −Aᵢᵀ(Σ_YX − WΣ_XX)Bᵢᵀ, at any depth
    /// H ≤ 4 and for rank-deficient X.
    /// </summary>
    [Property(Arbitrary = [typeof(LinearArbitraries)])]
    [Trait("Theorem", "LN.1")]
    public Property Gradient_Eq_NegAboveTransposeMulResidualMulBelowTranspose(LinearNetworkInstance instance)
    {
        var network = instance.Network;
        var estimator = instance.Estimator;
        var point = new LinearNetworkPoint(network, instance.Loss, instance.Theta0);
        var W = network.EndToEnd(point.Theta);
        var R = estimator.SigmaYX - W * estimator.SigmaXX;
        double scale = 0;
        for (int i = 1; i <= network.Factors; i++)
        {
            var A = DeepLinearNetwork.Above(point.Weights, i);
            var B = DeepLinearNetwork.Below(point.Weights, i);
            var closedForm = -A.Transpose() * R * B.Transpose();
            scale = A.FrobeniusNorm() * B.FrobeniusNorm() * (estimator.SigmaYX.FrobeniusNorm() + W.FrobeniusNorm() * estimator.SigmaXX.FrobeniusNorm());
            Check.Close(point.Gradients[i - 1].Enumerate().ToArray(), closedForm.Enumerate().ToArray(),
                Tolerances.LinearAlgebraRounding(scale, instance.SampleCount + point.MaxWidth * network.Factors),
                $"∇_W{i}L (backward pass) = −A{i}ᵀ R B{i}ᵀ");
        }
        return Verdict.Checked()
            .Classify(instance.Rank == InputRank.RankDeficient, "rank-deficient X")
            .Classify(instance.HiddenLayers >= 3, "H ≥ 3");
    }

    /// <summary>
    /// §1: the reverse-mode gradient against forward-mode dual numbers along a random direction u, ⟨∇L, u⟩ = ∂L(θ)(u).
    /// </summary>
    [Property(Arbitrary = [typeof(LinearArbitraries)])]
    [Trait("Theorem", "LN.1")]
    public void Gradient_Eq_DualDerivative(LinearNetworkInstance instance)
    {
        var loss = instance.Loss;
        var theta = instance.Theta0;
        var u = Gaussian.UnitSphere(instance.Auxiliary, loss.Dimension);
        var g = loss.Gradient(theta);
        var dual = loss.Value(Dual.Seed(theta.AsArray(), u.AsArray()));
        var tol = Tolerances.DualVersusGradient(Tolerances.DerivativeTermScale(loss, theta, u), loss.Dimension);
        Check.Close(dual.Tangent, g.DotProduct(u), tol, "∂L(θ)(u) (dual numbers) = ⟨∇L(θ), u⟩ (backward pass)");
    }

    /// <summary>
    /// §1, the model interface: the explicit Jacobian D (built from Aᵢ and BᵢX) times a random u equals the dual-number
    /// tangent of the forward pass, Dᵀr equals the backward pass for a random r, and the forward values agree with
    /// WX — three implementations of one derivative (so the adapted flows that use D see the same model).
    /// </summary>
    [Property(Arbitrary = [typeof(LinearArbitraries)])]
    [Trait("Theorem", "LN.1")]
    public void Jacobian_Eq_DualTangent_And_BackwardPass(LinearNetworkInstance instance)
    {
        var network = instance.Network;
        var theta = instance.Theta0;
        var random = instance.Auxiliary;
        var u = Gaussian.UnitSphere(random, network.Layout.Dimension);
        var r = Gaussian.UnitSphere(random, network.OutputCount);
        var D = network.Jacobian(theta);
        var dual = network.Outputs(Dual.Seed(theta.AsArray(), u.AsArray()));
        var outputs = network.Outputs(theta);
        double scale = network.Weights(theta).Aggregate(instance.X.FrobeniusNorm(), (p, w) => p * Math.Max(1, w.FrobeniusNorm())) * network.Factors;
        int terms = network.Widths.Max() * network.Factors;
        var tol = Tolerances.LinearAlgebraRounding(scale, terms);
        Check.Close(dual.Select(d => d.Value).ToArray(), outputs.ToArray(), tol, "forward values: dual pass = WX");
        Check.Close(dual.Select(d => d.Tangent).ToArray(), (D * u).ToArray(), tol, "D·u = tangent of the dual forward pass");
        Check.Close(D.TransposeThisAndMultiply(r).ToArray(), network.JacobianTransposeTimes(theta, r).ToArray(), tol, "Dᵀr = backward pass");
    }

    /// <summary>
    /// §1, the model interface seen by the Chen issue's adapted flows: on a deep linear network with d_x = m samples and
    /// hidden widths ≥ m, D[θ] has full row rank d_y·m, and the adapted flow θ′ = −D⁺∇ₓC (Chen, Theorem 2.1) drives
    /// C(t) = e^{−2κt}C(0) with κ = 1 (this project's normalisation). Checked at 11 times in [0, 2] to τ_int.
    /// </summary>
    [Property(Arbitrary = [typeof(LinearArbitraries)], MaxTest = 20, MaxRejected = 20 / Verdict.InconclusivePerChecked)]
    [Trait("Theorem", "LN.1")]
    public void AdaptedFlow_Loss_Eq_ExpDecay_Of_DeepLinearNetwork(LinearNetworkInstance instance)
    {
        // 20 cases: each integrates the adapted flow (a pseudo-inverse per evaluation).
        var random = instance.Auxiliary;
        int m = 1 + random.Next(3);
        int[] widths = [m, .. Enumerable.Range(0, 1 + random.Next(2)).Select(_ => m + random.Next(3)), 1 + random.Next(3)];
        var network = new DeepLinearNetwork(widths, Gaussian.Matrix(random, m, m));
        var loss = network.Loss(Gaussian.Matrix(random, widths[^1], m));
        var theta0 = network.Parameters(Enumerable.Range(1, widths.Length - 1)
            .Select(i => Gaussian.Matrix(random, widths[i], widths[i - 1], 1 / Math.Sqrt(widths[i - 1]))).ToArray());
        var trajectory = new GradientFlows.Flows.AdaptedFlow(loss).Solve(theta0, 2, 11, Tolerances.Flow);
        double loss0 = trajectory.InitialLoss;
        foreach (var p in trajectory.Points)
        {
            Check.Close(p.Loss, Math.Exp(-2 * p.Time) * loss0, Tolerances.IntegratedIdentity(loss0),
                $"C(t) = e^(−2t)C(0) at t = {p.Time:G3}, widths [{string.Join(", ", widths)}]");
        }
    }

    /// <summary>§1: the reverse-mode gradient against central differences of L, coordinate by coordinate.</summary>
    [Property(Arbitrary = [typeof(LinearArbitraries)])]
    [Trait("Theorem", "LN.1")]
    public void Gradient_Eq_CentralDifference(LinearNetworkInstance instance)
    {
        var loss = instance.Loss;
        var theta = instance.Theta0;
        var g = loss.Gradient(theta);
        double h = Tolerances.CentralDifferenceStep(theta.L2Norm());
        var fd = Vector<double>.Build.Dense(loss.Dimension, k =>
        {
            var plus = theta.Clone();
            var minus = theta.Clone();
            plus[k] += h;
            minus[k] -= h;
            return (loss.Value(plus) - loss.Value(minus)) / (2 * h);
        });
        Check.Close(fd.ToArray(), g.ToArray(), Tolerances.CentralDifference(Math.Max(g.L2Norm(), loss.Value(theta))),
            "central differences of L = ∇L (backward pass)");
    }

    /// <summary>
    /// §1 Pythagoras identity: L(W) = ½‖(W − W_LS)X‖²_F + L_LS with L_LS = ½(tr Σ_YY − tr Σ), for any W (W_LS the
    /// minimum-norm solution when XXᵀ is singular).
    /// </summary>
    [Property(Arbitrary = [typeof(LinearArbitraries)])]
    [Trait("Theorem", "LN.1")]
    public void Loss_Eq_HalfSqDistToLeastSquares_Add_LeastSquaresLoss(LinearNetworkInstance instance)
    {
        var estimator = instance.Estimator;
        var X = instance.X;
        var W = instance.Network.EndToEnd(instance.Theta0);
        double lhs = instance.Loss.Value(instance.Theta0);
        double pythagoras = 0.5 * Math.Pow(((W - estimator.Estimator) * X).FrobeniusNorm(), 2) + estimator.LeastSquaresLoss;
        double trace = 0.5 * (estimator.SigmaYY.Trace() - estimator.Eigenvalues.Sum());
        double scale = Math.Pow(instance.Y.FrobeniusNorm() + (W.FrobeniusNorm() + estimator.Estimator.FrobeniusNorm()) * X.FrobeniusNorm(), 2);
        var tol = Tolerances.LinearAlgebraRounding(scale, instance.SampleCount + X.RowCount);
        Check.Close(lhs, pythagoras, tol, "L(W) = ½‖(W − W_LS)X‖² + L_LS");
        Check.Close(estimator.LeastSquaresLoss, trace, tol, "L_LS = ½(tr Σ_YY − tr Σ)");
    }
}
