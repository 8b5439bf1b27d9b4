using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GradientFlows.Flows;
using GradientFlows.Models;
using GradientFlows.Proofs.Generators;
using GradientFlows.Theory.LinearNetworks;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.LinearNetworks;

/// <summary>
/// Linear-networks spec §7.4 (Du, Hu &amp; Lee): for positively homogeneous activations (here ReLU, on
/// <see cref="TwoLayerReluNetwork"/> y = Nσ(Mx), incoming M, outgoing N) the per-neuron imbalance
/// δᵢ = ‖M[i,:]‖² − ‖N[:,i]‖² has zero derivative along the flow (D1), its sum over units does too (D2), and one GD step
/// changes δᵢ by exactly η²(‖G_M[i,:]‖² − ‖G_N[:,i]‖²) (D-GD). The ReLU flow is tested through GD with η → 0 (G10).
/// </summary>
public sealed class Section7_4_DuHuLeeBalancedness
{
    /// <summary>
    /// D1 identity (DHL Thm 2.1): ⟨M[i,:], ∇_M f[i,:]⟩ = ⟨N[:,i], ∇_N f[:,i]⟩ for every hidden unit, at He-initialised
    /// ReLU networks with k ≤ 256, to roundoff. Also D2: the sum over units, ⟨M, ∇_M f⟩ = ⟨N, ∇_N f⟩.
    /// </summary>
    [Property(Arbitrary = [typeof(Arbitraries)])]
    [Trait("Theorem", "LN.D1")]
    public Property D1_IncomingInner_Eq_OutgoingInner_Of_Relu(ReluInstance instance)
    {
        var (M, N, GM, GN) = Blocks(instance, instance.W0);
        var residual = NeuronImbalance.IdentityResidual(M, N, GM, GN);
        double scale = (M.FrobeniusNorm() * GM.FrobeniusNorm() + N.FrobeniusNorm() * GN.FrobeniusNorm());
        var tol = Tolerances.LinearAlgebraRounding(scale, instance.M + instance.N);
        Check.Le(residual.AbsoluteMaximum(), 0, tol, "max over units |⟨M[i,:], G_M[i,:]⟩ − ⟨N[:,i], G_N[:,i]⟩|");
        double perLayer = M.PointwiseMultiply(GM).Enumerate().Sum() - N.PointwiseMultiply(GN).Enumerate().Sum();
        Check.Le(Math.Abs(perLayer), 0, Tolerances.LinearAlgebraRounding(scale, instance.K * (instance.M + instance.N)),
            "D2: ⟨M, ∇_M f⟩ = ⟨N, ∇_N f⟩");
        int dead = instance.Network.Forward(instance.W0).A.Count(a => a <= 0);
        return Verdict.Checked().Classify(dead > 0, "some units inactive");
    }

    /// <summary>
    /// D-GD (derived, exact): one GD step with η log-uniform in [10⁻³, 10⁻¹] changes δᵢ by η²(‖G_M[i,:]‖² − ‖G_N[:,i]‖²)
    /// and the per-layer imbalance ‖M‖² − ‖N‖² by η²(‖G_M‖² − ‖G_N‖²), to roundoff.
    /// </summary>
    [Property(Arbitrary = [typeof(Arbitraries)])]
    [Trait("Theorem", "LN.DGD")]
    public void DGD_NeuronImbalanceIncrement_Eq_EtaSq_Mul_GradientImbalance(ReluInstance instance)
    {
        double eta = Gaussian.LogUniform(instance.Auxiliary, -3, -1);
        var w0 = instance.W0;
        var (M, N, GM, GN) = Blocks(instance, w0);
        var w1 = w0 - eta * instance.Loss.Gradient(w0);
        var layout = instance.Network.Layout;
        var delta0 = NeuronImbalance.Of(M, N);
        var delta1 = NeuronImbalance.Of(layout.Read(w1, "M"), layout.Read(w1, "N"));
        var increment = NeuronImbalance.GradientDescentIncrement(GM, GN, eta);
        double scale = Math.Pow(M.FrobeniusNorm(), 2) + Math.Pow(N.FrobeniusNorm(), 2)
            + eta * eta * (Math.Pow(GM.FrobeniusNorm(), 2) + Math.Pow(GN.FrobeniusNorm(), 2));
        var tol = Tolerances.LinearAlgebraRounding(scale, instance.M + instance.N);
        Check.Close((delta1 - delta0).ToArray(), increment.ToArray(), tol, $"Δδᵢ = η²(‖G_M[i,:]‖² − ‖G_N[:,i]‖²), η = {eta:G3}");
        Check.Close((delta1 - delta0).Sum(), increment.Sum(), Tolerances.LinearAlgebraRounding(scale, instance.K * (instance.M + instance.N)),
            "D2-GD: Δ(‖M‖² − ‖N‖²) = η²(‖G_M‖² − ‖G_N‖²)");
    }

