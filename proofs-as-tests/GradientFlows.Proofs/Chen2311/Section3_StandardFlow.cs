using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GradientFlows.Flows;
using GradientFlows.Geometry;
using GradientFlows.Models;
using GradientFlows.Proofs.Generators;
using GradientFlows.Theory;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.Chen2311;

/// <summary>Chen §3, the standard flow θ′ = −Dᵀ∇ₓC: Proposition 3.1 (trapping) and Lemma 3.2 (spurious equilibria).</summary>
public sealed class Section3_StandardFlow
{
    /// <summary>Fine samples of the standard flow (ε_ab is the maximum of |Dᵀg|/|g| over them).</summary>
    private const int FineSamples = 401;

    /// <summary>Fine samples per coarse window boundary: windows are 10× coarser than the grid that estimates ε_ab.</summary>
    private const int WindowStride = 10;

    /// <summary>
    /// Proposition 3.1 in the form of its proof (3.9), with hypothesis (3.4) read as |Dᵀg| ≤ ε|g| (spec A7): along the
    /// standard flow on [0, 10N], for every window [s_a, s_b] of a 40-interval grid, with ε_ab the largest ratio
    /// |Dᵀg|/|g| on the window, ℓ(s_a, s_b) ≤ ε_ab·(s_b − s_a)·√(2C(s_a)/N), i.e. the time in the region is at least
    /// ℓ/(ε√(2C/N)) (3.6). Also the operator-norm variant ε = max‖D‖_op. The informational label compares the standard
    /// flow's decrease C(N)/C₀ with the adapted flow's exact e⁻².
    /// </summary>
    [Property(Arbitrary = [typeof(ChenArbitraries)], MaxTest = ChenArbitraries.FlowCases, MaxRejected = ChenArbitraries.FlowCases / Verdict.InconclusivePerChecked)]
    [Trait("Theorem", "CH.P3.1")]
    public Property Proposition3_1_ArcLength_Le_Eps_Mul_Time_Of_SmallGradient(OverparametrisedInstance instance)
    {
        var (worst, smallestEpsilon, standardDecrease) = CheckWindows(instance.Cost, instance.Network, instance.Theta0, 10.0 * instance.N);
        return Prop.ToProperty(true)
            .Classify(worst > 0.9, "some window within 10% of the bound")
            .Classify(standardDecrease > Math.Exp(-2.0), "standard flow slower than adapted over [0, N]")
            .Classify(smallestEpsilon < Tolerances.PlateauRatio, "crossed a region with |Dᵀg| < 0.1|g|");
    }

    /// <summary>
    /// Proposition 3.1 on a plateau (spec C6, informational instance made a property): tanh units saturated by scaling W₁
    /// by 20, so σ′ ≈ 0 and |Dᵀg|/|g| is small on a region the orbit must cross; the same window bound (3.9) holds, and
    /// the labels record how small ε got and how the standard flow's C(N)/C₀ compares with the adapted flow's e⁻².
    /// </summary>
    [Property(Arbitrary = [typeof(ChenArbitraries)], MaxTest = ChenArbitraries.FlowCases, MaxRejected = ChenArbitraries.FlowCases / Verdict.InconclusivePerChecked)]
    [Trait("Theorem", "CH.P3.1")]
    public Property Proposition3_1_ArcLength_Le_Eps_Mul_Time_Of_SaturatedPlateau(OverparametrisedInstance instance)
    {
        var network = new DeepNetwork(instance.Data.Inputs, instance.HiddenWidths, instance.Q, Activation.Tanh);
        var theta0 = instance.Theta0;
        var first = network.Layout["W1"];
        for (int i = 0; i < first.Count; i++)
        {
            theta0[first.Offset + i] *= Tolerances.SaturationScale;
        }
        var (_, smallestEpsilon, standardDecrease) = CheckWindows(instance.Data.Cost(network), network, theta0, 10.0 * instance.N);
        return Prop.ToProperty(true)
            .Classify(smallestEpsilon < Tolerances.PlateauRatio, "crossed a region with |Dᵀg| < 0.1|g|")
            .Classify(standardDecrease > Math.Exp(-2.0), "standard flow slower than adapted over [0, N]");
    }

