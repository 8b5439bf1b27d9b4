using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using GradientFlows.Models;

namespace GradientFlows.Proofs.Generators;

/// <summary>
/// Any network: depth L ∈ [0, 3], M ∈ [1, 4], widths ∈ [1, 8], Q ∈ [1, 3], N ∈ [1, 6], any of the four activations
/// (identity included), any regime. For derivative and kernel identities, which hold at every θ.
/// </summary>
public sealed class AnyNetworkInstance(int m, ImmutableArray<int> hidden, int q, int n, int activation, int seed)
    : NetworkInstance(m, hidden, q, n, ActivationAt(activation), seed)
{
    private readonly int _activation = activation;

    /// <summary>The generator.</summary>
    public static Gen<AnyNetworkInstance> Generator =>
        from depth in Dimensions.Uniform(0, 3)
        from hidden in Gen.ArrayOf(Dimensions.Uniform(1, 8), depth)
        from m in Dimensions.Uniform(1, 4)
        from q in Dimensions.Uniform(1, 3)
        from n in Dimensions.Uniform(1, 6)
        from activation in Dimensions.Uniform(0, Activation.All.Length - 1)
        from seed in Dimensions.Seed
        select new AnyNetworkInstance(m, [.. hidden], q, n, activation, seed);

    /// <summary>Smaller instances with the same seed.</summary>
    public IEnumerable<AnyNetworkInstance> Shrink() =>
        ChenShrink.Candidates(M, HiddenWidths, Q, N, minN: 1, minM: 1)
            .Select(c => new AnyNetworkInstance(c.M, c.Hidden, c.Q, c.N, _activation, Seed));
}

/// <summary>
/// Overparametrised networks with room for full rank (Theorem 2.1's setting): L ∈ [1, 3], M ∈ [2, 4] (spec §3: M = 1
/// is numerically rank deficient), Q ∈ {1, 2}, N ∈ [2, 6], σ ∈ {tanh, softplus, sigmoid}; widths ∈ [1, 8] are then
/// raised, smallest first, until K ≥ 2QN, and M_L ≥ Q so that the structural bound rank D ≤ Q(M_L + 1) + N·min(Q, M_L)
/// (spec §3) does not forbid rank QN. Full rank itself is generic, not guaranteed: tests classify the rest.
/// </summary>
public sealed class OverparametrisedInstance : NetworkInstance
{
    private readonly int _activation;

    /// <summary>Creates the instance (dimensions are raised to K ≥ 2QN, M_L ≥ Q).</summary>
    public OverparametrisedInstance(int m, ImmutableArray<int> hidden, int q, int n, int activation, int seed)
        : base(m, Raise(m, hidden, q, n), q, n, ActivationAt(activation), seed) => _activation = activation;

    /// <summary>The generator.</summary>
    public static Gen<OverparametrisedInstance> Generator =>
        from depth in Dimensions.Uniform(1, 3)
        from hidden in Gen.ArrayOf(Dimensions.Uniform(1, 8), depth)
        from m in Dimensions.Uniform(2, 4)
        from q in Dimensions.Uniform(1, 2)
        from n in Dimensions.Uniform(2, 6)
        from activation in Dimensions.Uniform(0, Activation.Nonlinear.Length - 1)
        from seed in Dimensions.Seed
        select new OverparametrisedInstance(m, [.. hidden], q, n, activation, seed);

    /// <summary>Smaller instances with the same seed.</summary>
    public IEnumerable<OverparametrisedInstance> Shrink() =>
        ChenShrink.Candidates(M, HiddenWidths, Q, N, minN: 2, minM: 2, minDepth: 1)
            .Select(c => new OverparametrisedInstance(c.M, c.Hidden, c.Q, c.N, _activation, Seed));

    /// <summary>Raises the widths (smallest first, ≤ 8) until K ≥ 2QN, after setting M_L ≥ Q.</summary>
    internal static ImmutableArray<int> Raise(int m, ImmutableArray<int> hidden, int q, int n)
    {
        var widths = hidden.ToArray();
        widths[^1] = Math.Max(widths[^1], q);
        while (ParameterCount(m, widths, q) < 2 * q * n && widths.Any(w => w < 8))
        {
            int smallest = Array.IndexOf(widths, widths.Min());
            widths[smallest]++;
        }
        return [.. widths];
    }
}