    /// <summary>
    /// D1 for the flow, through GD with η → 0 (spec §7.4, G10: the ReLU flow is discontinuous, so the exact GD identity is
    /// primary). Summing D-GD over the K = T/η steps and using ‖G_M[i,:]‖² + ‖G_N[:,i]‖² ≤ ‖g_k‖² gives the rigorous
    /// O(η) bound maxᵢ|δᵢ(T) − δᵢ(0)| ≤ η·E_η(T), with E_η(T) = Σ_k η‖g_k‖² the GD path energy (≤ f(0)/(1 − ℒη/2)); it is
    /// asserted for η₀ = 0.1/‖∇²f(w₀)‖₂, η₀/2, η₀/4 over T = 50η₀. The measured order log₂(drift(η)/drift(η/2)) is only
    /// classified: it was 1.26 on ReluInstance(n=5, k=3, m=4, seed=436788470, x Normalised), where the signed integrand
    /// ‖G_M[i,:]‖² − ‖G_N[:,i]‖² nearly cancels over [0, T] and the O(η²) term dominates (erratum LN-DHL-order). 25 cases.
    /// </summary>
    [Property(Arbitrary = [typeof(FlowArbitraries)], MaxTest = 25, MaxRejected = 25 / Verdict.InconclusivePerChecked)]
    [Trait("Theorem", "LN.D1")]
    public Property D1_ImbalanceDrift_Le_Eta_Mul_Energy_Of_GradientDescent(ReluInstance instance)
    {
        var layout = instance.Network.Layout;
        var w0 = instance.W0;
        var delta0 = NeuronImbalance.Of(layout.Read(w0, "M"), layout.Read(w0, "N"));
        double curvature = new Hessian(instance.Loss, w0).Norm;
        if (curvature == 0)
        {
            return Verdict.Inconclusive("flat start (Hessian 0)");
        }
        double eta0 = Tolerances.ShadowingStepFraction / curvature;
        const int baseSteps = 50;
        var drifts = new double[3];
        for (int h = 0; h < 3; h++)
        {
            double eta = eta0 / (1 << h);
            var run = GradientDescent.Run(instance.Loss, w0, eta, baseSteps << h);
            var w = run.Iterates[^1];
            drifts[h] = (NeuronImbalance.Of(layout.Read(w, "M"), layout.Read(w, "N")) - delta0).AbsoluteMaximum();
            double energy = run.Steps[^1].Energy;
            var tol = Tolerances.LinearAlgebraRounding(Math.Max(1, w0.DotProduct(w0)), instance.M + instance.N + (baseSteps << h));
            Check.Le(drifts[h], NeuronImbalance.GradientDescentDriftBound(eta, energy), tol,
                $"maxᵢ|δᵢ(T) − δᵢ(0)| ≤ η·E_η(T) at η = {eta:G3}, E = {energy:G3}");
        }
        bool firstOrder = Enumerable.Range(0, 2).All(h =>
            Math.Abs(Math.Log2(drifts[h] / drifts[h + 1]) - 1) <= Tolerances.ShadowingSlopeSlack);
        return Verdict.Checked().Classify(firstOrder, "measured drift order 1 ± 0.15").Classify(!firstOrder, "order outside 1 ± 0.15 (cancellation)");
    }

