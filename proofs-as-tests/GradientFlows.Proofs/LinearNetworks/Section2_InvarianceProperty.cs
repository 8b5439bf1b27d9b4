using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GradientFlows.Flows;
using GradientFlows.Proofs.Generators;
using GradientFlows.Theory.LinearNetworks;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.LinearNetworks;

/// <summary>
/// Linear-networks spec §2 (C1, CLC's "key invariance property"): Dᵢ = Wᵢ₊₁ᵀWᵢ₊₁ − WᵢWᵢᵀ is constant along the gradient
/// flow for any data and depth; its exact change under one GD step is η²(Gᵢ₊₁ᵀGᵢ₊₁ − GᵢGᵢᵀ); and the part of W₁ acting
/// on range(X)^⊥ never moves.
/// </summary>
public sealed class Section2_InvarianceProperty
{
    /// <summary>Flow horizon T = 4 of the C1 flow property: long enough for O(1) motion of the weights at unit data scale.</summary>
    private const double Horizon = 4.0;

    /// <summary>
    /// §2 key identity: Wᵢ₊₁ᵀ∇_{Wᵢ₊₁}L = (∇_{Wᵢ}L)Wᵢᵀ at every point, any depth H ≥ 1 (H = 0 has no pair of layers), any
    /// rank of X.
    /// </summary>
    [Property(Arbitrary = [typeof(HiddenLayerLinearArbitraries)])]
    [Trait("Theorem", "LN.C1")]
    public Property C1_KeyIdentity_Eq_Zero(LinearNetworkInstance instance)
    {
        var point = new LinearNetworkPoint(instance.Network, instance.Loss, instance.Theta0);
        var residuals = LayerImbalance.KeyIdentityResidual(point.Weights, point.Gradients);
        var tol = Tolerances.LinearAlgebraRounding(point.MaxWeightNorm * Math.Sqrt(point.GradientNormSq), point.MaxWidth);
        for (int i = 0; i < residuals.Length; i++)
        {
            Check.Le(residuals[i].FrobeniusNorm(), 0, tol, $"‖W{i + 2}ᵀG{i + 2} − G{i + 1}W{i + 1}ᵀ‖_F = 0");
        }
        return Verdict.Checked().Classify(instance.Rank == InputRank.RankDeficient, "rank-deficient X");
    }

    /// <summary>
    /// §2 C1 along the flow: maxₜ‖Dᵢ(t) − Dᵢ(0)‖_F ≤ tol_D on [0, 4], tol_D = 2(2‖W‖ε_W + ε_W²) + roundoff with ε_W the
    /// integrator's global error, estimated as 10× the distance between runs at rtol 10⁻⁸ and 10⁻¹⁰ (spec §9). H ≥ 1.
    /// </summary>
    [Property(Arbitrary = [typeof(HiddenLayerLinearArbitraries)], MaxTest = 40, MaxRejected = 40 / Verdict.InconclusivePerChecked)]
    [Trait("Theorem", "LN.C1")]
    public Property C1_Imbalance_Eq_Initial_Of_GradientFlow(LinearNetworkInstance instance)
    {
        // 40 cases: each integrates the flow twice (coarse and fine) for the error estimate.
        var network = instance.Network;
        var fine = LinearFlowRun.Integrate(instance.Loss, instance.Theta0, Horizon, 21, Tolerances.LinearFlowFine);
        var coarse = LinearFlowRun.Integrate(instance.Loss, instance.Theta0, Horizon, 21, Tolerances.LinearFlowCoarse);
        var D0 = LayerImbalance.Of(network.Weights(instance.Theta0));
        double moved = 0;
        double errorW = ThetaError(fine, coarse);
        for (int s = 0; s < fine.Points.Length; s++)
        {
            var theta = fine.StateAt(s);
            var point = new LinearNetworkPoint(network, instance.Loss, theta);
            var tol = Tolerances.QuadraticOfWeights(errorW, point.MaxWeightNorm, point.WeightNormSq);
            var D = LayerImbalance.Of(point.Weights);
            for (int i = 0; i < D.Length; i++)
            {
                Check.Le((D[i] - D0[i]).FrobeniusNorm(), 0, tol, $"‖D{i + 1}(t) − D{i + 1}(0)‖_F at t = {fine.Points[s].Time:G4}");
            }
            moved = Math.Max(moved, (theta - instance.Theta0).L2Norm());
        }
        return Verdict.FlowChecked(fine.Points.Length - 1, "C1 along the flow")
            .Classify(instance.Rank == InputRank.RankDeficient, "rank-deficient X")
            .Classify(moved > 1, "weights moved by more than 1");
    }

