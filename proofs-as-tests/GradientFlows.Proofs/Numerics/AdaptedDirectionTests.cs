using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GradientFlows.Differentiation;
using GradientFlows.Geometry;
using GradientFlows.Models;
using GradientFlows.Proofs.Generators;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.Numerics;

/// <summary>
/// The adapted direction v = −Dᵀz with Θz = g (<see cref="AdaptedDirection"/>): the structured and explicit routes on
/// deep networks, in full rank (Cholesky) and under rank loss from duplicated inputs (pseudo-inverse), against −D⁺g; and
/// the documented switch between the two solvers at the pivot floor τ_Θ = QN·ε·maxᵢΘᵢᵢ on kernels built exactly.
/// </summary>
public sealed class AdaptedDirectionTests
{
    /// <summary>
    /// Deep tanh networks with 1–2 hidden layers of width 3–8, input dimension 1–3, 1–4 samples and 1–2 outputs
    /// (K &gt; QN), half of them with one input duplicated (its two samples give equal rows of D, so rank D = Q(N − 1)
    /// and Θ is exactly singular), g Gaussian (different targets on the duplicated pair). Full rank: both routes solve by
    /// Cholesky with kernel rank QN; rank loss: both take the pseudo-inverse with kernel rank = rank D. In both cases
    /// structured = explicit = −D⁺g and −Dᵀz = velocity.
    /// </summary>
    [Property(MaxTest = 60, MaxRejected = 60 / Verdict.InconclusivePerChecked)]
    [Trait("Theorem", "NUM.Geometry")]
    public Property AdaptedDirection_Structured_Eq_Explicit_Eq_NegPenrose_Of_DeepNetwork(int seed)
    {
        var random = new Random(seed);
        int M = random.Next(1, 4), N = random.Next(1, 5), Q = random.Next(1, 3);
        var hidden = Enumerable.Range(0, random.Next(1, 3)).Select(_ => random.Next(3, 9)).ToArray();
        var inputs = Gaussian.Matrix(random, M, N);
        bool duplicate = N >= 2 && random.Next(2) == 0;
        if (duplicate)
        {
            inputs.SetColumn(N - 1, inputs.Column(random.Next(N - 1)));
        }
        var network = new DeepNetwork(inputs, hidden, Q, Activation.Tanh);
        var theta = Gaussian.Vector(random, network.Layout.Dimension, 1.0 / Math.Sqrt(hidden.Max()));
        var g = Gaussian.Vector(random, network.OutputCount);
        int QN = network.OutputCount;
        int expectedRank = duplicate ? Q * (N - 1) : QN;

        var D = network.Jacobian(theta);
        var inverse = new PenroseInverse(D);
        double sigmaR = inverse.Rank > 0 ? inverse.SingularValues[inverse.Rank - 1] : 0;
        if (inverse.Rank != expectedRank || sigmaR < Tolerances.RankRatio * inverse.LargestSingularValue)
        {
            return Verdict.Inconclusive($"rank D = {inverse.Rank} ≠ {expectedRank} or σ_r/σ₁ below ρ");
        }
        var structured = AdaptedDirection.Structured(network, theta, g);
        var explicitRoute = AdaptedDirection.Explicit(network, theta, g);
        var expectedSolve = duplicate ? KernelSolve.PseudoInverse : KernelSolve.Cholesky;
        foreach (var (route, direction) in new[] { ("structured", structured), ("explicit", explicitRoute) })
        {
            Check.That(direction.Solve == expectedSolve, $"{route}: solved by {direction.Solve}, expected {expectedSolve}");
            Check.That(direction.KernelRank == expectedRank, $"{route}: kernel rank {direction.KernelRank} = rank D = {expectedRank}");
            Check.That(direction.Z.Count == QN, $"{route}: z ∈ ℝ^QN");
            Check.Close(direction.Velocity.ToArray(), (-D.TransposeThisAndMultiply(direction.Z)).ToArray(),
                Tolerances.Rounding(D.FrobeniusNorm() * direction.Z.L2Norm(), 4 * QN), $"{route}: v = −Dᵀz");
        }
        var reference = -inverse.Apply(g);
        // Error relative to ‖g‖/σ_r ≥ ‖D⁺g‖ with the kernel's condition κ₂(D)² (as in CH.Eq1.30 under rank loss).
        var tol = Tolerances.KernelSolve(g.L2Norm() / sigmaR, inverse.LargestSingularValue / sigmaR);
        Check.Close(structured.Velocity.ToArray(), reference.ToArray(), tol, "structured −Dᵀz = −D⁺g");
        Check.Close(explicitRoute.Velocity.ToArray(), reference.ToArray(), tol, "explicit −Dᵀz = −D⁺g");
        if (!duplicate)
        {
            // Full rank: z solves Θz = g.
            var kernel = network.TangentKernel(theta);
            Check.Close((kernel * structured.Z).ToArray(), g.ToArray(),
                Tolerances.KernelSolve(g.L2Norm(), inverse.LargestSingularValue / sigmaR), "Θz = g");
        }
        return Verdict.Checked().Classify(duplicate, "rank loss (duplicated input)");
    }

