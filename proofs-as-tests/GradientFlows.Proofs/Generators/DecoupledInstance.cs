using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using GradientFlows.Models;
using GradientFlows.Theory.LinearNetworks;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.Generators;

/// <summary>
/// Whitened data with a decoupled, balanced initial condition (linear-networks spec §7.2): N = H + 1 ∈ [2, 4] factors,
/// X = Qᵀ with Q ∈ ℝ^{m×d_x} orthonormal (so Σ_XX = I), Σ_YX = U S Vᵀ with k = min(d_x, d_y) singular values
/// s_α ∈ [0.5, 2] separated by ≥ 0.1 (built in: Y = Σ_YX X + Z(I − XᵀX)), k′ ≤ k initialised modes with
/// u_α(0) = s_α·10^{U(−2,−1)}, hidden widths k′ + [0, 2], and random orthonormal Oⱼ (<see cref="BalancedFactorisation"/>).
/// </summary>
public sealed class DecoupledInstance
{
    private readonly Lazy<Draws> _draw;

    /// <summary>Creates the instance.</summary>
    /// <param name="factors">N ≥ 2.</param>
    /// <param name="dx">d_x.</param>
    /// <param name="dy">d_y.</param>
    /// <param name="activeModes">k′ (clamped to k).</param>
    /// <param name="seed">Seed.</param>
    /// <param name="coordinateAligned">Use coordinate bases: X = [I | 0], U, V and every Oⱼ the leading columns of I.
    /// Then every zero of the decoupled structure is exactly zero in floating point and stays so along the flow.</param>
    /// <param name="dormantModeNeeded">Every hidden width is at least k′ + 1 (instead of k′), so that when k′ &lt; k the
    /// global minimum needs a mode that starts dormant (the exceptional starts of spec §6 (b)2).</param>
    public DecoupledInstance(int factors, int dx, int dy, int activeModes, int seed, bool coordinateAligned = false, bool dormantModeNeeded = false)
    {
        DormantModeNeeded = dormantModeNeeded;
        CoordinateAligned = coordinateAligned;
        Factors = factors;
        InputWidth = dx;
        OutputWidth = dy;
        ActiveModes = Math.Min(activeModes, Math.Min(dx, dy));
        Seed = seed;
        _draw = new(Draw);
    }

    /// <summary>N = H + 1.</summary>
    public int Factors { get; }

    /// <summary>d_x.</summary>
    public int InputWidth { get; }

    /// <summary>d_y.</summary>
    public int OutputWidth { get; }

    /// <summary>k′, the number of modes with u_α(0) &gt; 0.</summary>
    public int ActiveModes { get; }

    /// <summary>Seed.</summary>
    public int Seed { get; }

    /// <summary>Whether the bases are coordinate axes (exact zeros) instead of random orthonormal ones.</summary>
    public bool CoordinateAligned { get; }

    /// <summary>Whether every hidden width exceeds k′ (a dormant mode is then needed by the global minimum when k′ &lt; k).</summary>
    public bool DormantModeNeeded { get; }

    /// <summary>The same draw in coordinate bases.</summary>
    public DecoupledInstance WithCoordinateBases() => new(Factors, InputWidth, OutputWidth, ActiveModes, Seed, coordinateAligned: true, DormantModeNeeded);

    /// <summary>
    /// The exceptional starts of spec §6 (b)2 with N = 2: d_x, d_y ∈ [2, 4], 1 ≤ k′ ≤ min(d_x, d_y) − 1 active modes and
    /// hidden width d₁ ∈ [k′ + 1, k′ + 2], so min(d₁, k) &gt; k′: the global minimum needs a mode that starts at u_α(0) = 0.
    /// </summary>
    public static Gen<DecoupledInstance> DormantModeGenerator =>
        from dx in Dimensions.Uniform(2, 4)
        from dy in Dimensions.Uniform(2, 4)
        from active in Dimensions.Uniform(1, Math.Min(dx, dy) - 1)
        from seed in Dimensions.Seed
        select new DecoupledInstance(2, dx, dy, active, seed, dormantModeNeeded: true);

    /// <summary>Smaller exceptional starts: fewer active modes, or d_x, d_y down to k′ + 1 ≥ 2.</summary>
    public IEnumerable<DecoupledInstance> ShrinkDormant() =>
        Dimensions.Shrink(InputWidth, ActiveModes + 1).Select(d => new DecoupledInstance(2, d, OutputWidth, ActiveModes, Seed, dormantModeNeeded: true))
            .Concat(Dimensions.Shrink(OutputWidth, ActiveModes + 1).Select(d => new DecoupledInstance(2, InputWidth, d, ActiveModes, Seed, dormantModeNeeded: true)))
            .Concat(Dimensions.Shrink(ActiveModes).Select(a => new DecoupledInstance(2, InputWidth, OutputWidth, a, Seed, dormantModeNeeded: true)));

    /// <summary>The network.</summary>
    public DeepLinearNetwork Network => _draw.Value.Network;

    /// <summary>L.</summary>
    public SquaredErrorCost Loss => _draw.Value.Network.Loss(_draw.Value.Y);

    /// <summary>θ₀ (decoupled and balanced).</summary>
    public Vector<double> Theta0 => _draw.Value.Theta0.Clone();

    /// <summary>U ∈ ℝ^{d_y×k}: left singular vectors of Σ_YX.</summary>
    public Matrix<double> U => _draw.Value.U.Clone();

