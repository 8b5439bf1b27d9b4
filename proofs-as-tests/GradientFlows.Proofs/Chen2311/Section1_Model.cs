using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GradientFlows.Differentiation;
using GradientFlows.Flows;
using GradientFlows.Geometry;
using GradientFlows.Models;
using GradientFlows.Proofs.Generators;
using GradientFlows.Theory;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.Chen2311;

/// <summary>
/// Chen §1: the model (1.3)–(1.8), its Jacobian D (1.20), the gradient identity (1.21), the empirical NTK DDᵀ (2.12)
/// computed two ways, the adapted direction computed two ways, and the comparison model (1.11)–(1.14).
/// </summary>
public sealed class Section1_Model
{
    /// <summary>
    /// (1.20) Each column block of D agrees with forward mode: D·u equals the tangent of x(θ + uε) on dual numbers, for a
    /// random direction u, at every depth 0–3 and for all four activations.
    /// </summary>
    [Property(Arbitrary = [typeof(ChenArbitraries)])]
    [Trait("Theorem", "CH.Eq1.20")]
    public Property Equation1_20_Jacobian_Eq_DualDerivative(AnyNetworkInstance instance)
    {
        var network = instance.Network;
        var theta = instance.Theta0;
        var u = Gaussian.UnitSphere(instance.Auxiliary, instance.K);
        var D = network.Jacobian(theta);
        var forward = network.Outputs(Dual.Seed(theta.AsArray(), u.AsArray()));
        var Du = D * u;
        var tol = Tolerances.JacobianProduct(D.FrobeniusNorm(), 1.0, instance.K);
        Check.Close(forward.Select(d => d.Tangent).ToArray(), Du.ToArray(), tol, "D·u = d/dε x(θ + uε)");
        Check.Close(forward.Select(d => d.Value).ToArray(), network.Outputs(theta).ToArray(),
            Tolerances.ForwardPassRounding(OutputTermScale(network, theta), instance.K), "dual primal = x(θ)");
        return Prop.ToProperty(true).Classify(instance.HiddenWidths.Length == 0, "affine (L = 0)")
            .Classify(instance.K > instance.QN, "K > QN").Classify(instance.K < instance.QN, "K < QN")
            .Classify(instance.Activation == Activation.Identity, "identity");
    }

    /// <summary>
    /// (1.20) regression: FsCheck Replay (11917649652044467272, 14842079961657422245), size 100, drew this tanh network
    /// whose output 8.75·10⁻⁴ is a cancellation of O(1) terms; a tolerance scaled by the output failed by 3.05·10⁻¹⁶ &gt;
    /// 1.57·10⁻¹⁶, the one scaled by the terms before cancellation (<see cref="OutputTermScale"/>) holds.
    /// </summary>
    [Fact]
    [Trait("Theorem", "CH.Eq1.20")]
    public void Equation1_20_Jacobian_Eq_DualDerivative_Of_CancellingOutput() =>
        Equation1_20_Jacobian_Eq_DualDerivative(new AnyNetworkInstance(3, [6, 7, 3], 1, 1, Activation.All.IndexOf(Activation.Tanh), 26212588));

    /// <summary>
    /// The largest entry of the absolute forward pass T⁽ˡ⁾ = |Wₗ|(|X⁽ˡ⁻¹⁾| + T⁽ˡ⁻¹⁾) + |bₗ|1ᵀ + |X⁽ˡ⁾| (T⁽⁰⁾ = 0): the
    /// rounding of Z⁽ˡ⁾ = WₗX⁽ˡ⁻¹⁾ + bₗ1ᵀ is γ·(|Wₗ||X⁽ˡ⁻¹⁾| + |bₗ|), an error of X⁽ˡ⁻¹⁾ reaches Z⁽ˡ⁾ through |Wₗ| (every
    /// activation has |σ′| ≤ 1), and evaluating σ adds u·|X⁽ˡ⁾|; so the output error is at most γ·T⁽ᴸ⁺¹⁾ (Higham §3.1).
    /// </summary>
    private static double OutputTermScale(DeepNetwork network, Vector<double> theta)
    {
        var pass = network.Forward(theta);
        int N = network.N;
        var terms = Matrix<double>.Build.Dense(network.Widths[0], N);
        for (int l = 1; l <= network.Depth + 1; l++)
        {
            var W = network.Weight(theta, l).PointwiseAbs();
            var b = network.Bias(theta, l).PointwiseAbs();
            var previous = pass.ActivationMatrix(l - 1, network.Widths[l - 1]).PointwiseAbs();
            var next = W * (previous + terms);
            for (int j = 0; j < N; j++)
            {
                next.SetColumn(j, next.Column(j) + b);
            }
            if (l <= network.Depth)
            {
                next += pass.ActivationMatrix(l, network.Widths[l]).PointwiseAbs();
            }
            terms = next;
        }
        return terms.Enumerate().Max();
    }