/// <summary>
/// Underparametrised networks (Theorem 5.1's setting, K &lt; QN): one hidden layer of width 1 or 2, or two of width 2;
/// M ∈ [2, 3], Q ∈ {1, 2}, σ nonlinear, and N = ⌊K/Q⌋ + 1 + extra with extra ∈ [0, 3], so K &lt; QN by construction.
/// </summary>
/// <remarks>
/// A width-1 layer followed by another hidden layer is excluded: everything after it is a function of one scalar per
/// input (the M = 1 effect of spec §3), which gave σ_min/σ_max ≈ 10⁻¹⁰–10⁻¹² for [1, 2], and [2, 1] with Q = 2 is
/// structurally rank deficient (rank D ≤ Q(M_L + 1) + N·min(Q, M_L), spec §3). Observed in a 30-draw sample while
/// calibrating this generator: 60 % of such draws were inconclusive at θ₀. Two layers [2, 2] use tanh only: in a
/// 200-draw calibration the median σ_min/σ_max at θ₀ was 1.3·10⁻⁹ (sigmoid, Q = 1), 6·10⁻⁸ (softplus, Q = 1) and
/// 3.4·10⁻⁵ (tanh, Q = 2), against 10⁻⁴–10⁻² for one hidden layer.
/// </remarks>
public sealed class UnderparametrisedInstance : NetworkInstance
{
    private readonly int _activation;
    private readonly int _extra;
    private readonly int _startDraws;

    /// <summary>Creates the instance; N is derived from K.</summary>
    /// <param name="startDraws">
    /// How many draws the conditioned start may take (default <see cref="NetworkInstance.StartDraws"/>); a regression fact
    /// passes the limit under which its instance was found, so that it replays the same θ₀.
    /// </param>
    public UnderparametrisedInstance(
        int m, ImmutableArray<int> hidden, int q, int extra, int activation, int seed, int startDraws = StartDraws)
        : base(m, hidden, q, SampleCount(m, hidden, q, extra), ActivationAt(activation), seed)
    {
        _activation = activation;
        _extra = extra;
        _startDraws = startDraws;
    }

    /// <inheritdoc />
    protected override int StartDrawLimit => _startDraws;

    /// <summary>
    /// N = max(⌊K/Q⌋ + 1, N_struct) + extra. N_struct = M + 3 for one hidden layer of width 1 and Q = 2, else 0: there
    /// x_j = W₂h_j + b₂ with a scalar h_j, so the columns of the hidden layer lie in W₂ ⊗ ℝᴺ and those of the output layer
    /// in span{e_q ⊗ h, e_q ⊗ 1}, which share W₂ ⊗ h and W₂ ⊗ 1: rank D ≤ N + 2, and rank D = K = M + 5 needs N ≥ M + 3.
    /// Without this floor a quarter of the width-1, Q = 2 draws (extra = 0) were structurally rank deficient at θ₀
    /// (measured: 55 of 199 such draws inconclusive).
    /// </summary>
    private static int SampleCount(int m, ImmutableArray<int> hidden, int q, int extra)
    {
        int structural = hidden is [1] && q == 2 ? m + 3 : 0;
        return Math.Max(ParameterCount(m, hidden, q) / q + 1, structural) + extra;
    }

    /// <summary>θ₀ is conditioned: σ_min/σ_max ≥ <see cref="Tolerances.ConditionedStart"/> (Theorem 5.1's hypothesis (5.1) with a margin).</summary>
    protected override double StartConditionFloor => Tolerances.ConditionedStart;