    /// <summary>V ∈ ℝ^{d_x×k}: right singular vectors of Σ_YX.</summary>
    public Matrix<double> V => _draw.Value.V.Clone();

    /// <summary>s₁ &gt; … &gt; s_k.</summary>
    public ImmutableArray<double> SingularValues => _draw.Value.S;

    /// <summary>u_α(0), zero for α ≥ k′.</summary>
    public ImmutableArray<double> InitialStrengths => _draw.Value.U0;

    /// <summary>Y.</summary>
    public Matrix<double> Y => _draw.Value.Y.Clone();

    /// <summary>The generator with N ∈ [2, 4].</summary>
    public static Gen<DecoupledInstance> Generator => GeneratorWithFactors(2, 4);

    /// <summary>The generator with N ∈ [<paramref name="minFactors"/>, <paramref name="maxFactors"/>].</summary>
    /// <param name="minFactors">Least N.</param>
    /// <param name="maxFactors">Largest N.</param>
    /// <param name="allModesActive">k′ = k: every mode of Σ_YX starts with u_α(0) &gt; 0 (no dormant mode).</param>
    public static Gen<DecoupledInstance> GeneratorWithFactors(int minFactors, int maxFactors, bool allModesActive = false) =>
        from factors in Dimensions.Uniform(minFactors, maxFactors)
        from dx in Dimensions.Uniform(1, 4)
        from dy in Dimensions.Uniform(1, 4)
        from active in allModesActive ? Gen.Constant(4) : Dimensions.Uniform(1, 4)
        from seed in Dimensions.Seed
        select new DecoupledInstance(factors, dx, dy, active, seed);

    /// <summary>Smaller instances with the same seed.</summary>
    public IEnumerable<DecoupledInstance> Shrink() =>
        Dimensions.Shrink(Factors, 2).Select(n => new DecoupledInstance(n, InputWidth, OutputWidth, ActiveModes, Seed, CoordinateAligned))
            .Concat(Dimensions.Shrink(InputWidth).Select(d => new DecoupledInstance(Factors, d, OutputWidth, ActiveModes, Seed, CoordinateAligned)))
            .Concat(Dimensions.Shrink(OutputWidth).Select(d => new DecoupledInstance(Factors, InputWidth, d, ActiveModes, Seed, CoordinateAligned)))
            .Concat(Dimensions.Shrink(ActiveModes).Select(a => new DecoupledInstance(Factors, InputWidth, OutputWidth, a, Seed, CoordinateAligned)));

    /// <inheritdoc />
    public override string ToString() =>
        $"DecoupledInstance(N={Factors}, d_x={InputWidth}, d_y={OutputWidth}, k′={ActiveModes}, seed={Seed}{(CoordinateAligned ? ", coordinate bases" : "")}{(DormantModeNeeded ? ", dormant mode needed" : "")})";

    private sealed record Draws(
        DeepLinearNetwork Network, Matrix<double> Y, Vector<double> Theta0, Matrix<double> U, Matrix<double> V,
        ImmutableArray<double> S, ImmutableArray<double> U0);

    private Draws Draw()
    {
        var random = new Random(Seed);
        int dx = InputWidth, dy = OutputWidth, k = Math.Min(dx, dy);
        int m = dx + 1 + random.Next(3);
        Matrix<double> Basis(int n) => CoordinateAligned ? Matrix<double>.Build.DenseIdentity(n) : Gaussian.Orthogonal(random, n);
        var q = Basis(m).SubMatrix(0, m, 0, dx);
        var x = q.Transpose();
        var u = Basis(dy).SubMatrix(0, dy, 0, k);
        var v = Basis(dx).SubMatrix(0, dx, 0, k);
        // s_α = 2 − 0.1α − U(0, 1.4/k): in [0.5, 2], strictly decreasing with gaps ≥ 0.1 between consecutive values.
        var s = new double[k];
        double top = 2.0;
        for (int a = 0; a < k; a++)
        {
            s[a] = top - (1.4 / k) * random.NextDouble();
            top = s[a] - 0.1;
        }
        var sigmaYX = u * Matrix<double>.Build.DenseOfDiagonalArray(s) * v.Transpose();
        var orthogonalPart = Matrix<double>.Build.DenseIdentity(m) - q * x;
        var y = sigmaYX * x + Gaussian.Matrix(random, dy, m) * orthogonalPart;
        var u0 = Enumerable.Range(0, k).Select(a => a < ActiveModes ? s[a] * Math.Pow(10, -2 + random.NextDouble()) : 0.0).ToArray();
        var hiddenWidths = Enumerable.Range(0, Factors - 1).Select(_ => DormantModeNeeded ? ActiveModes + 1 + random.Next(2) : ActiveModes + random.Next(3)).ToArray();
        var hidden = hiddenWidths.Select(d => Basis(d).SubMatrix(0, d, 0, ActiveModes)).ToArray();
        var weights = BalancedFactorisation.Create(
            u.SubMatrix(0, dy, 0, ActiveModes), [.. u0.Take(ActiveModes)], v.SubMatrix(0, dx, 0, ActiveModes), hidden);
        var network = new DeepLinearNetwork([dx, .. hiddenWidths, dy], x);
        return new Draws(network, y, network.Parameters(weights), u, v, [.. s], [.. u0]);
    }
}
