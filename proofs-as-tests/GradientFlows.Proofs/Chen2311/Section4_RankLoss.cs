using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GradientFlows.Flows;
using GradientFlows.Geometry;
using GradientFlows.Proofs.Generators;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.Chen2311;

/// <summary>Chen §4, rank loss: Theorem 4.1 (least-squares adapted flow), Theorem 4.2 (equilibria) and §4.2 (perturbation).</summary>
public sealed class Section4_RankLoss
{
    /// <summary>Cases of the properties that first run a flow to s = 15N: 25, same budget.</summary>
    private const int EquilibriumCases = 25;

    /// <summary>
    /// Theorem 4.1, algebra (spec C8(1)) on forced rank loss (duplicate inputs): every least-squares solution
    /// z = (DDᵀ)⁺g + k, k ∈ ker Dᵀ, of DDᵀz ≈ g gives the same Dᵀz = D⁺g (4.10); θ′ = −D⁺g lies in range Dᵀ
    /// (minimum norm); and |Dθ′ + g| = |P_out^⊥ g| = min_v |Dv + g| (compared with random v) — so x′ = −P_out g (4.7).
    /// </summary>
    [Property(Arbitrary = [typeof(ChenArbitraries)])]
    [Trait("Theorem", "CH.T4.1")]
    public Property Theorem4_1_OutputVelocity_Eq_NegProjGrad_Of_LeastSquares(DuplicateInputInstance instance)
    {
        var cost = instance.Cost;
        var theta = instance.Theta0;
        var D = instance.Network.Jacobian(theta);
        var geometry = new OutputGeometry(D, cost.OutputGradient(theta));
        if (!GuardedFlowRun.ConstantRank(instance.GenericRank).Contains(geometry))
        {
            return Verdict.Inconclusive("rank not the generic Qm or not separated");
        }
        var inverse = geometry.Inverse;
        var g = geometry.G;
        double sigma1 = inverse.LargestSingularValue, condition = sigma1 / inverse.SingularValues[inverse.Rank - 1];
        var v = -inverse.Apply(g);
        var kernel = D.TransposeAndMultiply(D);
        var random = instance.Auxiliary;
        var w = Gaussian.Vector(random, instance.QN);
        var z = new PenroseInverse(kernel).Apply(g) + (w - inverse.ProjectOutput(w));
        var tol = Tolerances.KernelSolve(v.L2Norm() + sigma1 * w.L2Norm(), condition);
        Check.Close((-D.TransposeThisAndMultiply(z)).ToArray(), v.ToArray(), tol, "−Dᵀz = −D⁺g for z = (DDᵀ)⁺g + k, k ∈ ker Dᵀ");
        Check.Close((v - inverse.ProjectParameter(v)).L2Norm(), 0, Tolerances.Algebraic(v.L2Norm(), condition), "θ′ ∈ range Dᵀ");
        double residual = (D * v + g).L2Norm();
        double projected = (g - inverse.ProjectOutput(g)).L2Norm();
        Check.Close(residual, projected, Tolerances.Algebraic(g.L2Norm(), condition), "|Dθ′ + g| = |P_out^⊥ g|");
        for (int trial = 0; trial < 5; trial++)
        {
            var other = v + Gaussian.Vector(random, instance.K, v.L2Norm() + 1);
            Check.Le(residual, (D * other + g).L2Norm(), Tolerances.Algebraic(g.L2Norm(), condition), "|Dθ′ + g| ≤ |Dv + g|");
        }
        return Prop.ToProperty(true).Classify(projected > Tolerances.OutsideRangeFraction * g.L2Norm(), "g has a component outside range D");
    }