    /// <summary>
    /// The pivot floor is strict: Θ = diag(1, 1, 1, λ) with λ = τ_Θ = 4·ε·1 = 2⁻⁵⁰ (its Cholesky pivot L₄₄² = λ is exact)
    /// is solved by the pseudo-inverse, which drops the eigenvalue λ ≤ τ_Θ (kernel rank 3, z₄ = 0); with λ = 4τ_Θ it is
    /// solved by Cholesky (kernel rank 4, z₄ = g₄/λ). The kernels come from D = diag(1, 1, 1, √λ) through the explicit
    /// route, so DDᵀ is exact.
    /// </summary>
    [Fact]
    [Trait("Theorem", "NUM.Geometry")]
    public void KernelSolve_PseudoInverse_Of_PivotAtFloor_And_Cholesky_Of_PivotAboveFloor()
    {
        double floor = NeuralTangentKernel.EigenvalueThreshold(4, 1);
        Check.That(floor == 4 * FloatingPoint.MachineEpsilon && floor == Math.Pow(2, -50), "τ_Θ = QN·ε·λ_max = 2⁻⁵⁰");
        var g = Vector<double>.Build.Dense([1.0, -2.0, 3.0, 0.5]);
        var theta = Vector<double>.Build.Dense(4);
        foreach (var (lambda, solve, rank) in new[] { (floor, KernelSolve.PseudoInverse, 3), (4 * floor, KernelSolve.Cholesky, 4) })
        {
            var D = Matrix<double>.Build.DenseOfDiagonalArray([1.0, 1.0, 1.0, Math.Sqrt(lambda)]);
            var direction = AdaptedDirection.Explicit(new LinearMapModel(D), theta, g);
            Check.That(direction.Solve == solve && direction.KernelRank == rank,
                $"λ = {lambda:G3}: solved by {direction.Solve} with kernel rank {direction.KernelRank}, expected {solve} with rank {rank}");
            double z4 = rank == 4 ? g[3] / lambda : 0;
            Check.Close(direction.Z.ToArray(), new[] { g[0], g[1], g[2], z4 }, Tolerances.Rounding(Math.Abs(z4) + g.L2Norm()), $"λ = {lambda:G3}: z");
            Check.Close(direction.Velocity.ToArray(), (-D.TransposeThisAndMultiply(direction.Z)).ToArray(),
                Tolerances.Rounding(Math.Abs(z4) + g.L2Norm()), $"λ = {lambda:G3}: v = −Dᵀz");
        }
    }

    /// <summary>
    /// A singular kernel whose Cholesky factorisation fails (D with a zero row: Θ has a zero pivot) and the zero kernel
    /// (D = 0, max Θᵢᵢ = 0, Cholesky not tried) are solved by the pseudo-inverse: z = Θ⁺g, kernel rank = rank D.
    /// </summary>
    [Fact]
    [Trait("Theorem", "NUM.Geometry")]
    public void KernelSolve_PseudoInverse_Of_SingularKernel_And_ZeroKernel()
    {
        var g = Vector<double>.Build.Dense([2.0, -1.0, 4.0]);
        var theta = Vector<double>.Build.Dense(3);
        var singular = Matrix<double>.Build.DenseOfArray(new double[,] { { 2, 0, 0 }, { 0, 0, 0 }, { 0, 0, 1 } });
        var direction = AdaptedDirection.Explicit(new LinearMapModel(singular), theta, g);
        Check.That(direction.Solve == KernelSolve.PseudoInverse && direction.KernelRank == 2,
            $"zero row: solved by {direction.Solve} with kernel rank {direction.KernelRank}, expected the pseudo-inverse with rank 2");
        Check.Close(direction.Z.ToArray(), new[] { g[0] / 4, 0, g[2] }, Tolerances.Rounding(g.L2Norm()), "z = Θ⁺g");
        Check.Close(direction.Velocity.ToArray(), new[] { -g[0] / 2, 0, -g[2] }, Tolerances.Rounding(g.L2Norm()), "v = −D⁺g");

        var zero = AdaptedDirection.Explicit(new LinearMapModel(Matrix<double>.Build.Dense(3, 3)), theta, g);
        Check.That(zero.Solve == KernelSolve.PseudoInverse && zero.KernelRank == 0,
            $"D = 0: solved by {zero.Solve} with kernel rank {zero.KernelRank}, expected the pseudo-inverse with rank 0");
        Check.That(zero.Z.ForAll(x => x == 0) && zero.Velocity.ForAll(x => x == 0), "D = 0: z = 0 and v = 0");
    }
}