    /// <summary>The generator.</summary>
    public static Gen<UnderparametrisedInstance> Generator =>
        from depth in Dimensions.Uniform(1, 2)
        from width in Dimensions.Uniform(1, 2)
        let hidden = depth == 1 ? new[] { width } : new[] { 2, 2 }
        from m in Dimensions.Uniform(2, 3)
        from q in Dimensions.Uniform(1, 2)
        from extra in Dimensions.Uniform(0, 3)
        from activation in Dimensions.Uniform(0, Activation.Nonlinear.Length - 1)
        from seed in Dimensions.Seed
        select new UnderparametrisedInstance(m, [.. hidden], q, extra, depth == 2 ? 0 : activation, seed);

    /// <summary>Smaller instances with the same seed.</summary>
    public IEnumerable<UnderparametrisedInstance> Shrink() =>
        ChenShrink.Candidates(M, HiddenWidths, Q, 1, minN: 1, minM: 2, minDepth: 1)
            .Select(c => new UnderparametrisedInstance(c.M, c.Hidden, c.Q, _extra, _activation, Seed))
            .Concat(Dimensions.Shrink(_extra, 0).Select(e => new UnderparametrisedInstance(M, HiddenWidths, Q, e, _activation, Seed)));
}

/// <summary>
/// Borderline networks (§6, K = QN): one hidden layer, M ∈ [2, 3], width ∈ [1, 3], σ nonlinear (tanh for width 3 with
/// Q = 1); Q = 2 when the width is ≥ 2 (so M_L ≥ Q), K is even and the coin says so, else Q = 1; N = K/Q.
/// </summary>
/// <remarks>
/// Width 3 with Q = 1 has N = K = 3M + 7 inputs; with softplus or sigmoid, 94 of 252 such draws (measured over 1500 draws
/// of this generator) had σ_min/σ_max &lt; 10⁻⁴ at all 64 starts, so their instances were inconclusive at θ₀; with
/// tanh none of 133. Those two activations keep widths 1 and 2 and width 3 with Q = 2.
/// </remarks>
public sealed class BorderlineInstance : NetworkInstance
{
    private readonly int _activation;
    private readonly bool _preferTwoOutputs;

    /// <summary>Creates the instance; Q and N are derived so that K = QN.</summary>
    public BorderlineInstance(int m, int width, bool preferTwoOutputs, int activation, int seed)
        : base(m, [width], OutputWidth(m, width, preferTwoOutputs), SampleCount(m, width, preferTwoOutputs),
            ActivationAt(width == 3 && OutputWidth(m, width, preferTwoOutputs) == 1 ? 0 : activation), seed)
    {
        _activation = activation;
        _preferTwoOutputs = preferTwoOutputs;
    }

    /// <summary>θ₀ is conditioned: σ_min/σ_max ≥ <see cref="Tolerances.ConditionedStart"/> (§6's invertible D with a margin).</summary>
    protected override double StartConditionFloor => Tolerances.ConditionedStart;

    /// <summary>The generator.</summary>
    public static Gen<BorderlineInstance> Generator =>
        from m in Dimensions.Uniform(2, 3)
        from width in Dimensions.Uniform(1, 3)
        from two in Gen.Elements(false, true)
        from activation in Dimensions.Uniform(0, Activation.Nonlinear.Length - 1)
        from seed in Dimensions.Seed
        select new BorderlineInstance(m, width, two, activation, seed);

    /// <summary>Smaller instances with the same seed.</summary>
    public IEnumerable<BorderlineInstance> Shrink() =>
        Dimensions.Shrink(HiddenWidths[0]).Select(w => new BorderlineInstance(M, w, _preferTwoOutputs, _activation, Seed))
            .Concat(Dimensions.Shrink(M, 2).Select(m => new BorderlineInstance(m, HiddenWidths[0], _preferTwoOutputs, _activation, Seed)));

    // K = w(m + 1) + Q(w + 1); with Q = 2 it is even iff w(m + 1) is even. Q = 2 needs w ≥ 2: with M_L = 1 < Q the
    // structural bound rank D ≤ N + 2Q − 2 (spec §3) is below QN, and such draws were 6 of 23 inconclusive at θ₀.
    private static int OutputWidth(int m, int w, bool two) => two && w >= 2 && (w * (m + 1)) % 2 == 0 ? 2 : 1;

    private static int SampleCount(int m, int w, bool two)
    {
        int q = OutputWidth(m, w, two);
        return ParameterCount(m, [w], q) / q;
    }
}