    /// <summary>
    /// Theorem 4.1, flow (spec C8(2)): with duplicate inputs and rank D = Qm constant along the orbit, the least-squares
    /// adapted flow gives x(s) = P_S y + e^{−s/N}(x₀ − P_S y) and C(s) = C_* + e^{−2s/N}(C₀ − C_*) on [0, min(s_stop, 8N)].
    /// </summary>
    [Property(Arbitrary = [typeof(ChenArbitraries)], MaxTest = ChenArbitraries.FlowCases, MaxRejected = ChenArbitraries.FlowCases / Verdict.InconclusivePerChecked)]
    [Trait("Theorem", "CH.T4.1")]
    public Property Theorem4_1_Outputs_Eq_ProjectedDecay_Of_DuplicateInputs(DuplicateInputInstance instance)
    {
        var cost = instance.Cost;
        var theta0 = instance.Theta0;
        var network = instance.Network;
        if (!GuardedFlowRun.ConstantRank(instance.GenericRank).Contains(new OutputGeometry(network.Jacobian(theta0), cost.OutputGradient(theta0))))
        {
            return Verdict.Inconclusive("rank not the generic Qm at θ₀");
        }
        // κ = 1/N from N itself (the paper's cost), not the data's κ: a flow with another κ fails the oracle.
        double kappa = 1.0 / instance.N;
        var run = new GuardedFlowRun(new LeastSquaresAdaptedFlow(cost), theta0, 8.0 * instance.N, 17, kappa,
            GuardedFlowRun.ConstantRank(instance.GenericRank));
        var y = instance.Data.Targets;
        var yS = DuplicateInputOracle.ProjectedTargets(instance);
        var x0 = network.Outputs(theta0);
        double cost0 = cost.Value(theta0);
        double costStar = 0.5 * kappa * (y - yS).DotProduct(y - yS);
        var tol = Tolerances.ExactFlow((x0 - y).L2Norm());
        for (int i = 0; i < run.States.Length; i++)
        {
            double s = run.Times[i], decay = Math.Exp(-kappa * s);
            var x = network.Outputs(run.States[i]);
            var expected = yS + decay * (x0 - yS);
            Check.Close(x.ToArray(), expected.ToArray(), tol, $"x({s:G4}) = P_S y + e^(−s/N)(x₀ − P_S y)");
            // |C(x) − C(x̂)| ≤ κ·δ·(|x̂ − y| + δ/2) for |x − x̂|₂ ≤ δ = √(QN)·δx (entrywise δx above), x̂ the oracle's outputs.
            double delta = Math.Sqrt(expected.Count) * tol.Value;
            var costTol = new Tolerance(kappa * delta * ((expected - y).L2Norm() + delta / 2), "κ·δ·(|x̂(s) − y| + δ/2), δ = √QN·δx");
            Check.Close(cost.Value(run.States[i]), costStar + decay * decay * (cost0 - costStar), costTol,
                $"C({s:G4}) = C_* + e^(−2s/N)(C₀ − C_*)");
        }
        return Verdict.FlowChecked(run.SamplesAfterStart, "left the constant-rank region at s = 0")
            .Classify(run.Stopped, "left the constant-rank region before 8N (checked on [0, s_stop))");
    }

    /// <summary>
    /// Theorem 4.2(a): the standard and adapted fields have the same zeros, since
    /// σ_r|P_out g| ≤ |Dᵀg| ≤ σ₁|P_out g| (+ τ|g| from singular values under the threshold τ) and |D⁺g| ≥ |P_out g|/σ₁,
    /// at random points of every regime; and both vanish at the explicit spurious equilibria of Lemma 3.2.
    /// </summary>
    [Property(Arbitrary = [typeof(ChenArbitraries)])]
    [Trait("Theorem", "CH.T4.2")]
    public Property Theorem4_2_ZeroSets_Eq_Of_StandardAndAdapted(AnyNetworkInstance instance)
    {
        var cost = instance.Cost;
        var theta = instance.Theta0;
        var geometry = new OutputGeometry(instance.Network.Jacobian(theta), cost.OutputGradient(theta));
        var inverse = geometry.Inverse;
        var g = geometry.G;
        if (inverse.Rank == 0)
        {
            return Verdict.Inconclusive("D = 0");
        }
        double standard = geometry.TransposeTimes(g).L2Norm();
        double projected = inverse.ProjectOutput(g).L2Norm();
        double sigma1 = inverse.LargestSingularValue, sigmaR = inverse.SingularValues[inverse.Rank - 1];
        var rounding = Tolerances.Rounding(sigma1 * g.L2Norm(), 16 * (instance.K + instance.QN));
        Check.Le(sigmaR * projected, standard, rounding, "σ_r|P_out g| ≤ |Dᵀg|");
        Check.Le(standard, sigma1 * projected + inverse.Threshold * g.L2Norm(), rounding, "|Dᵀg| ≤ σ₁|P_out g| + τ|g|");
        Check.Le(projected / sigma1, inverse.Apply(g).L2Norm(), Tolerances.Algebraic(projected / sigma1, sigma1 / sigmaR),
            "|P_out g|/σ₁ ≤ |D⁺g|");
        return Prop.ToProperty(true).Classify(inverse.Rank < Math.Min(instance.QN, instance.K), "rank-deficient point");
    }

