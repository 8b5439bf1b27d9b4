using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GradientFlows.Flows;
using GradientFlows.Geometry;
using GradientFlows.Proofs.Generators;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.Chen2311;

/// <summary>
/// Chen &amp; Muñoz Ewald (arXiv 2408.01517) §2 (spec §9): the unified adapted flow (Lemma 2.2, (2.24)–(2.28)), the
/// homotopy between standard and adapted flows (Theorem 2.3, family A and family B) and the reparametrisation to
/// linear interpolation in output space.
/// </summary>
public sealed class Cme_InterpolationFlows
{
    private static readonly double[] Alphas = [0, 0.3, 0.5, 0.7, 1];

    /// <summary>
    /// CME Lemma 2.2 and (2.24)–(2.28): Dᵀ(DDᵀ)⁺g = D⁺g = (DᵀD)⁺Dᵀg at full rank, under rank loss and for tall D (every
    /// regime), wherever the numerical rank is well separated (σ_r/σ₁ ≥ ρ, σ_{r+1}/σ₁ ≤ 10⁻¹³); and
    /// DDᵀ(DDᵀ)⁺ = P_out (2.25).
    /// </summary>
    [Property(Arbitrary = [typeof(ChenArbitraries)])]
    [Trait("Theorem", "CME.L2.2")]
    public Property CmeLemma2_2_AdaptedField_Unified(AnyNetworkInstance instance)
    {
        var theta = instance.Theta0;
        var D = instance.Network.Jacobian(theta);
        var g = instance.Cost.OutputGradient(theta);
        var geometry = new OutputGeometry(D, g);
        var inverse = geometry.Inverse;
        if (inverse.Rank == 0 || !GuardedFlowRun.ConstantRank(inverse.Rank).Contains(geometry))
        {
            return Verdict.Inconclusive("rank not separated");
        }
        double condition = inverse.LargestSingularValue / inverse.SingularValues[inverse.Rank - 1];
        var reference = inverse.Apply(g);
        var kernel = D.TransposeAndMultiply(D);
        var kernelInverse = new PenroseInverse(kernel);
        var tol = Tolerances.KernelSolve(reference.L2Norm() + g.L2Norm() / inverse.LargestSingularValue, condition);
        Check.Close(D.TransposeThisAndMultiply(kernelInverse.Apply(g)).ToArray(), reference.ToArray(), tol, "Dᵀ(DDᵀ)⁺g = D⁺g (2.26)");
        var gram = new PenroseInverse(D.TransposeThisAndMultiply(D));
        Check.Close(gram.Apply(D.TransposeThisAndMultiply(g)).ToArray(), reference.ToArray(), tol, "(DᵀD)⁺Dᵀg = D⁺g");
        Check.Close((kernel * kernelInverse.Apply(g)).ToArray(), inverse.ProjectOutput(g).ToArray(),
            Tolerances.KernelSolve(g.L2Norm(), condition), "DDᵀ(DDᵀ)⁺g = P_out g (2.25)");
        return Prop.ToProperty(true)
            .Classify(inverse.Rank == instance.QN && instance.K >= instance.QN, "full row rank")
            .Classify(inverse.Rank < Math.Min(instance.QN, instance.K), "rank-deficient")
            .Classify(instance.K < instance.QN && inverse.Rank == instance.K, "tall, full column rank");
    }

