using GradientFlows.Models;
using GradientFlows.Theory;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.TestVectors;

/// <summary>
/// The published test vectors: every model kind, over-, under- and borderline-parametrised networks, one with rank loss,
/// the learning-health MLP (including the non-convexity counterexample and a unit at a kink), deep linear networks and
/// the non-network model. Every draw comes from a fixed seed, so the catalogue is the same on every run.
/// </summary>
public static class TestVectorCatalogue
{
    /// <summary>A vector's recipe: name, description and a function that computes it.</summary>
    /// <param name="Name">The vector's name.</param>
    /// <param name="Description">What it exercises.</param>
    /// <param name="Regime">The declared regime of D at θ (<see cref="VectorRegime"/>).</param>
    /// <param name="Compute">Computes the vector.</param>
    public sealed record Entry(string Name, string Description, string Regime, Func<TestVector> Compute);

    /// <summary>Every entry, in a fixed order.</summary>
    public static IReadOnlyList<Entry> All { get; } = Build();

    /// <summary>
    /// Sample times t_end·{0, ⅛, ¼, ½, 1} with t_end = 1/κ, the time constant of the adapted flow's outputs. Every vector
    /// with trajectories uses this grid; the under-parametrised and borderline networks use a shorter t_end (their entry's
    /// horizon), and docs/test-vectors.md lists t_end for each vector.
    /// </summary>
    public static double[] SampleTimes(double kappa) => [0, 0.125 / kappa, 0.25 / kappa, 0.5 / kappa, 1 / kappa];