    /// <summary>
    /// Theorem 4.2(c) (spec C9(2)–(3)): on duplicate-input instances the least-squares adapted flow reaches, at s = 15N, a
    /// point θ_* of the critical set E = {F = U_rᵀ(x − y) = 0}; there C &gt; 0 and rank D &lt; QN (Lemma 3.2), the
    /// Jacobian U_rᵀD of F has nullity K − r (E is a (K − r)-manifold), and a step along its null space followed by
    /// Gauss–Newton projection onto E lands on another equilibrium at distance &gt; 10⁻³ (E is not isolated).
    /// </summary>
    [Property(Arbitrary = [typeof(ChenArbitraries)], MaxTest = EquilibriumCases, MaxRejected = EquilibriumCases / Verdict.InconclusivePerChecked)]
    [Trait("Theorem", "CH.T4.2")]
    public Property Theorem4_2_EquilibriumSet_Dim_Eq_K_Sub_Rank_Of_ConstantRank(DuplicateInputInstance instance)
    {
        var thetaStar = DuplicateInputOracle.ReachEquilibrium(instance);
        if (thetaStar is null)
        {
            return Verdict.Inconclusive("left the constant-rank region before 15N");
        }
        var cost = instance.Cost;
        var network = instance.Network;
        var y = instance.Data.Targets;
        int r = instance.GenericRank;
        var inverse = new PenroseInverse(network.Jacobian(thetaStar));
        var basis = inverse.OutputBasis!;
        var x0 = network.Outputs(instance.Theta0);
        double bound = Math.Exp(-15.0) * (x0 - DuplicateInputOracle.ProjectedTargets(instance)).L2Norm();
        var tol = Tolerances.ExactFlow((x0 - y).L2Norm());
        Check.Le(inverse.ProjectOutput(network.Outputs(thetaStar) - y).L2Norm(), bound, tol, "|P_out(x_* − y)| ≤ e^(−15)|x₀ − P_S y|");
        Check.Lt(0, cost.Value(thetaStar), "C(θ_*) > 0");
        Check.That(inverse.Rank < instance.QN, $"rank D(θ_*) = {inverse.Rank} < QN = {instance.QN}");

        Vector<double> F(Vector<double> theta) => basis.TransposeThisAndMultiply(network.Outputs(theta) - y);
        Matrix<double> J(Vector<double> theta) => basis.TransposeThisAndMultiply(network.Jacobian(theta));
        var jacobianF = new PenroseInverse(J(thetaStar));
        int nullity = instance.K - jacobianF.SingularValues.Count(s => s > Tolerances.EquilibriumRankRatio * jacobianF.LargestSingularValue);
        Check.That(nullity == instance.K - r, $"nullity of ∂F = {nullity}; expected K − r = {instance.K} − {r}");

        var step = Gaussian.Vector(instance.Auxiliary, instance.K);
        step -= jacobianF.ProjectParameter(step);
        var theta1 = thetaStar + 0.05 * step / step.L2Norm();
        for (int newton = 0; newton < 6; newton++)
        {
            theta1 -= new PenroseInverse(J(theta1)).Apply(F(theta1));
        }
        double distance = (theta1 - thetaStar).L2Norm();
        Check.Lt(Tolerances.EquilibriumSeparation, distance, "distance between the two equilibria");
        // ∇_θC(θ₁) = κD₁ᵀ(x₁ − y) = κD₁ᵀU_rF(θ₁) + κD₁ᵀ(I − U_rU_rᵀ)(x₁ − y). The second term vanishes when range D(θ₁) is
        // the structural range spanned by U_r (what this checks); it carries the error of the computed basis U_r,
        // u·κ₂ with κ₂ = σ₁/σ_r of D(θ_*) (regime (i)), and the gradient's own rounding. The first is the Newton residual.
        var D1 = network.Jacobian(theta1);
        var gradient = cost.Gradient(theta1);
        var residual1 = network.Outputs(theta1) - y;
        double kappaStar = inverse.LargestSingularValue / inverse.SingularValues[inverse.Rank - 1];
        Check.Le(gradient.L2Norm(), 0,
            Tolerances.Algebraic(D1.L2Norm() * instance.Data.Kappa * residual1.L2Norm(), kappaStar)
            + Tolerances.JacobianProduct(D1.FrobeniusNorm(), instance.Data.Kappa * residual1.L2Norm(), instance.K + instance.QN)
            + new Tolerance(D1.L2Norm() * instance.Data.Kappa * F(theta1).L2Norm(), "σ₁(D(θ₁))κ|F(θ₁)| (Newton residual in range U_r)"),
            "|∇_θC| at the projected point");
        return Verdict.Checked();
    }

