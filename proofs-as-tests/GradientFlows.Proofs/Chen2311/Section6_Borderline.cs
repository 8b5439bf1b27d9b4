using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GradientFlows.Flows;
using GradientFlows.Geometry;
using GradientFlows.Proofs.Generators;
using GradientFlows.Theory;

namespace GradientFlows.Proofs.Chen2311;

/// <summary>Chen §6, the borderline case K = QN: both adapted fields coincide with −D⁻¹∇ₓC, and Theorem 2.1 applies.</summary>
public sealed class Section6_Borderline
{
    /// <summary>
    /// §6 (6.1)–(6.3): for square invertible D, Dᵀ(DDᵀ)⁻¹g (overparametrised field), (DᵀD)⁻¹Dᵀg (Gauss–Newton field),
    /// D⁻¹g (LU) and D⁺g (SVD) coincide; also the Cholesky route of the structured adapted direction.
    /// </summary>
    [Property(Arbitrary = [typeof(ChenArbitraries)])]
    [Trait("Theorem", "CH.S6")]
    public Property Section6_AdaptedFields_Coincide_Of_Square(BorderlineInstance instance)
    {
        var cost = instance.Cost;
        var theta = instance.Theta0;
        var borderline = new BorderlineAdaptedFlow(cost);
        var geometry = borderline.GeometryAt(theta);
        if (!GuardedFlowRun.FullRank.Contains(geometry))
        {
            return Verdict.Inconclusive("σ_min/σ_max < ρ");
        }
        double condition = 1 / geometry.Inverse.ConditionRatio;
        var reference = -geometry.Inverse.Apply(geometry.G);
        var tol = Tolerances.Algebraic(reference.L2Norm(), condition);
        Check.Close(borderline.Velocity(geometry).ToArray(), reference.ToArray(), tol, "−D⁻¹g = −D⁺g (6.1)");
        Check.Close(new AdaptedFlow(cost).Velocity(geometry).ToArray(), reference.ToArray(), tol, "−Dᵀ(DDᵀ)⁻¹g = −D⁺g");
        Check.Close(new GaussNewtonFlow(cost).Velocity(geometry).ToArray(), reference.ToArray(), tol, "−(DᵀD)⁻¹Dᵀg = −D⁺g (6.3)");
        Check.Close(AdaptedDirection.Structured(instance.Network, theta, geometry.G).Velocity.ToArray(), reference.ToArray(),
            Tolerances.KernelSolve(reference.L2Norm(), condition), "structured −Dᵀz = −D⁻¹g");
        return Prop.ToProperty(true).Classify(condition > Tolerances.IllConditioned, "κ₂(D) > 1e3");
    }

    /// <summary>
    /// §6 (6.4): along the borderline flow x(s) = y + e^{−s/N}(x₀ − y) on [0, min(s_stop, 4N)]. Orbits reach the singular
    /// set det D = 0 (codimension 1) often; the label records how often.
    /// </summary>
    // 50 cases, not 25: about 11 % of borderline draws were inconclusive at θ₀, and with 25 cases the 80 % rule (at most
    // 6 inconclusive) failed on a random CI run; 50 cases (at most 12) keep the same rule with half the relative spread.
    // Since the generator's follow-up of 2026-12-01 (errata CH-guard, follow-up) 0.3 % of draws are inconclusive at θ₀.
    [Property(Arbitrary = [typeof(ChenArbitraries)], MaxTest = 2 * ChenArbitraries.FlowCases, MaxRejected = 2 * ChenArbitraries.FlowCases / Verdict.InconclusivePerChecked)]
    [Trait("Theorem", "CH.S6")]
    public Property Section6_OutputDist_Eq_ExpDecay_Of_Square(BorderlineInstance instance)
    {
        var cost = instance.Cost;
        var theta0 = instance.Theta0;
        var flow = new BorderlineAdaptedFlow(cost);
        if (!GuardedFlowRun.FullRank.Contains(flow.GeometryAt(theta0)))
        {
            return Verdict.Inconclusive("σ_min/σ_max < ρ at θ₀");
        }
        // κ = 1/N from N itself (the paper's cost), not the data's κ: a flow with another κ fails the oracle.
        double kappa = 1.0 / instance.N;
        var run = new GuardedFlowRun(flow, theta0, 4.0 * instance.N, 25, kappa, GuardedFlowRun.FullRank);
        var y = instance.Data.Targets;
        var x0 = instance.Network.Outputs(theta0);
        var tol = Tolerances.ExactFlow((x0 - y).L2Norm());
        for (int i = 0; i < run.States.Length; i++)
        {
            Check.Close(instance.Network.Outputs(run.States[i]).ToArray(),
                ComparisonModel.Outputs(x0, y, kappa, run.Times[i]).ToArray(), tol, $"x({run.Times[i]:G4}) (6.4)");
        }
        return Verdict.FlowChecked(run.SamplesAfterStart, "rank event at s = 0")
            .Classify(run.Stopped, "reached det D ≈ 0 before 4N (checked on [0, s_stop))");
    }
}