    /// <summary>
    /// §2 C1-GD (= §7.1 GD-1): Dᵢᵏ⁺¹ − Dᵢᵏ = η²(Gᵢ₊₁ᵀGᵢ₊₁ − GᵢGᵢᵀ) exactly, η log-uniform in [10⁻³, 10⁻¹], to roundoff
    /// 64ε(Σ‖Wⱼ‖² + η²Σ‖Gⱼ‖²). H ≥ 1.
    /// </summary>
    [Property(Arbitrary = [typeof(HiddenLayerLinearArbitraries)])]
    [Trait("Theorem", "LN.C1.GD")]
    public void C1GD_ImbalanceIncrement_Eq_EtaSq_Mul_GradientImbalance(LinearNetworkInstance instance)
    {
        var network = instance.Network;
        var loss = instance.Loss;
        double eta = Gaussian.LogUniform(instance.Auxiliary, -3, -1);
        var before = new LinearNetworkPoint(network, loss, instance.Theta0);
        var after = network.Weights(before.Theta - eta * before.Gradient);
        var D0 = LayerImbalance.Of(before.Weights);
        var D1 = LayerImbalance.Of(after);
        var increment = LayerImbalance.GradientDescentIncrement(before.Gradients, eta);
        var tol = Tolerances.LinearAlgebraRounding(before.WeightNormSq + eta * eta * before.GradientNormSq, before.MaxWidth);
        for (int i = 0; i < D0.Length; i++)
        {
            Check.Close((D1[i] - D0[i]).Enumerate().ToArray(), increment[i].Enumerate().ToArray(), tol,
                $"D{i + 1}ᵏ⁺¹ − D{i + 1}ᵏ = η²(G{i + 2}ᵀG{i + 2} − G{i + 1}G{i + 1}ᵀ), η = {eta:G4}");
        }
    }

    /// <summary>
    /// §2 C1-GD, order: the one-step drift ‖ΔD‖ scales exactly as η². Halving η = 0.05 must give the measured order
    /// log₂(drift(η)/drift(η/2)) = 2 within the roundoff of the two drifts (propagated: 2·Σ rel. error / ln 2). H ≥ 1;
    /// a drift at roundoff level (Gᵢ₊₁ᵀGᵢ₊₁ ≈ GᵢGᵢᵀ) has no measurable order and is inconclusive.
    /// </summary>
    [Property(Arbitrary = [typeof(HiddenLayerLinearArbitraries)])]
    [Trait("Theorem", "LN.C1.GD")]
    public Property C1GD_DriftOrder_Eq_Two(LinearNetworkInstance instance)
    {
        var network = instance.Network;
        var loss = instance.Loss;
        var point = new LinearNetworkPoint(network, loss, instance.Theta0);
        var D0 = LayerImbalance.Of(point.Weights);
        const double eta = 0.05;
        double Drift(double step)
        {
            var D1 = LayerImbalance.Of(network.Weights(point.Theta - step * point.Gradient));
            return Math.Sqrt(D1.Select((d, i) => Math.Pow((d - D0[i]).FrobeniusNorm(), 2)).Sum());
        }
        double full = Drift(eta), half = Drift(eta / 2);
        double roundoff = Tolerances.LinearAlgebraRounding(point.WeightNormSq + eta * eta * point.GradientNormSq, point.MaxWidth).Value;
        if (half <= Tolerances.DriftResolvedFactor * roundoff)
        {
            return Verdict.Inconclusive("drift at roundoff level");
        }
        double order = Math.Log2(full / half);
        double relative = roundoff / full + roundoff / half;
        Check.Close(order, 2, new Tolerance(2 * relative / Math.Log(2), $"2·({relative:G3} relative roundoff)/ln 2"),
            $"measured order log₂(drift(η)/drift(η/2)) with drift(η) = {full:G6}, drift(η/2) = {half:G6}");
        return Verdict.Checked();
    }