    /// <summary>
    /// §4.2 with the correction of spec A11: at θ_* ∈ E, restarting from θ_* + τν with ν = (U_rᵀD)ᵀc ∈ NE (4.15)–(4.16)
    /// leaves the critical set, |F(θ_* + τν) − F(θ_*)| ≥ ½|τ||Jν|, and the adapted field there exceeds its value at
    /// θ_*; the cost decreases only along directions with νᵀHν &lt; 0 (then for both signs of τ). The sign rule (4.17)
    /// cannot work at first order: the labels count how often both signs raised the cost (a local minimum along ν).
    /// </summary>
    [Property(Arbitrary = [typeof(ChenArbitraries)], MaxTest = EquilibriumCases, MaxRejected = EquilibriumCases / Verdict.InconclusivePerChecked)]
    [Trait("Theorem", "CH.S4.2")]
    public Property Section4_2_Perturbation_LeavesCriticalSet(DuplicateInputInstance instance)
    {
        var thetaStar = DuplicateInputOracle.ReachEquilibrium(instance);
        if (thetaStar is null)
        {
            return Verdict.Inconclusive("left the constant-rank region before 15N");
        }
        var cost = instance.Cost;
        var network = instance.Network;
        var y = instance.Data.Targets;
        var basis = new PenroseInverse(network.Jacobian(thetaStar)).OutputBasis!;
        var J = basis.TransposeThisAndMultiply(network.Jacobian(thetaStar));
        var nu = J.TransposeThisAndMultiply(Gaussian.Vector(instance.Auxiliary, basis.ColumnCount));
        nu /= nu.L2Norm();
        double tau = Tolerances.PerturbationSize;
        Vector<double> F(Vector<double> theta) => basis.TransposeThisAndMultiply(network.Outputs(theta) - y);
        var flow = new LeastSquaresAdaptedFlow(cost);
        double fieldStar = flow.Velocity(thetaStar).L2Norm();
        double cost0 = cost.Value(thetaStar);
        var change = new double[2];
        for (int sign = 0; sign < 2; sign++)
        {
            double t = sign == 0 ? tau : -tau;
            var theta = thetaStar + t * nu;
            Check.Le(0.5 * tau * (J * nu).L2Norm(), (F(theta) - F(thetaStar)).L2Norm(), new Tolerance(0, "exact inequality, margin ½"),
                $"|F(θ_* + τν) − F(θ_*)| ≥ ½|τ||Jν| for τ = {t:G2}");
            Check.Lt(fieldStar, flow.Velocity(theta).L2Norm(), $"the adapted field grows off E (τ = {t:G2})");
            change[sign] = cost.Value(theta) - cost0;
        }
        double curvature = (change[0] + change[1]) / (tau * tau);
        bool negativeCurvature = curvature < -Tolerances.CurvatureNoise(cost0, tau);
        if (negativeCurvature)
        {
            Check.That(change[0] < 0 && change[1] < 0, $"νᵀHν = {curvature:G3} < 0 ⇒ C decreases for both signs of τ");
        }
        return Prop.ToProperty(true)
            .Classify(change[0] > 0 && change[1] > 0, "ΔC > 0 for both signs of τ (local minimum along ν; (4.17) fails)")
            .Classify(negativeCurvature, "negative curvature: C decreases for both signs");
    }
}