    /// <summary>
    /// Runs the standard flow on [0, horizon] and checks (3.9) on every window of a 40-interval grid, with ε_ab the largest
    /// ratio |Dᵀg|/|g| on 10× finer samples of the window, and the operator-norm variant; returns the largest
    /// ℓ/bound, the smallest sampled ratio |Dᵀg|/|g|, and C(horizon/10)/C₀.
    /// </summary>
    private static (double Worst, double SmallestEpsilon, double Decrease) CheckWindows(
        SquaredErrorCost cost, DeepNetwork network, Vector<double> theta0, double horizon)
    {
        double kappa = cost.Kappa;
        var trajectory = new GradientFlow(cost).Solve(theta0, horizon, FineSamples, Tolerances.Flow);
        var points = trajectory.Points;
        var ratio = points.Select(p => p.Loss > 0 ? Math.Sqrt(p.GradientNormSquared / (2 * kappa * p.Loss)) : 0).ToArray();
        var operatorNorm = Enumerable.Range(0, points.Length).Where(i => i % (WindowStride / 2) == 0)
            .ToDictionary(i => i, i => new PenroseInverse(network.Jacobian(trajectory.StateAt(i))).LargestSingularValue);
        double worst = 0;
        for (int a = 0; a < points.Length - 1; a += WindowStride)
        {
            // A window that starts with C below the cost resolution measures integration noise: the explicit method's
            // stiff chatter around the limit has |θ′| > 0 and adds length (observed ℓ = 1.3·10⁻⁷ on a window with
            // C(s_a) ≈ 10⁻²⁰, finding CH-P3.1-floor), while the bound √(2C/N) → 0. Only resolved windows are asserted.
            if (points[a].Loss <= Tolerances.CostResolution(kappa, network.Outputs(trajectory.StateAt(a)).L2Norm()).Value)
            {
                break;
            }
            double epsilon = 0, operatorEpsilon = 0;
            for (int b = a + WindowStride; b < points.Length; b += WindowStride)
            {
                for (int i = b - WindowStride; i <= b; i++)
                {
                    epsilon = Math.Max(epsilon, ratio[i]);
                    if (operatorNorm.TryGetValue(i, out double norm))
                    {
                        operatorEpsilon = Math.Max(operatorEpsilon, norm);
                    }
                }
                double length = points[b].Length - points[a].Length;
                double time = points[b].Time - points[a].Time;
                double bound = TrappingTimeBound.MaximumArcLength(time, epsilon, points[a].Loss, kappa);
                Check.Le(length, bound, Tolerances.FlowInequality(bound) + Tolerances.IntegratedIdentity(points[a].Length),
                    $"ℓ({points[a].Time:G4}, {points[b].Time:G4}) ≤ ε·Δs·√(2C(s_a)/N) with ε = {epsilon:G4} (3.9)");
                double operatorBound = TrappingTimeBound.MaximumArcLength(time, operatorEpsilon, points[a].Loss, kappa);
                Check.Le(length, operatorBound, Tolerances.FlowInequality(operatorBound) + Tolerances.IntegratedIdentity(points[a].Length),
                    "the same with ε = max‖D‖_op");
                if (bound > 0)
                {
                    worst = Math.Max(worst, length / bound);
                }
            }
        }
        // Tightness: on short windows ε_ab → |Dᵀg|/|g| and C(s) → C(s_a), so ℓ/bound → 1 (the chain (3.9) is an equality
        // for a constant ratio). On the one-step windows of the fine grid, with ε the largest sampled ratio at the step and
        // its two neighbours, max ℓ/bound ≥ 1/2 catches a bound whose constant is doubled; the checks above catch a
        // halved one. (The sampled ε may miss a peak inside the step; that inflates ℓ/bound by far less than a factor 2.)
        double tightest = 0;
        for (int i = 0; i < points.Length - 1; i++)
        {
            if (points[i].Loss <= Tolerances.CostResolution(kappa, network.Outputs(trajectory.StateAt(i)).L2Norm()).Value)
            {
                break;
            }
            double epsilon = Math.Max(ratio[Math.Max(i - 1, 0)], Math.Max(ratio[i], Math.Max(ratio[i + 1], ratio[Math.Min(i + 2, points.Length - 1)])));
            double bound = TrappingTimeBound.MaximumArcLength(points[i + 1].Time - points[i].Time, epsilon, points[i].Loss, kappa);
            if (bound > 0)
            {
                tightest = Math.Max(tightest, (points[i + 1].Length - points[i].Length) / bound);
            }
        }
        Check.Le(Tolerances.TrappingTightness, tightest, new Tolerance(0, "exact comparison of a ratio"),
            "max over one-step windows of ℓ/(ε·Δs·√(2C(s_a)/N)): the bound (3.9) is approached");
        double smallest = ratio.Where(r => r > 0).DefaultIfEmpty(0).Min();
        return (worst, smallest, points[points.Length / 10].Loss / trajectory.InitialLoss);
    }

    /// <summary>Runs of the statistical Lemma 3.2 fact: half plain small networks, half with a duplicated input.</summary>
    private const int ReachedEquilibriumRuns = 12;