    private static List<Entry> Build()
    {
        var entries = new List<Entry>();

        // Gelada–Buckman: the 2-layer ReLU MLP on one data point, κ = 1.
        entries.Add(new("relu-counterexample-midpoint", "Gelada–Buckman §3.2: the non-convexity counterexample at s = ½, f(u(½)) = 1/8 (erratum E14)", VectorRegime.Over,
            () => TestVectorComputation.Compute("relu-counterexample-midpoint", "Gelada–Buckman §3.2: the non-convexity counterexample at s = ½, f(u(½)) = 1/8 (erratum E14)", VectorRegime.Over,
                ConvexityCounterexample.Network, ConvexityCounterexample.Segment(0.5), ConvexityCounterexample.Target, 1.0, SampleTimes(1))));
        foreach (var (n, k, m, seed) in new[] { (1, 2, 1, 11), (2, 4, 3, 12), (3, 8, 2, 13), (1, 16, 4, 14), (2, 32, 5, 15) })
        {
            string name = $"relu-n{n}-k{k}-m{m}";
            string description = $"Gelada–Buckman §3: He-initialised 2-layer ReLU MLP, n = {n}, k = {k}, m = {m}, ‖x‖² = m (seed {seed})";
            entries.Add(new(name, description, VectorRegime.Over, () =>
            {
                var random = new Random(seed);
                var x = Gaussian(random, m);
                x *= Math.Sqrt(m) / x.L2Norm();
                var q = Gaussian(random, n);
                var network = new TwoLayerReluNetwork(n, k, x);
                return TestVectorComputation.Compute(name, description, VectorRegime.Over, network, HeInitialisation.Sample(network, random), q, 1.0, SampleTimes(1));
            }));
        }
        entries.Add(new("relu-kink", "Gelada–Buckman §3.5: unit 0 sits exactly at the kink a₀ = 0; with σ′(0) := 0 its gradient row and column are 0", VectorRegime.Over,
            () =>
            {
                var x = Vector<double>.Build.Dense([1.0, -2.0]);
                var network = new TwoLayerReluNetwork(2, 3, x);
                var N = Matrix<double>.Build.DenseOfArray(new[,] { { 0.5, -1.0, 0.25 }, { 1.5, 0.5, -0.75 } });
                var M = Matrix<double>.Build.DenseOfArray(new[,] { { 2.0, 1.0 }, { 0.5, -0.25 }, { -1.0, 0.75 } });
                return TestVectorComputation.Compute("relu-kink", "Gelada–Buckman §3.5: unit 0 sits exactly at the kink a₀ = 0; with σ′(0) := 0 its gradient row and column are 0",
                    VectorRegime.Over, network, network.Layout.Assemble(N, M), Vector<double>.Build.Dense([1.0, -1.0]), 1.0, SampleTimes(1));
            }));

        // Chen: deep networks with biases, κ = 1/N.
        var deep = new (string Name, int M, int[] Hidden, int Q, int N, Activation Activation, int Seed, string Regime, string Note, double Horizon)[]
        {
            ("deep-tanh-over-a", 2, [4], 1, 3, Activation.Tanh, 21, VectorRegime.Over, "over-parametrised (K > QN)", 0),
            ("deep-tanh-over-b", 3, [6, 4], 2, 4, Activation.Tanh, 22, VectorRegime.Over, "over-parametrised (K > QN)", 0),
            ("deep-tanh-over-depth3", 2, [3, 3, 3], 1, 4, Activation.Tanh, 23, VectorRegime.Over, "over-parametrised (K > QN), three hidden layers", 0),
            ("deep-softplus-over", 2, [5, 5], 2, 3, Activation.Softplus, 24, VectorRegime.Over, "over-parametrised (K > QN)", 0),
            ("deep-sigmoid-over", 1, [8], 1, 5, Activation.Sigmoid, 25, VectorRegime.Over, "over-parametrised (K > QN)", 0),
            ("deep-identity-over", 2, [3], 2, 2, Activation.Identity, 26, VectorRegime.Over, "over-parametrised affine network (identity activation)", 0),
            ("deep-tanh-under", 2, [2], 1, 10, Activation.Tanh, 31, VectorRegime.Under, "under-parametrised (K = 9 < QN = 10)", 0.75),
            ("deep-softplus-under", 3, [2], 1, 12, Activation.Softplus, 32, VectorRegime.Under, "under-parametrised (K = 11 < QN = 12)", 0.009),
            ("deep-sigmoid-under", 2, [1], 2, 4, Activation.Sigmoid, 33, VectorRegime.RankLoss,
                "rank loss despite its name: the width-1 hidden layer makes rank D = 6 < K = 7 < QN = 8 (structural), so only the SVD pseudo-inverse gives the adapted direction", 0),
            ("deep-tanh-under-two-outputs", 3, [2], 2, 8, Activation.Tanh, 34, VectorRegime.Under, "under-parametrised (K = 14 < QN = 16), Q = 2", 0.09),
            ("deep-tanh-borderline", 2, [2], 1, 9, Activation.Tanh, 41, VectorRegime.Borderline, "borderline (K = QN = 9)", 0.04),
            ("deep-softplus-borderline", 3, [1], 1, 6, Activation.Softplus, 42, VectorRegime.Borderline, "borderline (K = QN = 6)", 0.2),
            ("deep-sigmoid-borderline", 2, [3], 1, 13, Activation.Sigmoid, 43, VectorRegime.Borderline, "borderline (K = QN = 13)", 0.00025),
        };
        foreach (var d in deep)
        {
            string description = $"Chen: deep {d.Activation.Name} network, widths [{d.M}, {string.Join(", ", d.Hidden)}, {d.Q}], N = {d.N}, {d.Note}, κ = 1/N (seed {d.Seed})";
            entries.Add(new(d.Name, description, d.Regime, () =>
            {
                var random = new Random(d.Seed);
                var inputs = Matrix<double>.Build.Dense(d.M, d.N, (_, _) => Normal.Sample(random, 0, 1));
                var network = new DeepNetwork(inputs, d.Hidden, d.Q, d.Activation);
                var theta = ScaledInitialisation(network.Layout, random);
                var targets = Gaussian(random, d.Q * d.N);
                // Horizon 0 means the default 1/κ = N. Under- and borderline-parametrised adapted flows (Gauss–Newton, K ≤ QN)
                // approach rank loss of D, where their field grows like 1/σ_min (docs/errata.md, Chen A4); their horizon is
                // half the time at which Dormand–Prince at rtol 1e-10 first needed steps below 1e-10.
                double[] times = d.Horizon > 0 ? [.. SampleTimes(1).Select(t => t * d.Horizon)] : SampleTimes(1.0 / d.N);
                return TestVectorComputation.Compute(d.Name, description, d.Regime, network, theta, targets, 1.0 / d.N, times);
            }));
        }
        entries.Add(new("deep-tanh-rank-loss", "Chen Theorem 4.1: two identical inputs with different labels, so rank D < QN; the adapted direction is the minimum-norm least-squares one",
            VectorRegime.RankLoss, () =>
            {
                var random = new Random(51);
                var inputs = Matrix<double>.Build.Dense(2, 3, (_, _) => Normal.Sample(random, 0, 1));
                inputs.SetColumn(1, inputs.Column(0));
                var network = new DeepNetwork(inputs, [6], 1, Activation.Tanh);
                var theta = ScaledInitialisation(network.Layout, random);
                var targets = Vector<double>.Build.Dense([1.0, -1.0, 0.5]);
                return TestVectorComputation.Compute("deep-tanh-rank-loss", "Chen Theorem 4.1: two identical inputs with different labels, so rank D < QN; the adapted direction is the minimum-norm least-squares one",
                    VectorRegime.RankLoss, network, theta, targets, 1.0 / 3, SampleTimes(1.0 / 3));
            }));

        // The non-network model x(t) = b₁(1 − e^{−b₂t}) (K = 2 < QN: Gauss–Newton regime), κ = 1/N.
        foreach (var (name, times, b1, b2, seed) in new[]
        {
            ("saturating-exponential-5", new[] { 0.5, 1.0, 2.0, 4.0, 8.0 }, 1.0, 0.5, 61),
            ("saturating-exponential-8", new[] { 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 7.0 }, 2.0, 0.3, 62),
            ("saturating-exponential-3", new[] { 1.0, 2.0, 3.0 }, 0.5, 1.5, 63),
        })
        {
            string description = $"non-network model x(t) = b₁(1 − e^(−b₂t)) on N = {times.Length} times, θ = ({b1}, {b2}), noisy targets from b = (1.5, 0.8) (seed {seed})";
            entries.Add(new(name, description, VectorRegime.Under, () =>
            {
                var random = new Random(seed);
                var model = new SaturatingExponentialModel(Vector<double>.Build.Dense(times));
                var targets = Vector<double>.Build.Dense(times.Length, i => 1.5 * (1 - Math.Exp(-0.8 * times[i])) + 0.05 * Normal.Sample(random, 0, 1));
                double kappa = 1.0 / times.Length;
                return TestVectorComputation.Compute(name, description, VectorRegime.Under, model, Vector<double>.Build.Dense([b1, b2]), targets, kappa, SampleTimes(kappa));
            }));
        }

        // Deep linear networks Y = W_{H+1}⋯W₁X (Chitour–Liao–Couillet), κ = 1, small random initialisation.
        // The outputs Y = AX, A = W_{H+1}⋯W₁, range over at most d_y·rank X < d_y·m = QN dimensions when m > d_x (and over
        // rank-limited A with a bottleneck), so rank D < min(QN, K) structurally once H ≥ 1: rank-loss vectors. H = 0 is
        // plain least squares with D of full column rank (K = 4 < QN = 6).
        foreach (var (widths, m, seed, note, regime) in new (int[], int, int, string, string)[]
        {
            ([2, 2], 3, 81, "H = 0 (a single factor: least squares)", VectorRegime.Under),
            ([3, 2, 3], 5, 82, "H = 1 with a bottleneck (d₁ = 2 < d_x = d_y = 3)", VectorRegime.RankLoss),
            ([2, 4, 2], 4, 83, "H = 1 without bottleneck", VectorRegime.RankLoss),
            ([2, 3, 3, 2], 4, 84, "H = 2", VectorRegime.RankLoss),
            ([1, 2, 2, 2, 1], 3, 85, "H = 3, scalar input and output", VectorRegime.RankLoss),
        })
        {
            string name = $"deep-linear-{string.Join("-", widths)}";
            string description = $"Chitour–Liao–Couillet deep linear network, widths [{string.Join(", ", widths)}], m = {m} samples, {note}, κ = 1 (seed {seed})";
            entries.Add(new(name, description, regime, () =>
            {
                var random = new Random(seed);
                var x = Matrix<double>.Build.Dense(widths[0], m, (_, _) => Normal.Sample(random, 0, 1));
                var network = new DeepLinearNetwork(widths, x);
                var theta = Vector<double>.Build.Dense(network.Layout.Dimension, _ => Normal.Sample(random, 0, 0.5));
                var targets = Gaussian(random, network.OutputCount);
                return TestVectorComputation.Compute(name, description, regime, network, theta, targets, 1.0, SampleTimes(1));
            }));
        }

        // Least squares x = Xw, κ = 1.
        foreach (var (n, p, seed, regime) in new[] { (2, 5, 71, VectorRegime.Over), (5, 2, 72, VectorRegime.Under), (3, 3, 73, VectorRegime.Borderline) })
        {
            string name = $"linear-map-n{n}-p{p}";
            string description = $"least squares ½‖Xw − q‖², X ∈ ℝ^({n}×{p}) Gaussian (seed {seed})";
            entries.Add(new(name, description, regime, () =>
            {
                var random = new Random(seed);
                var x = Matrix<double>.Build.Dense(n, p, (_, _) => Normal.Sample(random, 0, 1));
                return TestVectorComputation.Compute(name, description, regime, new LinearMapModel(x), Gaussian(random, p), Gaussian(random, n), 1.0, SampleTimes(1));
            }));
        }

        // Version 2: activations at large |z|. Hidden unit 0 has bias 750 (beyond 709.78, where a naive eᶻ overflows). For
        // softplus, unit 1 has bias 20.5, just past the threshold 20 above which some libraries replace softplus by z
        // (e^−20.5 ≈ 1.3·10⁻⁹, far above the pointwise tolerance); for sigmoid, unit 2 has bias −750 (σ = 0, σ′ = 0 exactly).
        // No trajectories: the unit at z ≈ 750 makes the standard flow stiff. Over-parametrised: K = 13 > QN = 3.
        foreach (var (activation, index, seed) in new[]
        {
            (Activation.Softplus, 1, 91), (Activation.Softplus, 2, 92), (Activation.Softplus, 3, 93),
            (Activation.Sigmoid, 1, 94), (Activation.Sigmoid, 2, 95), (Activation.Sigmoid, 3, 96),
        })
        {
            bool softplus = activation == Activation.Softplus;
            string name = $"deep-{activation.Name}-large-z-{index}";
            string description = $"Chen: deep {activation.Name} network, widths [2, 3, 1], N = 3, hidden pre-activations near 750 (unit 0) and "
                + (softplus ? "20.5 (unit 1): pins softplus where a naive log(1 + eᶻ) overflows and where a threshold at 20 differs" : "−750 (unit 2): pins sigmoid where a naive eᶻ/(1 + eᶻ) overflows, σ = 1 and σ = 0 exactly")
                + $"; over-parametrised (K = 13 > QN = 3), κ = 1/N, no trajectories (seed {seed})";
            entries.Add(new(name, description, VectorRegime.Over, () =>
            {
                var random = new Random(seed);
                var inputs = Matrix<double>.Build.Dense(2, 3, (_, _) => Normal.Sample(random, 0, 1));
                var network = new DeepNetwork(inputs, [3], 1, activation);
                var W1 = Matrix<double>.Build.Dense(3, 2, (i, _) => Normal.Sample(random, 0, i == 2 && softplus ? 0.7 : i == 1 && !softplus ? 0.7 : 0.1));
                double[] bias = softplus ? [750, 20.5, Normal.Sample(random, 0, 0.1)] : [750, Normal.Sample(random, 0, 0.1), -750];
                var b1 = Matrix<double>.Build.Dense(3, 1, (i, _) => bias[i]);
                var W2 = Matrix<double>.Build.Dense(1, 3, (_, j) => j == 0 ? 0.001 : Normal.Sample(random, 0, 0.7));
                var b2 = Matrix<double>.Build.Dense(1, 1, (_, _) => Normal.Sample(random, 0, 0.1));
                var targets = Gaussian(random, 3);
                return TestVectorComputation.Compute(name, description, VectorRegime.Over, network, network.Layout.Assemble(W1, b1, W2, b2), targets, 1.0 / 3, null);
            }));
        }

        // Version 2: the rank cut-off τ = max(QN, K)·ε·σ₁ pinned from both sides. X has exactly orthogonal columns (rows for
        // the wide one) from a Sylvester–Hadamard matrix, scaled by powers of 2, so its singular values are exact:
        // σ_{p−1}/σ₁ = 2⁻⁴⁵ lies about 8τ/σ₁ above the cut-off (a cut-off 100× larger drops it) and σ_p/σ₁ = 2⁻⁵² = ε lies
        // below it (a cut-off 100× smaller, or none, inverts it). No trajectories: the adapted flow moves ~1/σ_p.
        foreach (var (n, p, seed) in new[] { (16, 4, 101), (8, 3, 102), (4, 16, 103) })
        {
            string name = $"linear-map-cutoff-n{n}-p{p}";
            string description = $"least squares ½‖Xw − q‖², X ∈ ℝ^({n}×{p}) with orthogonal Hadamard {(n >= p ? "columns" : "rows")} scaled so that the two smallest singular values "
                + "lie 2⁻⁴⁵ and 2⁻⁵² below σ₁: just above and just below the rank cut-off; rank loss (rank = min(n, p) − 1), no trajectories "
                + $"(seed {seed})";
            entries.Add(new(name, description, VectorRegime.RankLoss, () =>
            {
                var random = new Random(seed);
                int r = Math.Min(n, p);
                var H = Hadamard(Math.Max(n, p));
                double Scale(int k) => k == r - 1 ? Math.Pow(2, -52) : k == r - 2 ? Math.Pow(2, -45) : Math.Pow(2, -k);
                var x = n >= p
                    ? Matrix<double>.Build.Dense(n, p, (i, j) => H[i, j] * Scale(j))
                    : Matrix<double>.Build.Dense(n, p, (i, j) => H[i, j] * Scale(i));
                return TestVectorComputation.Compute(name, description, VectorRegime.RankLoss, new LinearMapModel(x), Gaussian(random, p), Gaussian(random, n), 1.0, null);
            }));
        }
        return entries;
    }

    /// <summary>Weights ~ 𝒩(0, 1/fan-in), biases ~ 𝒩(0, 0.1²), by block name (W… or b…).</summary>
    private static Vector<double> ScaledInitialisation(Spaces.ParameterLayout layout, Random random)
    {
        var theta = Vector<double>.Build.Dense(layout.Dimension);
        foreach (var block in layout.Blocks)
        {
            double sd = block.Name.StartsWith('b') ? 0.1 : 1 / Math.Sqrt(block.Columns);
            for (int i = 0; i < block.Count; i++)
            {
                theta[block.Offset + i] = Normal.Sample(random, 0, sd);
            }
        }
        return theta;
    }

    /// <summary>The Sylvester–Hadamard matrix of order <paramref name="n"/> (a power of 2): entries ±1, HHᵀ = nI.</summary>
    private static Matrix<double> Hadamard(int n) =>
        Matrix<double>.Build.Dense(n, n, (i, j) => int.PopCount(i & j) % 2 == 0 ? 1.0 : -1.0);

    private static Vector<double> Gaussian(Random random, int n) => Vector<double>.Build.Dense(n, _ => Normal.Sample(random, 0, 1));
}