    /// <summary>
    /// CME Theorem 2.3 for both families (spec §9): V₀ = −Dᵀg and V₁ = −D⁺g; family A is affine in α
    /// (V_½ = (V₀ + V₁)/2); dC/ds = ∇_θC·V_α equals −(1 − α)|Dᵀg|² − α|P_out g|² (A) and −Σᵢσᵢ^{2(1−α)}(uᵢ·g)² (B), so
    /// it is ≤ 0; every V_α is nonzero at a non-equilibrium and zero at the spurious equilibria of Lemma 3.2 (same zero
    /// set).
    /// </summary>
    [Property(Arbitrary = [typeof(ChenArbitraries)])]
    [Trait("Theorem", "CME.T2.3")]
    public Property CmeTheorem2_3_ZeroSet_Eq_Of_Interpolation(OverparametrisedInstance instance)
    {
        var cost = instance.Cost;
        var theta = instance.Theta0;
        var geometry = new OutputGeometry(instance.Network.Jacobian(theta), cost.OutputGradient(theta));
        var inverse = geometry.Inverse;
        if (!GuardedFlowRun.ConstantRank(inverse.Rank).Contains(geometry))
        {
            return Verdict.Inconclusive("rank not separated");
        }
        double condition = inverse.LargestSingularValue / inverse.SingularValues[inverse.Rank - 1];
        var g = geometry.G;
        var standard = -geometry.TransposeTimes(g);
        var adapted = -inverse.Apply(g);
        var gradient = -standard;
        var basis = inverse.OutputBasis!;
        var coefficients = basis.TransposeThisAndMultiply(g);
        double scale = adapted.L2Norm() + standard.L2Norm();
        foreach (var family in new[] { InterpolationFamily.Linear, InterpolationFamily.Spectral })
        {
            foreach (double alpha in Alphas)
            {
                var v = new InterpolatingFlow(cost, alpha, family).Velocity(geometry);
                var tol = Tolerances.Algebraic(scale, condition);
                if (alpha == 0)
                {
                    Check.Close(v.ToArray(), standard.ToArray(), tol, $"{family}: V₀ = −Dᵀg");
                }
                if (alpha == 1)
                {
                    Check.Close(v.ToArray(), adapted.ToArray(), tol, $"{family}: V₁ = −D⁺g");
                }
                if (family == InterpolationFamily.Linear && alpha == 0.5)
                {
                    Check.Close(v.ToArray(), (0.5 * (standard + adapted)).ToArray(), tol, "family A: V_½ = (V₀ + V₁)/2");
                }
                double rate = gradient.DotProduct(v);
                double predicted = family == InterpolationFamily.Linear
                    ? -(1 - alpha) * gradient.DotProduct(gradient) - alpha * coefficients.DotProduct(coefficients)
                    : -Enumerable.Range(0, inverse.Rank).Sum(i =>
                        Math.Pow(inverse.SingularValues[i], 2 * (1 - alpha)) * coefficients[i] * coefficients[i]);
                var rateTol = Tolerances.Algebraic(gradient.L2Norm() * scale, condition);
                Check.Close(rate, predicted, rateTol, $"{family}, α = {alpha}: dC/ds closed form");
                Check.Le(rate, 0, rateTol, $"{family}, α = {alpha}: dC/ds ≤ 0");
                Check.Lt(0, v.L2Norm(), $"{family}, α = {alpha}: V_α ≠ 0 at a non-equilibrium");
            }
        }

        var equilibrium = SpuriousEquilibrium.Construct(instance);
        var atEquilibrium = new OutputGeometry(instance.Network.Jacobian(equilibrium), cost.OutputGradient(equilibrium));
        double floor = atEquilibrium.Inverse.LargestSingularValue * atEquilibrium.G.L2Norm();
        foreach (var family in new[] { InterpolationFamily.Linear, InterpolationFamily.Spectral })
        {
            foreach (double alpha in Alphas)
            {
                var v = new InterpolatingFlow(cost, alpha, family).Velocity(atEquilibrium);
                double sigmaQ = atEquilibrium.Inverse.SingularValues[atEquilibrium.Inverse.Rank - 1];
                Check.Close(v.L2Norm(), 0, Tolerances.Algebraic(floor / (sigmaQ * sigmaQ) + floor, 1),
                    $"{family}, α = {alpha}: V_α = 0 at the spurious equilibrium");
            }
        }
        return Prop.ToProperty(true).Classify(inverse.Rank == instance.QN, "full rank at θ₀");
    }