    /// <summary>
    /// Lemma 3.2, statistical form (spec C7(3)): the standard flow is run to s = 100N on 12 fixed-seed small tanh networks
    /// (M = 2, hidden [3], Q = 1, N = 3; half with a duplicated input and different labels, where every equilibrium is
    /// spurious). A run is stationary when |∇_θC| ≤ τ = 10⁻⁶|∇_θC(θ₀)|. At a stationary end, either C ≤ C_floor (a global
    /// minimum to resolution) or σ_QN/σ₁ &lt; r = 10⁻³ (rank loss). The floor C_floor = τ²/(2κ r²σ₁²) follows from
    /// |∇_θC| = |Dᵀg| ≥ σ_QN|g| and C = |g|²/(2κ), so a stationary, well-conditioned end with C above it would contradict
    /// the lemma: the false-alarm probability is 0 in exact arithmetic, and rounding (relative 10⁻¹⁴ in σ and C) moves
    /// the floor by far less than the factor 4 of slack. At least 4/5 of the runs must be stationary (the rest are
    /// inconclusive: slow plateaus).
    /// </summary>
    [Fact]
    [Trait("Theorem", "CH.L3.2s")]
    public void Lemma3_2_ReachedEquilibrium_RankLoss_Of_PositiveCost()
    {
        int stationary = 0, spurious = 0;
        for (int run = 0; run < ReachedEquilibriumRuns; run++)
        {
            NetworkInstance instance = run % 2 == 0
                ? new OverparametrisedInstance(2, [3], 1, 3, 0, 3110 + run)
                : new DuplicateInputInstance(2, [3], 1, 3, 2, 0, 3110 + run);
            var cost = instance.Cost;
            double tau = Tolerances.ReachedStationaryGradient * cost.Gradient(instance.Theta0).L2Norm();
            var thetaEnd = new GradientFlow(cost).Solve(instance.Theta0, 100.0 * instance.N, 2, Tolerances.Flow).FinalState;
            if (cost.Gradient(thetaEnd).L2Norm() > tau)
            {
                continue;
            }
            stationary++;
            var inverse = new PenroseInverse(instance.Network.Jacobian(thetaEnd));
            double sigma1 = inverse.LargestSingularValue, sigmaQN = inverse.SingularValues[instance.QN - 1];
            double kappa = 1.0 / instance.N, r = Tolerances.ReachedRankLossRatio;
            double floor = 4 * tau * tau / (2 * kappa * r * r * sigma1 * sigma1);
            double c = cost.Value(thetaEnd);
            Check.That(c <= floor || sigmaQN < r * sigma1,
                $"run {run}: stationary end with C = {c:G3} > C_floor = {floor:G3} and σ_QN/σ₁ = {sigmaQN / sigma1:G3} ≥ {r} (Lemma 3.2)");
            spurious += c > floor ? 1 : 0;
        }
        Check.That(stationary >= Verdict.ConclusiveFraction * ReachedEquilibriumRuns,
            $"{stationary} of {ReachedEquilibriumRuns} runs stationary at 100N; at least 4/5 needed");
        Check.That(spurious >= 1, $"at least one spurious equilibrium reached (got {spurious}): the duplicate-input runs must give one");
    }

    /// <summary>
    /// Lemma 3.2: an equilibrium of the standard flow that is not a global minimum has rank D &lt; QN (3.10). On the
    /// explicit family W₁ = 0, W_{L+1} = 0, b_{L+1} = mean label (spec C7(1)): ∇_θC = 0 to rounding, C &gt; 0, and
    /// rank D = Q &lt; QN.
    /// </summary>
    [Property(Arbitrary = [typeof(ChenArbitraries)])]
    [Trait("Theorem", "CH.L3.2")]
    public void Lemma3_2_Rank_Lt_QN_Of_SpuriousEquilibrium(OverparametrisedInstance instance)
    {
        var cost = instance.Cost;
        var theta = SpuriousEquilibrium.Construct(instance);
        var D = instance.Network.Jacobian(theta);
        var g = cost.OutputGradient(theta);
        var gradient = cost.Gradient(theta);
        Check.Close(gradient.L2Norm(), 0, Tolerances.Rounding(D.FrobeniusNorm() * g.L2Norm(), 16 * instance.K), "|∇_θC| at the equilibrium");
        Check.Lt(0, cost.Value(theta), "C > 0: not a global minimum");
        int rank = new PenroseInverse(D).Rank;
        Check.That(rank == instance.Q && rank < instance.QN, $"rank D = {rank}; expected Q = {instance.Q} < QN = {instance.QN}");
    }
}