    /// <summary>
    /// §2 C1-frozen: with rank-deficient X and P_⊥ the projector onto range(X)^⊥, ∇_{W₁}L·P_⊥ = 0, so W₁P_⊥ is unchanged
    /// by 100 gradient-descent steps (Armijo steps from η₀ = 0.1, so that GD cannot diverge; to accumulated roundoff) and by
    /// the integrated flow (also to accumulated roundoff: a Runge–Kutta method preserves linear invariants exactly).
    /// </summary>
    [Property(Arbitrary = [typeof(RankDeficientLinearArbitraries)], MaxTest = 25, MaxRejected = 25 / Verdict.InconclusivePerChecked)]
    [Trait("Theorem", "LN.C1.Frozen")]
    public Property C1Frozen_FirstLayerMulComplement_Eq_Initial(LinearNetworkInstance instance)
    {
        // 25 cases: each runs 100 Armijo steps and two flows. The registry draws d_x ≥ 2, so X is rank-deficient.
        Check.That(instance.Rank == InputRank.RankDeficient, $"the registry draws rank-deficient X: {instance}");
        var network = instance.Network;
        var loss = instance.Loss;
        var Q = instance.Estimator.InputRangeBasis;
        var P = Matrix<double>.Build.DenseIdentity(Q.RowCount) - Q * Q.Transpose();
        var frozen0 = network.Weights(instance.Theta0)[0] * P;
        var point = new LinearNetworkPoint(network, loss, instance.Theta0);
        Check.Le((point.Gradients[0] * P).FrobeniusNorm(), 0,
            Tolerances.LinearAlgebraRounding(Math.Sqrt(point.GradientNormSq) + 1, instance.SampleCount + point.MaxWidth),
            "‖∇_{W₁}L·P_⊥‖_F = 0");

        const int steps = 100;
        var run = ArmijoGradientDescent.Run(loss, instance.Theta0, 0.1, steps);
        double weightScale = run.Iterates.Max(t => t.L2Norm());
        var gdTol = Tolerances.LinearAlgebraRounding(steps * weightScale, instance.SampleCount + point.MaxWidth);
        var frozenGD = network.Weights(run.Iterates[^1])[0] * P;
        Check.Le((frozenGD - frozen0).FrobeniusNorm(), 0, gdTol, $"‖W₁ᵏP_⊥ − W₁⁰P_⊥‖_F after {steps} GD steps");

        // W₁P_⊥ is a linear invariant of the flow, and a Runge–Kutta step preserves linear invariants exactly
        // (Hairer–Lubich–Wanner, Geometric Numerical Integration, Thm IV.1.5): every stage derivative has P_⊥-part 0, so
        // the integrator's truncation error does not enter and only rounding does, accumulated over the accepted steps
        // in the same form as the GD check above (each step adds h·Σbᵢkᵢ with h‖∇²L‖ inside the stability region).
        var fine = LinearFlowRun.Integrate(loss, instance.Theta0, Horizon, 21, Tolerances.LinearFlowFine);
        int flowSteps = fine.Integration.AcceptedSteps;
        double flowScale = Enumerable.Range(0, fine.Points.Length).Max(k => fine.StateAt(k).L2Norm());
        var flowRounding = Tolerances.LinearAlgebraRounding(flowSteps * flowScale, instance.SampleCount + point.MaxWidth);
        var frozenFlow = network.Weights(fine.FinalState)[0] * P;
        Check.Le((frozenFlow - frozen0).FrobeniusNorm(), 0,
            new Tolerance(flowRounding.Value, $"{flowRounding.Derivation}: rounding only, RK preserves the linear invariant"),
            $"‖W₁(T)P_⊥ − W₁(0)P_⊥‖_F after {flowSteps} flow steps, T = {Horizon}");
        return Verdict.Checked().Classify(instance.HiddenLayers == 0, "H = 0");
    }

    /// <summary>ε_W = 10·maxₜ‖θ_coarse(t) − θ_fine(t)‖ over the samples (<see cref="Tolerances.GlobalErrorEstimate"/>).</summary>
    internal static double ThetaError(FlowTrajectory fine, FlowTrajectory coarse) =>
        Tolerances.GlobalErrorEstimate(
            Enumerable.Range(0, fine.Points.Length).Max(k => (coarse.StateAt(k) - fine.StateAt(k)).L2Norm()),
            Enumerable.Range(0, fine.Points.Length).Max(k => fine.StateAt(k).L2Norm()));

    /// <summary>§2 edge case: zero initialisation (H ≥ 1) is a critical point with D = 0, and nothing moves under GD.</summary>
    [Property(Arbitrary = [typeof(HiddenLayerLinearArbitraries)])]
    [Trait("Theorem", "LN.C1")]
    public void C1_Imbalance_Eq_Zero_Of_ZeroInitialisation(LinearNetworkInstance instance)
    {
        var loss = instance.Loss;
        var zero = Vector<double>.Build.Dense(loss.Dimension);
        var run = GradientDescent.Run(loss, zero, 0.1, 10);
        Check.That(run.Iterates[^1].All(v => v == 0), "GD from θ = 0 stays at 0 when H ≥ 1 (0 is critical)");
        Check.That(LayerImbalance.Of(instance.Network.Weights(zero)).All(d => d.Enumerate().All(v => v == 0)), "D(0) = 0");
    }
}
