using FsCheck;
using FsCheck.Fluent;

namespace GradientFlows.Proofs.Generators;

/// <summary>
/// The registry of the linear-network properties (linear-networks spec): pointwise instances of any depth H ≤ 4 and
/// either rank of X; the flow registries below restrict depth or rank where the theorem needs it.
/// </summary>
public static class LinearArbitraries
{
    /// <summary>Any depth H ∈ [0, 4], X of full row rank or rank-deficient (spec §2: "any data, any depth").</summary>
    public static Arbitrary<LinearNetworkInstance> Network() =>
        ShrinkBudget.Arbitrary(LinearNetworkInstance.Generator(0, 4, [InputRank.FullRowRank, InputRank.RankDeficient]), i => i.Shrink());

    /// <summary>Scalar two-factor problems (spec §7.5).</summary>
    public static Arbitrary<ScalarFactorInstance> ScalarFactor() => Arb.From(ScalarFactorInstance.Generator);

    /// <summary>One hidden layer with generic data (spec §4, §6).</summary>
    public static Arbitrary<OneHiddenLayerInstance> OneHiddenLayer() => ShrinkBudget.Arbitrary(OneHiddenLayerInstance.Generator, i => i.Shrink());

    /// <summary>
    /// Whitened inputs and decoupled balanced initialisation with every mode active (spec §7.2): a dormant mode is an
    /// unstable saddle direction whose roundoff seed grows like e^{s_α t} (erratum LN-exceptional-roundoff), so the
    /// Saxe oracle is compared with all k modes started at u_α(0) &gt; 0.
    /// </summary>
    public static Arbitrary<DecoupledInstance> Decoupled() =>
        ShrinkBudget.Arbitrary(DecoupledInstance.GeneratorWithFactors(2, 4, allModesActive: true), i => i.Shrink().Where(j => j.ActiveModes == Math.Min(j.InputWidth, j.OutputWidth)));
}

/// <summary>
/// The registry of the statements about the invariants Dᵢ (spec §2 C1, C1-GD; §7.4 D3): H ∈ [1, 4], so that there is at
/// least one Dᵢ to check (with H = 0 the list of invariants is empty and nothing would be checked), either rank of X.
/// </summary>
public static class HiddenLayerLinearArbitraries
{
    /// <summary>H ∈ [1, 4], X of full row rank or rank-deficient.</summary>
    public static Arbitrary<LinearNetworkInstance> Network() =>
        ShrinkBudget.Arbitrary(LinearNetworkInstance.Generator(1, 4, [InputRank.FullRowRank, InputRank.RankDeficient]), i => i.Shrink(minHidden: 1));
}

/// <summary>
/// The registry for C2 (convergence), which assumes XXᵀ ≻ 0: any depth H ≤ 3, full row rank X with m = d_x + [4, 7], so that
/// λ_min(XXᵀ) is not tiny and the flow converges within the horizon of <c>LinearFlowRun</c> (the theorem claims no rate; a well-conditioned X keeps the test fast, not the statement true).
/// </summary>
public static class FullRankLinearArbitraries
{
    /// <summary>H ∈ [0, 3], X of full row rank.</summary>
    public static Arbitrary<LinearNetworkInstance> Network() =>
        ShrinkBudget.Arbitrary(LinearNetworkInstance.Generator(0, 3, [InputRank.FullRowRank], minExtraSamples: 4), i => i.Shrink());
}

/// <summary>
/// The registry for C2-ext (spec §3, convergence for rank-deficient X): H ≤ 3, X = AB of rank &lt; d_x by construction
/// (d_x ∈ [2, 5], so that rank X ≤ d_x − 1 is possible), m = d_x + [4, 7].
/// </summary>
public static class RankDeficientLinearArbitraries
{
    /// <summary>H ∈ [0, 3], rank-deficient X.</summary>
    public static Arbitrary<LinearNetworkInstance> Network() =>
        ShrinkBudget.Arbitrary(LinearNetworkInstance.Generator(0, 3, [InputRank.RankDeficient], minExtraSamples: 4, minInputWidth: 2), i => i.Shrink());
}

/// <summary>
/// Decoupled instances with N = 2 factors (H = 1) and a dormant mode that the global minimum needs, for the exceptional
/// sets of the H = 1 theorem (spec §6 (b)2).
/// </summary>
public static class TwoFactorDecoupledArbitraries
{
    /// <summary>N = 2, k′ &lt; min(d₁, k).</summary>
    public static Arbitrary<DecoupledInstance> Decoupled() =>
        ShrinkBudget.Arbitrary(DecoupledInstance.DormantModeGenerator, i => i.ShrinkDormant());
}