    /// <summary>(1.20) D agrees with central finite differences of x(θ), column by column.</summary>
    [Property(Arbitrary = [typeof(ChenArbitraries)])]
    [Trait("Theorem", "CH.Eq1.20")]
    public void Equation1_20_Jacobian_Eq_CentralDifference(AnyNetworkInstance instance)
    {
        var network = instance.Network;
        var theta = instance.Theta0;
        var D = network.Jacobian(theta);
        double h = Tolerances.CentralDifferenceStep(theta.L2Norm());
        for (int k = 0; k < instance.K; k++)
        {
            var plus = theta.Clone();
            var minus = theta.Clone();
            plus[k] += h;
            minus[k] -= h;
            var difference = (network.Outputs(plus) - network.Outputs(minus)) / (2 * h);
            Check.Close(difference.ToArray(), D.Column(k).ToArray(),
                Tolerances.CentralDifference(Math.Max(1, D.Column(k).AbsoluteMaximum())), $"column {k} of D ({network.Layout})");
        }
    }

    /// <summary>
    /// (1.21) ∇_θC = Dᵀ∇ₓC: the reverse-mode product Dᵀr (one backward pass, no D) equals the explicit Dᵀr for random r,
    /// and the cost gradient equals Dᵀ·(1/N)(x − y_ω).
    /// </summary>
    [Property(Arbitrary = [typeof(ChenArbitraries)])]
    [Trait("Theorem", "CH.Eq1.21")]
    public void Equation1_21_CostGradient_Eq_JacobianTransposeTimesOutputGradient(AnyNetworkInstance instance)
    {
        var network = instance.Network;
        var theta = instance.Theta0;
        var r = Gaussian.Vector(instance.Auxiliary, instance.QN);
        var D = network.Jacobian(theta);
        var explicitProduct = D.TransposeThisAndMultiply(r);
        var tol = Tolerances.JacobianProduct(D.FrobeniusNorm(), r.L2Norm(), instance.K + instance.QN);
        Check.Close(network.JacobianTransposeTimes(theta, r).ToArray(), explicitProduct.ToArray(), tol, "backward pass = Dᵀr");
        var cost = instance.Cost;
        Check.That(cost.Kappa == 1.0 / instance.N, $"κ = {cost.Kappa} = 1/N (spec A1)");
        var g = (network.Outputs(theta) - instance.Data.Targets) / instance.N;
        Check.Close(cost.Gradient(theta).ToArray(), D.TransposeThisAndMultiply(g).ToArray(),
            Tolerances.JacobianProduct(D.FrobeniusNorm(), g.L2Norm(), instance.K + instance.QN), "∇_θC = Dᵀ∇ₓC");
    }

    /// <summary>
    /// (2.12) The empirical NTK from the per-layer structured formula (Gram matrices of sensitivities and of
    /// activations, no D) equals DDᵀ from the explicit Jacobian.
    /// </summary>
    [Property(Arbitrary = [typeof(ChenArbitraries)])]
    [Trait("Theorem", "CH.Eq2.12")]
    public void Equation2_12_StructuredKernel_Eq_JacobianGram(AnyNetworkInstance instance)
    {
        var theta = instance.Theta0;
        var structured = instance.Network.TangentKernel(theta);
        var reference = NeuralTangentKernel.Explicit(instance.Network, theta);
        var tol = Tolerances.Rounding(reference.FrobeniusNorm(), 16 * instance.K);
        Check.Close(structured.ToColumnMajorArray(), reference.ToColumnMajorArray(), tol, "structured Θ = DDᵀ");
    }

    /// <summary>
    /// (1.30), (4.10) The adapted direction −Dᵀz with (DDᵀ)z = ∇ₓC, structured (Cholesky on the structured Θ, one
    /// vector–Jacobian product) equals the explicit route and the SVD reference −D⁺∇ₓC. Where rank D is in the grey
    /// zone (σ_min/σ_max between the code threshold and ρ) the case is inconclusive.
    /// </summary>
    [Property(Arbitrary = [typeof(ChenArbitraries)])]
    [Trait("Theorem", "CH.Eq1.30")]
    public Property Equation1_30_StructuredAdaptedDirection_Eq_Explicit(OverparametrisedInstance instance)
    {
        var theta = instance.Theta0;
        var g = instance.Cost.OutputGradient(theta);
        var D = instance.Network.Jacobian(theta);
        var inverse = new PenroseInverse(D);
        bool rowFull = inverse.Rank == instance.QN && inverse.ConditionRatio >= Tolerances.RankRatio;
        if (!rowFull)
        {
            return Verdict.Inconclusive("rank D < QN or σ ratio below ρ");
        }
        var structured = AdaptedDirection.Structured(instance.Network, theta, g);
        var explicitRoute = AdaptedDirection.Explicit(instance.Network, theta, g);
        var reference = -inverse.Apply(g);
        double condition = 1 / inverse.ConditionRatio;
        var tol = Tolerances.KernelSolve(reference.L2Norm(), condition);
        Check.Close(structured.Velocity.ToArray(), reference.ToArray(), tol, "structured −Dᵀz = −D⁺g");
        Check.Close(explicitRoute.Velocity.ToArray(), reference.ToArray(), tol, "explicit −Dᵀz = −D⁺g");
        return Prop.ToProperty(true).Classify(structured.Solve == KernelSolve.Cholesky, "Cholesky")
            .Classify(structured.Solve == KernelSolve.PseudoInverse, "pseudo-inverse fallback");
    }

