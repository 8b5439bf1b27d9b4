using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GradientFlows.Flows;
using GradientFlows.Geometry;
using GradientFlows.Proofs.Generators;

namespace GradientFlows.Proofs.Chen2311;

/// <summary>
/// Chen §5, the underparametrised adapted (Gauss–Newton) flow θ′ = −(DᵀD)⁻¹∇_θC: Theorem 5.1, Remark 5.2,
/// Proposition 5.3.
/// </summary>
public sealed class Section5_UnderparametrisedFlow
{
    /// <summary>
    /// Theorem 5.1 on [0, min(s_stop, 8N)] (rank D = K on the orbit): x′ = D·θ′ = −P∇ₓC with P = D(DᵀD)⁻¹Dᵀ (5.3)–(5.4),
    /// the velocity is tangent to the image (P^⊥Dθ′ = 0, reading (5.5)), C = (1/2N)(|Pr|² + |P^⊥r|²) and C &gt; 0 (5.7
    /// generically). Orbits that reach rank loss are classified, as are orbits with |Pr| ≤ 10⁻²|r| at 8N (near a
    /// critical point (5.6)); no uniform rate is claimed.
    /// </summary>
    [Property(Arbitrary = [typeof(ChenArbitraries)], MaxTest = ChenArbitraries.FlowCases, MaxRejected = ChenArbitraries.FlowCases / Verdict.InconclusivePerChecked)]
    [Trait("Theorem", "CH.T5.1")]
    public Property Theorem5_1_OutputVelocity_Eq_NegTangentProjGrad_Of_FullColumnRank(UnderparametrisedInstance instance)
    {
        var cost = instance.Cost;
        var theta0 = instance.Theta0;
        var flow = new GaussNewtonFlow(cost);
        if (!GuardedFlowRun.FullRank(flow.GeometryAt(theta0)))
        {
            return Prop.ToProperty(true).Classify(true, "inconclusive: σ_min/σ_max < ρ at θ₀");
        }
        var run = new GuardedFlowRun(flow, theta0, GuardedFlowRun.GeometricTimes(Tolerances.FirstSample(instance.N), 8.0 * instance.N, 25),
            GuardedFlowRun.FullRank);
        var y = instance.Data.Targets;
        double kappa = instance.Data.Kappa;
        double approach = double.NaN;
        foreach (var theta in run.States)
        {
            var geometry = flow.GeometryAt(theta);
            var inverse = geometry.Inverse;
            double condition = 1 / inverse.ConditionRatio;
            var g = geometry.G;
            var v = flow.Velocity(geometry);
            var xDot = geometry.Times(v);
            Check.Close(xDot.ToArray(), (-inverse.ProjectOutput(g)).ToArray(), Tolerances.Algebraic(g.L2Norm(), condition), "Dθ′ = −P∇ₓC (5.3)");
            Check.Close((xDot - inverse.ProjectOutput(xDot)).L2Norm(), 0, Tolerances.Algebraic(g.L2Norm(), condition), "P^⊥x′ = 0 (5.5)");
            var r = instance.Network.Outputs(theta) - y;
            var pr = inverse.ProjectOutput(r);
            double split = 0.5 * kappa * (pr.DotProduct(pr) + (r - pr).DotProduct(r - pr));
            double c = cost.Value(theta);
            Check.Close(split, c, Tolerances.Rounding(c, 16 * instance.QN), "C = (1/2N)(|Pr|² + |P^⊥r|²)");
            Check.Lt(0, c, "C > 0");
            approach = pr.L2Norm() / r.L2Norm();
        }
        return Prop.ToProperty(true)
            .Classify(run.Stopped, "reached rank loss (σ_min/σ_max = ρ) before 8N")
            .Classify(!run.Stopped && approach <= Tolerances.CriticalApproach, "|Pr| ≤ 1e-2|r| at 8N (near a critical point)")
            .Classify(!run.Stopped && approach > Tolerances.CriticalApproach, "not yet near a critical point at 8N");
    }

