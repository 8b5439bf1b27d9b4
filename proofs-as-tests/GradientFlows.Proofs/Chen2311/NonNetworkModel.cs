using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GradientFlows.Flows;
using GradientFlows.Geometry;
using GradientFlows.Models;
using GradientFlows.Proofs.Generators;
using GradientFlows.Theory;

namespace GradientFlows.Proofs.Chen2311;

/// <summary>
/// The flows of Chen trained on a model that is not a network (issue item 4): the regression curve
/// x(t) = b₁(1 − e^{−b₂t}) through <see cref="IOutputModel"/> alone. Overparametrised (N = 1): Theorem 2.1;
/// borderline (N = 2): §6; underparametrised (N ≥ 3): Theorem 5.1 and Remark 5.2; all N: the standard flow decreases
/// C and its zero set is the Gauss–Newton flow's (Theorem 4.2(a)).
/// </summary>
public sealed class NonNetworkModel
{
    /// <summary>
    /// The adapted flow of the regime (AdaptedFlow for N = 1, BorderlineAdaptedFlow for N = 2, GaussNewtonFlow for
    /// N ≥ 3) against its theorem on [0, min(s_stop, 4N)]: for N ≤ 2 the outputs follow y + e^{−s/N}(x₀ − y) (2.7),
    /// (6.4); for N ≥ 3 x′ = −P∇ₓC (5.3) pointwise and C is non-increasing (5.12). The standard flow from the same θ₀
    /// also decreases C (1.10).
    /// </summary>
    [Property(Arbitrary = [typeof(ChenArbitraries)], MaxTest = ChenArbitraries.FlowCases, MaxRejected = ChenArbitraries.FlowCases / Verdict.InconclusivePerChecked)]
    [Trait("Theorem", "CH.T5.1")]
    public Property Theorem5_1_AdaptedFlows_Train_SaturatingExponential(SaturatingExponentialInstance instance)
    {
        var (model, cost, theta0) = instance.Draw();
        OutputLayerFlow flow = instance.N switch
        {
            1 => new AdaptedFlow(cost),
            2 => new BorderlineAdaptedFlow(cost),
            _ => new GaussNewtonFlow(cost),
        };
        if (!GuardedFlowRun.FullRank.Contains(flow.GeometryAt(theta0)))
        {
            return Verdict.Inconclusive("σ_min/σ_max < ρ at θ₀");
        }
        double horizon = 4.0 * instance.N, kappa = 1.0 / instance.N;
        var run = new GuardedFlowRun(flow, theta0, horizon, 25, kappa, GuardedFlowRun.FullRank);
        var y = cost.Targets;
        var x0 = model.Outputs(theta0);
        double previous = double.PositiveInfinity;
        foreach (var (theta, s) in run.States.Zip(run.Times))
        {
            var geometry = flow.GeometryAt(theta);
            if (instance.N <= 2)
            {
                Check.Close(model.Outputs(theta).ToArray(), ComparisonModel.Outputs(x0, y, kappa, s).ToArray(),
                    Tolerances.ExactFlow((x0 - y).L2Norm()), $"x({s:G4}) = y + e^(−s/N)(x₀ − y)");
            }
            else
            {
                var xDot = geometry.Times(flow.Velocity(geometry));
                Check.Close(xDot.ToArray(), (-geometry.Inverse.ProjectOutput(geometry.G)).ToArray(),
                    Tolerances.Algebraic(geometry.G.L2Norm(), 1 / geometry.Inverse.ConditionRatio), "x′ = −P∇ₓC (5.3)");
            }
            double c = cost.Value(theta);
            if (double.IsFinite(previous))
            {
                Check.Le(c, previous, Tolerances.FlowInequality(previous) + Tolerances.CostResolution(kappa, x0.L2Norm()),
                    $"C({s:G4}) non-increasing");
            }
            previous = c;
        }
        var standard = new GradientFlow(cost).Solve(theta0, horizon, 9, Tolerances.Flow);
        for (int i = 1; i < standard.Points.Length; i++)
        {
            Check.Le(standard.Points[i].Loss, standard.Points[i - 1].Loss,
                Tolerances.FlowInequality(standard.Points[i - 1].Loss) + Tolerances.CostResolution(kappa, x0.L2Norm()),
                "standard flow: C non-increasing (1.10)");
        }
        return Verdict.FlowChecked(run.SamplesAfterStart, "rank event at s = 0").Classify(instance.N == 1, "K > QN").Classify(instance.N == 2, "K = QN")
            .Classify(instance.N >= 3, "K < QN").Classify(run.Stopped, "rank loss before 4N");
    }

    /// <summary>
    /// Theorem 4.2(a) for the non-network model: σ₂|P∇ₓC| ≤ |Dᵀ∇ₓC| ≤ σ₁|P∇ₓC|, so the standard and Gauss–Newton (or
    /// adapted) fields vanish together.
    /// </summary>
    [Property(Arbitrary = [typeof(ChenArbitraries)])]
    [Trait("Theorem", "CH.T4.2")]
    public void Theorem4_2_ZeroSets_Eq_Of_SaturatingExponential(SaturatingExponentialInstance instance)
    {
        var (model, cost, theta0) = instance.Draw();
        var geometry = new OutputGeometry(model.Jacobian(theta0), cost.OutputGradient(theta0));
        var inverse = geometry.Inverse;
        double standard = geometry.TransposeTimes(geometry.G).L2Norm();
        double projected = inverse.ProjectOutput(geometry.G).L2Norm();
        double sigmaR = inverse.SingularValues[inverse.Rank - 1];
        var rounding = Tolerances.Rounding(inverse.LargestSingularValue * geometry.G.L2Norm());
        Check.Le(sigmaR * projected, standard, rounding, "σ_r|P g| ≤ |Dᵀg|");
        Check.Le(standard, inverse.LargestSingularValue * projected + inverse.Threshold * geometry.G.L2Norm(), rounding, "|Dᵀg| ≤ σ₁|P g| + τ|g|");
    }
}