    /// <summary>
    /// CME linear interpolation (spec §9): with t = 1 − e^{−s/N}, θ̃ solves ∂ₜθ̃ = D⁺(y − x₀), and while rank D = QN the
    /// outputs lie on the straight line x(t) = (1 − t)x₀ + ty, checked on t ∈ [0, min(t_stop, 0.95)] (regime (ii)); the
    /// point at t equals the adapted flow's point at s = −N ln(1 − t) (checked at t = 0.5).
    /// </summary>
    [Property(Arbitrary = [typeof(ChenArbitraries)], MaxTest = ChenArbitraries.FlowCases, MaxRejected = ChenArbitraries.FlowCases / Verdict.InconclusivePerChecked)]
    [Trait("Theorem", "CME.LI")]
    public Property Cme_LinearInterpolation_Of_FullRank(OverparametrisedInstance instance)
    {
        var cost = instance.Cost;
        var theta0 = instance.Theta0;
        var network = instance.Network;
        var x0 = network.Outputs(theta0);
        var flow = new LinearInterpolationFlow(cost, x0);
        if (!GuardedFlowRun.FullRank.Contains(flow.GeometryAt(theta0)))
        {
            return Verdict.Inconclusive("σ_min/σ_max < ρ at θ₀");
        }
        // The t-ODE has unit time scale on [0, 1): the step budget's κ is 1.
        var run = new GuardedFlowRun(flow, theta0, 0.95, 20, 1.0, GuardedFlowRun.FullRank);
        var y = instance.Data.Targets;
        var tol = Tolerances.ExactFlow((x0 - y).L2Norm());
        for (int i = 0; i < run.States.Length; i++)
        {
            double t = run.Times[i];
            Check.Close(network.Outputs(run.States[i]).ToArray(), ((1 - t) * x0 + t * y).ToArray(), tol, $"x(t = {t:G3}) on the line");
        }
        var half = new GuardedFlowRun(flow, theta0, 0.5, 2, 1.0, GuardedFlowRun.FullRank);
        double s = -instance.N * Math.Log(0.5);
        var adapted = new GuardedFlowRun(new AdaptedFlow(cost), theta0, s, 2, 1.0 / instance.N, GuardedFlowRun.FullRank);
        bool linked = !half.Stopped && !adapted.Stopped;
        if (linked)
        {
            Check.Close(LinearInterpolationFlow.InterpolationTime(s, instance.Data.Kappa), 0.5, Tolerances.Rounding(1),
                "t(s) = 1 − e^(−s/N) = 0.5");
            Check.Close(network.Outputs(half.States[^1]).ToArray(), network.Outputs(adapted.States[^1]).ToArray(), tol,
                "x(θ̃(0.5)) = x(θ(N ln 2))");
        }
        return Verdict.FlowChecked(run.SamplesAfterStart, "rank event at t = 0").Classify(run.Stopped, "rank loss before t = 0.95 (checked on [0, t_stop))");
    }

    /// <summary>
    /// CME linear interpolation under rank loss (spec §9, "rank-deficient deviation", constant-range case): with duplicate
    /// inputs and rank D = Qm constant, ∂ₜθ̃ = D⁺(y − x₀) moves the outputs on the straight line
    /// x(t) = (1 − t)x₀ + t·P_S y toward the projected target, on t ∈ [0, min(t_stop, 0.95)].
    /// </summary>
    [Property(Arbitrary = [typeof(ChenArbitraries)], MaxTest = ChenArbitraries.FlowCases, MaxRejected = ChenArbitraries.FlowCases / Verdict.InconclusivePerChecked)]
    [Trait("Theorem", "CME.LI")]
    public Property Cme_LinearInterpolation_Eq_ProjectedLine_Of_DuplicateInputs(DuplicateInputInstance instance)
    {
        var cost = instance.Cost;
        var theta0 = instance.Theta0;
        var network = instance.Network;
        var x0 = network.Outputs(theta0);
        var flow = new LinearInterpolationFlow(cost, x0, allowRankLoss: true);
        var region = GuardedFlowRun.ConstantRank(instance.GenericRank);
        if (!region.Contains(flow.GeometryAt(theta0)))
        {
            return Verdict.Inconclusive("rank not the generic Qm at θ₀");
        }
        var run = new GuardedFlowRun(flow, theta0, 0.95, 20, 1.0, region);
        var yS = DuplicateInputOracle.ProjectedTargets(instance);
        var tol = Tolerances.ExactFlow((x0 - instance.Data.Targets).L2Norm());
        for (int i = 0; i < run.States.Length; i++)
        {
            double t = run.Times[i];
            Check.Close(network.Outputs(run.States[i]).ToArray(), ((1 - t) * x0 + t * yS).ToArray(), tol,
                $"x(t = {t:G3}) on the line toward P_S y");
        }
        return Verdict.FlowChecked(run.SamplesAfterStart, "left the constant-rank region at t = 0")
            .Classify(run.Stopped, "left the constant-rank region before t = 0.95 (checked on [0, t_stop))");
    }
}