    /// <summary>
    /// (4.10) Under forced rank loss (duplicate inputs) the structured route falls back to the pseudo-inverse and still
    /// gives the minimum-norm direction −D⁺∇ₓC.
    /// </summary>
    [Property(Arbitrary = [typeof(ChenArbitraries)])]
    [Trait("Theorem", "CH.Eq1.30")]
    public Property Equation4_10_StructuredAdaptedDirection_Eq_Penrose_Of_RankLoss(DuplicateInputInstance instance)
    {
        var theta = instance.Theta0;
        var g = instance.Cost.OutputGradient(theta);
        var inverse = new PenroseInverse(instance.Network.Jacobian(theta));
        double sigmaR = inverse.Rank > 0 ? inverse.SingularValues[inverse.Rank - 1] : 0;
        bool conclusive = inverse.Rank == instance.GenericRank && sigmaR / inverse.LargestSingularValue >= Tolerances.RankRatio;
        if (!conclusive)
        {
            return Verdict.Inconclusive("not in the generic rank Qm or ill-conditioned");
        }
        var structured = AdaptedDirection.Structured(instance.Network, theta, g);
        Check.That(structured.Solve == KernelSolve.PseudoInverse, $"rank loss detected (kernel rank {structured.KernelRank} < QN = {instance.QN})");
        var reference = -inverse.Apply(g);
        // Under rank loss g has a component in the null space of DDᵀ that the pseudo-inverse discards; rounding rotates the
        // computed range by O(u·κ₂(D)²), which lets a fraction of that component through. The error is therefore relative
        // to ‖g‖/σ_r (≥ ‖D⁺g‖), not to ‖D⁺g‖ (finding CH-A-rankloss-scale, found by the certificate run).
        var tol = Tolerances.KernelSolve(g.L2Norm() / sigmaR, inverse.LargestSingularValue / sigmaR);
        Check.Close(structured.Velocity.ToArray(), reference.ToArray(), tol, "pseudo-inverse −Dᵀz = −D⁺g");
        return Prop.ToProperty(true).Classify(true, "conclusive");
    }

    /// <summary>
    /// (1.13)–(1.14) The comparison model: the Euclidean gradient flow of C = (1/2N)|x − y|² in ℝ^{QN} (the standard flow
    /// of the identity model x = θ) equals x(s) = y + e^{−s/N}(x₀ − y), and C(s) = e^{−2s/N}C₀.
    /// </summary>
    [Property(Arbitrary = [typeof(ChenArbitraries)])]
    [Trait("Theorem", "CH.Eq1.13")]
    public void Equation1_13_ComparisonFlow_Eq_ClosedForm(OverparametrisedInstance instance)
    {
        var data = instance.Data;
        var identity = new LinearMapModel(Matrix<double>.Build.DenseIdentity(data.QN));
        var cost = data.Cost(identity);
        var x0 = Gaussian.Vector(instance.Auxiliary, data.QN);
        double horizon = 4.0 * data.N;
        var trajectory = new GradientFlow(cost).Solve(x0, horizon, 20, Tolerances.Flow);
        var y = data.Targets;
        double cost0 = cost.Value(x0);
        var tol = Tolerances.ExactFlow((x0 - y).L2Norm());
        for (int i = 0; i < trajectory.Points.Length; i++)
        {
            double s = trajectory.Points[i].Time;
            Check.Close(trajectory.StateAt(i).ToArray(), ComparisonModel.Outputs(x0, y, data.Kappa, s).ToArray(), tol,
                $"x({s:G4}) = y + e^(−s/N)(x₀ − y)");
            Check.Close(trajectory.Points[i].Loss, ComparisonModel.Cost(cost0, data.Kappa, s), tol, $"C({s:G4}) = e^(−2s/N)C₀");
        }
    }
}