    /// <summary>
    /// Remark 5.2 (5.12): along the Gauss–Newton flow C is non-increasing, and dC/ds = −|P∇ₓC|²: pointwise
    /// ∇_θC·θ′ = −|P∇ₓC|² (regime (i)), and the derivative of C along the dense output (central differences with
    /// δ = 10⁻⁴N and δ/2) matches within the measured interpolation error (errata CH-R5.2), at sample times
    /// geometrically spaced from 10⁻²N, since most orbits reach rank loss early.
    /// </summary>
    [Property(Arbitrary = [typeof(ChenArbitraries)], MaxTest = ChenArbitraries.FlowCases, MaxRejected = ChenArbitraries.FlowCases / Verdict.InconclusivePerChecked)]
    [Trait("Theorem", "CH.R5.2")]
    public Property Remark5_2_Cost_Antitone_Of_GaussNewton(UnderparametrisedInstance instance)
    {
        var cost = instance.Cost;
        var theta0 = instance.Theta0;
        var flow = new GaussNewtonFlow(cost);
        if (!GuardedFlowRun.FullRank(flow.GeometryAt(theta0)))
        {
            return Prop.ToProperty(true).Classify(true, "inconclusive: σ_min/σ_max < ρ at θ₀");
        }
        var run = new GuardedFlowRun(flow, theta0, GuardedFlowRun.GeometricTimes(Tolerances.FirstSample(instance.N), 8.0 * instance.N, 25),
            GuardedFlowRun.FullRank, keepDenseOutput: true);
        double kappa = instance.Data.Kappa, delta = Tolerances.DenseDerivativeStep(instance.N);
        double previous = double.PositiveInfinity;
        for (int i = 0; i < run.States.Length; i++)
        {
            double c = cost.Value(run.States[i]);
            if (i > 0)
            {
                Check.Le(c, previous, Tolerances.FlowInequality(previous) + Tolerances.CostResolution(kappa, instance.Network.Outputs(run.States[i]).L2Norm()),
                    $"C({run.Times[i]:G4}) ≤ C(previous sample)");
            }
            previous = c;
            double s = run.Times[i];
            if (s - delta < 0 || s + delta > run.Result.Time)
            {
                continue;
            }
            var geometry = flow.GeometryAt(run.States[i]);
            var pg = geometry.Inverse.ProjectOutput(geometry.G);
            double predicted = -pg.DotProduct(pg);
            var velocity = flow.Velocity(geometry);
            var gradient = geometry.TransposeTimes(geometry.G);
            Check.Close(gradient.DotProduct(velocity), predicted,
                Tolerances.Algebraic(gradient.L2Norm() * velocity.L2Norm(), 1 / geometry.Inverse.ConditionRatio),
                $"∇_θC·θ′ = −|P∇ₓC|² at s = {s:G4} (5.12, pointwise)");
            double Derivative(double h) => (cost.Value(run.StateAtTime(s + h)) - cost.Value(run.StateAtTime(s - h))) / (2 * h);
            double coarse = Derivative(delta), derivative = Derivative(delta / 2);
            var interpolantVelocity = (run.StateAtTime(s + delta / 2) - run.StateAtTime(s - delta / 2)) / delta;
            double velocityError = (interpolantVelocity - velocity).L2Norm();
            Check.Close(derivative, predicted,
                Tolerances.DenseDerivative(predicted, kappa * c, Math.Abs(coarse - derivative), gradient.L2Norm() * velocityError),
                $"dC/ds of the dense output = −|P∇ₓC|² at s = {s:G4} (5.12)");
        }
        return Prop.ToProperty(true).Classify(run.Stopped, "reached rank loss before 8N");
    }

    /// <summary>
    /// Proposition 5.3 (5.16)–(5.17): the Gauss–Newton field is the gradient of C∘f for the pull-back metric DᵀD:
    /// DᵀD·θ′ = −∇_θC, with ∇_θC from central differences of C (independent) and from Dᵀg (regime (i)); and
    /// ⟨x′, Dw⟩ = −⟨g, Dw⟩ for random w.
    /// </summary>
    [Property(Arbitrary = [typeof(ChenArbitraries)])]
    [Trait("Theorem", "CH.P5.3")]
    public Property Proposition5_3_Field_Eq_PullbackGradient(UnderparametrisedInstance instance)
    {
        var cost = instance.Cost;
        var theta = instance.Theta0;
        var flow = new GaussNewtonFlow(cost);
        var geometry = flow.GeometryAt(theta);
        if (!GuardedFlowRun.FullRank(geometry))
        {
            return Prop.ToProperty(true).Classify(true, "inconclusive: σ_min/σ_max < ρ");
        }
        double condition = 1 / geometry.Inverse.ConditionRatio, sigma1 = geometry.Inverse.LargestSingularValue;
        var v = flow.Velocity(geometry);
        var metricTimesV = geometry.TransposeTimes(geometry.Times(v));
        var finiteDifference = Section2_OverparametrisedFlow.CentralGradient(cost, theta);
        Check.Close(metricTimesV.ToArray(), (-finiteDifference).ToArray(), Tolerances.CentralDifference(finiteDifference.L2Norm()),
            "DᵀDθ′ = −∇_θC (central differences)");
        Check.Close(metricTimesV.ToArray(), (-geometry.TransposeTimes(geometry.G)).ToArray(),
            Tolerances.Algebraic(sigma1 * sigma1 * v.L2Norm(), condition), "DᵀDθ′ = −Dᵀ∇ₓC");
        var w = Gaussian.Vector(instance.Auxiliary, instance.K);
        var Dw = geometry.Times(w);
        Check.Close(geometry.Times(v).DotProduct(Dw), -geometry.G.DotProduct(Dw),
            Tolerances.Algebraic(geometry.G.L2Norm() * Dw.L2Norm(), condition), "⟨x′, Dw⟩ = −⟨g, Dw⟩ (5.16)");
        return Prop.ToProperty(true).Classify(condition > Tolerances.IllConditioned, "κ₂(D) > 1e3");
    }
}