    /// <summary>
    /// D1's drift bound is approached: one hidden unit, one output, x = (X, 0) with X ∈ {10, 100, 1000} and incoming
    /// weights M = (a/X, 1) so that the pre-activation a = 0.1 stays small while ‖x‖ is large. Then the gradient of N is
    /// ŷb = ŷa and that of M is N̂ᵀŷ·xᵀ, of size |ŷ|X: the incoming share is 1 − O(a²/X²), and over 50 steps with
    /// η = 10⁻²/X² the drift of δ reaches 0.998 of η·E_η(T) already at X = 10 (measured). Checked:
    /// 0.99·bound ≤ drift ≤ bound, so a bound halved or doubled fails.
    /// </summary>
    [Fact]
    [Trait("Theorem", "LN.D1")]
    public void D1_ImbalanceDrift_Eq_Bound_Of_IncomingDominatedGradient()
    {
        foreach (double X in new[] { 10.0, 100.0, 1000.0 })
        {
            var network = new TwoLayerReluNetwork(1, 1, Vector<double>.Build.Dense([X, 0.0]));
            var w0 = network.Layout.Assemble(Matrix<double>.Build.Dense(1, 1, 1.0), Matrix<double>.Build.DenseOfArray(new[,] { { 0.1 / X, 1.0 } }));
            var loss = new SquaredErrorCost(network, Vector<double>.Build.Dense([1.0]));
            double eta = 1e-2 / (X * X);
            var run = GradientDescent.Run(loss, w0, eta, 50);
            var layout = network.Layout;
            var w = run.Iterates[^1];
            double drift = Math.Abs(NeuronImbalance.Of(layout.Read(w, "M"), layout.Read(w, "N"))[0]
                - NeuronImbalance.Of(layout.Read(w0, "M"), layout.Read(w0, "N"))[0]);
            double bound = NeuronImbalance.GradientDescentDriftBound(eta, run.Steps[^1].Energy);
            var tol = Tolerances.LinearAlgebraRounding(Math.Max(1, w0.DotProduct(w0)), 2 + 50);
            Check.Le(drift, bound, tol, $"drift ≤ η·E at X = {X}");
            Check.Le(0.99 * bound, drift, tol, $"drift ≥ 0.99·η·E at X = {X} (bound approached: drift/bound = {drift / bound:G6})");
        }
    }

    /// <summary>
    /// D3 = C1 per neuron for linear networks: the DHL per-neuron imbalance between Wᵢ and Wᵢ₊₁ is minus the diagonal of
    /// Dᵢ (erratum LN-G2: opposite sign conventions), δⱼ = −(Dᵢ)ⱼⱼ, exactly up to roundoff. H ≥ 1.
    /// </summary>
    [Property(Arbitrary = [typeof(HiddenLayerLinearArbitraries)])]
    [Trait("Theorem", "LN.D3")]
    public void D3_NeuronImbalance_Eq_NegDiagonalOfLayerImbalance(LinearNetworkInstance instance)
    {
        var weights = instance.Network.Weights(instance.Theta0);
        var D = LayerImbalance.Of(weights);
        for (int i = 0; i < D.Length; i++)
        {
            var delta = NeuronImbalance.Of(weights[i], weights[i + 1]);
            double scale = Math.Pow(weights[i].FrobeniusNorm(), 2) + Math.Pow(weights[i + 1].FrobeniusNorm(), 2);
            Check.Close(delta.ToArray(), (-D[i].Diagonal()).ToArray(), Tolerances.LinearAlgebraRounding(scale, weights.Max(w => w.ColumnCount)),
                $"δ = −diag(D{i + 1})");
        }
    }

    private static (Matrix<double> M, Matrix<double> N, Matrix<double> GM, Matrix<double> GN) Blocks(ReluInstance instance, Vector<double> w)
    {
        var layout = instance.Network.Layout;
        var g = instance.Loss.Gradient(w);
        return (layout.Read(w, "M"), layout.Read(w, "N"), layout.Read(g, "M"), layout.Read(g, "N"));
    }
}