/// <summary>
/// Overparametrised networks whose first <see cref="Copies"/> inputs are identical with different labels: range D ⊂ S
/// = {x : xⱼ = xₖ for equal inputs}, so rank D ≤ Q(N − Copies + 1) &lt; QN for every θ (spec C3, C8, C9). Architecture
/// as <see cref="OverparametrisedInstance"/>, with N ∈ [3, 5].
/// </summary>
public sealed class DuplicateInputInstance : NetworkInstance
{
    private readonly int _activation;

    /// <summary>Creates the instance.</summary>
    public DuplicateInputInstance(int m, ImmutableArray<int> hidden, int q, int n, int copies, int activation, int seed)
        : base(m, OverparametrisedInstance.Raise(m, hidden, q, n), q, n, ActivationAt(activation), seed)
    {
        _activation = activation;
        Copies = Math.Clamp(copies, 2, n);
    }

    /// <summary>How many leading inputs coincide (≥ 2).</summary>
    public int Copies { get; }

    /// <summary>Qm, the generic rank: m = N − Copies + 1 groups of identical inputs.</summary>
    public int GenericRank => Q * (N - Copies + 1);

    /// <summary>The generator.</summary>
    public static Gen<DuplicateInputInstance> Generator =>
        from depth in Dimensions.Uniform(1, 2)
        from hidden in Gen.ArrayOf(Dimensions.Uniform(2, 6), depth)
        from m in Dimensions.Uniform(2, 3)
        from q in Dimensions.Uniform(1, 2)
        from n in Dimensions.Uniform(3, 5)
        from copies in Dimensions.Uniform(2, 3)
        from activation in Dimensions.Uniform(0, Activation.Nonlinear.Length - 1)
        from seed in Dimensions.Seed
        select new DuplicateInputInstance(m, [.. hidden], q, n, copies, activation, seed);

    /// <summary>Smaller instances with the same seed.</summary>
    public IEnumerable<DuplicateInputInstance> Shrink() =>
        ChenShrink.Candidates(M, HiddenWidths, Q, N, minN: 3, minM: 2, minDepth: 1)
            .Select(c => new DuplicateInputInstance(c.M, c.Hidden, c.Q, c.N, Copies, _activation, Seed));

    /// <summary>x⁽⁰⁾ⱼ := x⁽⁰⁾₀ for j &lt; Copies; the labels stay distinct.</summary>
    protected override void ShapeData(MathNet.Numerics.LinearAlgebra.Matrix<double> inputs,
        MathNet.Numerics.LinearAlgebra.Matrix<double> labels, Random random)
    {
        for (int j = 1; j < Copies; j++)
        {
            inputs.SetColumn(j, inputs.Column(0));
        }
    }

    /// <summary>The group of each input: 0 for the copies, then 1, 2, ….</summary>
    public int GroupOf(int j) => j < Copies ? 0 : j - Copies + 1;
}

/// <summary>Shrink candidates shared by the network instances: fewer samples, fewer layers, narrower layers, smaller M and Q.</summary>
internal static class ChenShrink
{
    public static IEnumerable<(int M, ImmutableArray<int> Hidden, int Q, int N)> Candidates(
        int m, ImmutableArray<int> hidden, int q, int n, int minN, int minM, int minDepth = 0)
    {
        foreach (int n2 in Dimensions.Shrink(n, minN))
        {
            yield return (m, hidden, q, n2);
        }
        if (hidden.Length > minDepth)
        {
            yield return (m, hidden.RemoveAt(hidden.Length - 1), q, n);
        }
        for (int l = 0; l < hidden.Length; l++)
        {
            foreach (int w in Dimensions.Shrink(hidden[l]))
            {
                yield return (m, hidden.SetItem(l, w), q, n);
            }
        }
        foreach (int m2 in Dimensions.Shrink(m, minM))
        {
            yield return (m2, hidden, q, n);
        }
        foreach (int q2 in Dimensions.Shrink(q))
        {
            yield return (m, hidden, q2, n);
        }
    }
}
