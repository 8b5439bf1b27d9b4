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
/// The Penrose inverse D⁺ = V_rΣ_r⁻¹U_rᵀ of <see cref="PenroseInverse"/> on matrices of known exact rank (tall, wide,
/// square, rank-deficient, zero): the four Moore–Penrose conditions, the two orthoprojectors and their bases, the
/// matrix-free products against the explicit matrices, the numerical rank against the exact rank and the threshold
/// τ = max(m, n)·ε·σ₁, and the argument checks. Every comparison that goes through the SVD carries the regime-(i)
/// tolerance 10³·u·κ₂ with κ₂ = σ₁/σ_r of the rank-r part; comparisons of the same sums in another order carry γₙ.
/// </summary>
public sealed class PenroseInverseTests
{
    /// <summary>
    /// AA⁺A = A, A⁺AA⁺ = A⁺, (AA⁺)ᵀ = AA⁺, (A⁺A)ᵀ = A⁺A; rank = the exact rank r, with τ = max(m, n)·ε·σ₁ strictly
    /// between σ_{r+1} and σ_r; IsFullRank iff r = min(m, n); σ_max, σ_min and σ_min/σ_max read off the singular values.
    /// </summary>
    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200, MaxRejected = 200 / Verdict.InconclusivePerChecked)]
    [Trait("Theorem", "NUM.Geometry")]
    public Property PenroseConditions_Eq_And_Rank_Eq_ExactRank_Of_ControlledRank(ControlledRankMatrixInstance instance)
    {
        var A = instance.A;
        var inverse = new PenroseInverse(A);
        int m = instance.Rows, n = instance.Columns, r = instance.Rank;

        Check.That(inverse.Rows == m && inverse.Columns == n, $"shape {inverse.Rows}×{inverse.Columns} = {m}×{n}");
        Check.That(inverse.SingularValues.Length == Math.Min(m, n), $"{inverse.SingularValues.Length} singular values = min(m, n)");
        double sigmaMax = inverse.SingularValues[0];
        Check.That(inverse.Threshold == Math.Max(m, n) * FloatingPoint.MachineEpsilon * sigmaMax,
            $"τ = {inverse.Threshold:G17} = max(m, n)·ε·σ₁");
        Check.That(inverse.Threshold == PenroseInverse.RankThreshold(m, n, sigmaMax), "τ = RankThreshold(m, n, σ₁)");
        Check.That(inverse.Rank == r, $"numerical rank {inverse.Rank} = exact rank {r} (σ = [{string.Join(", ", inverse.SingularValues.Select(s => s.ToString("G3")))}], τ = {inverse.Threshold:G3})");
        Check.That(inverse.IsFullRank == (r == Math.Min(m, n)), $"IsFullRank = {inverse.IsFullRank} for r = {r}, min(m, n) = {Math.Min(m, n)}");
        Check.That(inverse.LargestSingularValue == sigmaMax, "σ_max = σ₁");
        Check.That(inverse.SmallestSingularValue == inverse.SingularValues[^1], "σ_min = σ_p");
        if (r > 0)
        {
            // Well above and well below: σ_r ≥ 10⁵·τ (the generator's σ_r/σ₁ ≥ 3.5·10⁻⁵), σ_{r+1} ≤ τ.
            Check.Lt(1e5 * inverse.Threshold, inverse.SingularValues[r - 1], "σ_r far above τ");
            Check.That(inverse.ConditionRatio == inverse.SmallestSingularValue / sigmaMax, "σ_min/σ_max");
        }

        double sigmaR = r > 0 ? inverse.SingularValues[r - 1] : 1;
        double kappa = r > 0 ? sigmaMax / sigmaR : 1;
        var plus = inverse.Matrix;
        Check.That(plus.RowCount == n && plus.ColumnCount == m, $"A⁺ is {plus.RowCount}×{plus.ColumnCount}, expected {n}×{m}");
        Check.Close((A * plus * A).ToColumnMajorArray(), A.ToColumnMajorArray(), Tolerances.Algebraic(sigmaMax, kappa), "AA⁺A = A");
        Check.Close((plus * A * plus).ToColumnMajorArray(), plus.ToColumnMajorArray(), Tolerances.Algebraic(1 / sigmaR, kappa), "A⁺AA⁺ = A⁺");
        var outputProjector = A * plus;
        var parameterProjector = plus * A;
        Check.Close(outputProjector.Transpose().ToColumnMajorArray(), outputProjector.ToColumnMajorArray(), Tolerances.Algebraic(1, kappa), "(AA⁺)ᵀ = AA⁺");
        Check.Close(parameterProjector.Transpose().ToColumnMajorArray(), parameterProjector.ToColumnMajorArray(), Tolerances.Algebraic(1, kappa), "(A⁺A)ᵀ = A⁺A");
        return Verdict.Checked()
            .Classify(r == 0, "zero matrix")
            .Classify(r > 0 && r < Math.Min(m, n), "rank-deficient")
            .Classify(m > n, "tall")
            .Classify(m < n, "wide")
            .Classify(m == n, "square");
    }

    /// <summary>
    /// P_out = AA⁺ and P_par = A⁺A are idempotent, symmetric, of trace r, and fix the columns of A and of Aᵀ; the bases
    /// U_r, V_r are orthonormal with U_rU_rᵀ = P_out, V_rV_rᵀ = P_par, U_rU_rᵀA = A and AV_rV_rᵀ = A (they span range A
    /// and range Aᵀ); D⁺r, (Dᵀ)⁺v, P_out·r and P_par·v equal the explicit matrices times the vector.
    /// </summary>
    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200, MaxRejected = 200 / Verdict.InconclusivePerChecked)]
    [Trait("Theorem", "NUM.Geometry")]
    public Property Projectors_Idempotent_And_Bases_Orthonormal_And_Products_Eq_Matrices_Of_ControlledRank(
        ControlledRankMatrixInstance instance)
    {
        var A = instance.A;
        var inverse = new PenroseInverse(A);
        int m = instance.Rows, n = instance.Columns, r = instance.Rank;
        double sigmaMax = inverse.LargestSingularValue;
        double sigmaR = r > 0 ? inverse.SingularValues[r - 1] : 1;
        double kappa = r > 0 ? sigmaMax / sigmaR : 1;
        var plus = inverse.Matrix;
        var pOut = inverse.ProjectorOutput;
        var pPar = inverse.ProjectorParameter;
        var projector = Tolerances.Algebraic(1, kappa);

        Check.Close(pOut.ToColumnMajorArray(), (A * plus).ToColumnMajorArray(), projector, "P_out = AA⁺");
        Check.Close(pPar.ToColumnMajorArray(), (plus * A).ToColumnMajorArray(), projector, "P_par = A⁺A");
        Check.Close((pOut * pOut).ToColumnMajorArray(), pOut.ToColumnMajorArray(), projector, "P_out² = P_out");
        Check.Close((pPar * pPar).ToColumnMajorArray(), pPar.ToColumnMajorArray(), projector, "P_par² = P_par");
        Check.Close(pOut.Transpose().ToColumnMajorArray(), pOut.ToColumnMajorArray(), projector, "P_outᵀ = P_out");
        Check.Close(pPar.Transpose().ToColumnMajorArray(), pPar.ToColumnMajorArray(), projector, "P_parᵀ = P_par");
        Check.Close(pOut.Trace(), r, Tolerances.Algebraic(m, kappa), "tr P_out = r");
        Check.Close(pPar.Trace(), r, Tolerances.Algebraic(n, kappa), "tr P_par = r");
        Check.Close((pOut * A).ToColumnMajorArray(), A.ToColumnMajorArray(), Tolerances.Algebraic(sigmaMax, kappa), "P_out·A = A");
        Check.Close((A * pPar).ToColumnMajorArray(), A.ToColumnMajorArray(), Tolerances.Algebraic(sigmaMax, kappa), "A·P_par = A");

        var U = inverse.OutputBasis;
        var V = inverse.ParameterBasis;
        if (r == 0)
        {
            Check.That(U is null && V is null, "no basis of the zero range");
        }
        else
        {
            Check.That(U is not null && U.RowCount == m && U.ColumnCount == r, $"U_r is {U?.RowCount}×{U?.ColumnCount}, expected {m}×{r}");
            Check.That(V is not null && V.RowCount == n && V.ColumnCount == r, $"V_r is {V?.RowCount}×{V?.ColumnCount}, expected {n}×{r}");
            var identity = Matrix<double>.Build.DenseIdentity(r).ToColumnMajorArray();
            Check.Close(U!.TransposeThisAndMultiply(U).ToColumnMajorArray(), identity, Tolerances.Algebraic(1, 1), "U_rᵀU_r = I");
            Check.Close(V!.TransposeThisAndMultiply(V).ToColumnMajorArray(), identity, Tolerances.Algebraic(1, 1), "V_rᵀV_r = I");
            Check.Close(U.TransposeAndMultiply(U).ToColumnMajorArray(), pOut.ToColumnMajorArray(), Tolerances.Algebraic(1, 1), "U_rU_rᵀ = P_out");
            Check.Close(V.TransposeAndMultiply(V).ToColumnMajorArray(), pPar.ToColumnMajorArray(), Tolerances.Algebraic(1, 1), "V_rV_rᵀ = P_par");
            Check.Close((U * U.TransposeThisAndMultiply(A)).ToColumnMajorArray(), A.ToColumnMajorArray(), Tolerances.Algebraic(sigmaMax, 1), "U_rU_rᵀA = A (U_r spans range A)");
            Check.Close((A * V * V.Transpose()).ToColumnMajorArray(), A.ToColumnMajorArray(), Tolerances.Algebraic(sigmaMax, 1), "AV_rV_rᵀ = A (V_r spans range Aᵀ)");
        }

        // The same sums Σₘ vₖₘuᵢₘwᵢ/σₘ in another order: γₙ times Σ|terms| ≤ r·√(length)·‖w‖/σ_r.
        var random = new Random(instance.Seed);
        var output = Gaussian.Vector(random, m);
        var parameter = Gaussian.Vector(random, n);
        int operations = 4 * (m + n) * Math.Max(r, 1);
        Check.Close(inverse.Apply(output).ToArray(), (plus * output).ToArray(),
            Tolerances.Rounding(r * Math.Sqrt(m) * output.L2Norm() / sigmaR, operations), "D⁺r = (D⁺)·r");
        Check.Close(inverse.ApplyTranspose(parameter).ToArray(), plus.TransposeThisAndMultiply(parameter).ToArray(),
            Tolerances.Rounding(r * Math.Sqrt(n) * parameter.L2Norm() / sigmaR, operations), "(Dᵀ)⁺v = (D⁺)ᵀ·v");
        Check.Close(inverse.ProjectOutput(output).ToArray(), (pOut * output).ToArray(),
            Tolerances.Rounding(r * Math.Sqrt(m) * output.L2Norm(), operations), "P_out·r");
        Check.Close(inverse.ProjectParameter(parameter).ToArray(), (pPar * parameter).ToArray(),
            Tolerances.Rounding(r * Math.Sqrt(n) * parameter.L2Norm(), operations), "P_par·v");
        return Verdict.Checked()
            .Classify(r == 0, "zero matrix")
            .Classify(r > 0 && r < Math.Min(m, n), "rank-deficient")
            .Classify(m > n, "tall")
            .Classify(m < n, "wide");
    }

    /// <summary>τ = max(m, n)·ε·σ_max exactly (ε = 2⁻⁵²), for tall and wide shapes.</summary>
    [Fact]
    [Trait("Theorem", "NUM.Geometry")]
    public void RankThreshold_Eq_MaxDimension_Mul_Epsilon_Mul_SigmaMax()
    {
        double epsilon = Math.Pow(2, -52);
        Check.That(FloatingPoint.MachineEpsilon == epsilon, "ε = 2⁻⁵²");
        Check.That(PenroseInverse.RankThreshold(3, 7, 2.5) == 7 * epsilon * 2.5, "τ(3×7, σ = 2.5) = 7·ε·2.5");
        Check.That(PenroseInverse.RankThreshold(7, 3, 2.5) == 7 * epsilon * 2.5, "τ(7×3, σ = 2.5) = 7·ε·2.5");
        Check.That(PenroseInverse.RankThreshold(4, 4, 0) == 0, "τ(σ = 0) = 0");
    }

    /// <summary>
    /// The zero matrix: σ = 0, τ = 0, rank 0 (σ = τ is not counted), no bases, D⁺ = 0, projectors 0, σ_min/σ_max = 0.
    /// </summary>
    [Fact]
    [Trait("Theorem", "NUM.Geometry")]
    public void ZeroMatrix_Rank_Eq_Zero_And_Inverse_Eq_Zero()
    {
        foreach (var (m, n) in new[] { (3, 5), (5, 3), (4, 4) })
        {
            var inverse = new PenroseInverse(Matrix<double>.Build.Dense(m, n));
            Check.That(inverse.Threshold == 0 && inverse.Rank == 0 && !inverse.IsFullRank, $"{m}×{n}: rank {inverse.Rank}, τ = {inverse.Threshold}");
            Check.That(inverse.OutputBasis is null && inverse.ParameterBasis is null, $"{m}×{n}: no bases");
            Check.That(inverse.LargestSingularValue == 0 && inverse.SmallestSingularValue == 0 && inverse.ConditionRatio == 0,
                $"{m}×{n}: σ_max = {inverse.LargestSingularValue}, σ_min = {inverse.SmallestSingularValue}, ratio = {inverse.ConditionRatio}");
            Check.That(inverse.Matrix.ForAll(x => x == 0) && inverse.ProjectorOutput.ForAll(x => x == 0) && inverse.ProjectorParameter.ForAll(x => x == 0),
                $"{m}×{n}: D⁺ = 0, P_out = 0, P_par = 0");
            var ones = Vector<double>.Build.Dense(m, 1);
            var onesK = Vector<double>.Build.Dense(n, 1);
            Check.That(inverse.Apply(ones).ForAll(x => x == 0) && inverse.ApplyTranspose(onesK).ForAll(x => x == 0)
                && inverse.ProjectOutput(ones).ForAll(x => x == 0) && inverse.ProjectParameter(onesK).ForAll(x => x == 0),
                $"{m}×{n}: every product is 0");
        }
    }

    /// <summary>
    /// Bad input to the Penrose inverse, the output geometry and the adapted direction raises an exception of exactly the
    /// documented type that names the argument and says what was expected.
    /// </summary>
    [Fact]
    [Trait("Theorem", "NUM.Geometry")]
    public void BadInput_Throws_Naming_The_Argument()
    {
        var D = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 2, 0 }, { 0, 1, 3 } });
        var bad = D.Clone();
        bad[1, 2] = double.NaN;
        Throws<ArgumentException>(() => new PenroseInverse(bad), "d", "the Jacobian D");
        var inverse = new PenroseInverse(D);
        var nan = Vector<double>.Build.Dense([1.0, double.NaN]);
        var nanK = Vector<double>.Build.Dense([1.0, 0.0, double.NaN]);
        foreach (int length in new[] { 1, 3 })
        {
            Throws<ArgumentException>(() => inverse.Apply(Vector<double>.Build.Dense(length)), "r", "output space");
            Throws<ArgumentException>(() => inverse.ProjectOutput(Vector<double>.Build.Dense(length)), "r", "output space");
        }
        foreach (int length in new[] { 2, 4 })
        {
            Throws<ArgumentException>(() => inverse.ApplyTranspose(Vector<double>.Build.Dense(length)), "v", "parameter space");
            Throws<ArgumentException>(() => inverse.ProjectParameter(Vector<double>.Build.Dense(length)), "v", "parameter space");
        }
        Throws<ArgumentException>(() => inverse.Apply(nan), "r", "r[1] = NaN");
        Throws<ArgumentException>(() => inverse.ProjectOutput(nan), "r", "r[1] = NaN");
        Throws<ArgumentException>(() => inverse.ApplyTranspose(nanK), "v", "v[2] = NaN");
        Throws<ArgumentException>(() => inverse.ProjectParameter(nanK), "v", "v[2] = NaN");

        Throws<ArgumentNullException>(() => new OutputGeometry(null!, Vector<double>.Build.Dense(2)), "d", "expected a value");
        Throws<ArgumentException>(() => new OutputGeometry(D, Vector<double>.Build.Dense(3)), "g", "one entry per row of D");
        Throws<ArgumentException>(() => new OutputGeometry(D, nan), "g", "g[1] = NaN");

        var model = new LinearMapModel(D);
        var theta = Vector<double>.Build.Dense(3);
        Throws<ArgumentNullException>(() => AdaptedDirection.Explicit(null!, theta, Vector<double>.Build.Dense(2)), "model", "expected a value");
        Throws<ArgumentNullException>(() => AdaptedDirection.Structured(null!, theta, Vector<double>.Build.Dense(2)), "model", "expected a value");
        Throws<ArgumentException>(() => AdaptedDirection.Explicit(model, theta, Vector<double>.Build.Dense(3)), "g", "output-space vector");
        Throws<ArgumentException>(() => AdaptedDirection.Explicit(model, theta, nan), "g", "g[1] = NaN");
        var network = new DeepNetwork(Matrix<double>.Build.Dense(1, 2, 1.0), [2], 1, Activation.Tanh);
        var thetaNetwork = Vector<double>.Build.Dense(network.Layout.Dimension, 0.5);
        Throws<ArgumentException>(() => AdaptedDirection.Structured(network, thetaNetwork, Vector<double>.Build.Dense(3)), "g", "output-space vector");
        Throws<ArgumentException>(() => AdaptedDirection.Structured(network, thetaNetwork, nan), "g", "g[1] = NaN");
        Throws<ArgumentNullException>(() => NeuralTangentKernel.Explicit(null!, theta), "model", "expected a value");
        Throws<ArgumentNullException>(() => NeuralTangentKernel.Of(null!, theta), "model", "expected a value");
        Throws<ArgumentException>(() => new PenroseInverse(Matrix<double>.Build.Dense(0, 3)), "d", "d is 0×3; expected");
        Throws<ArgumentException>(() => new PenroseInverse(Matrix<double>.Build.Dense(2, 0)), "d", "d is 2×0; expected");
    }

    /// <summary>
    /// <see cref="RankDeficientException"/> states what was computed, the rank found, the rank expected, σ_min, the
    /// threshold and its formula, and where to go instead; its properties carry the same numbers.
    /// </summary>
    [Fact]
    [Trait("Theorem", "NUM.Geometry")]
    public void RankDeficientException_Message_Names_The_Ranks()
    {
        var error = new RankDeficientException(2, 3, "adapted flow θ′ = −D⁺∇ₓC", 1.25e-17, 3.5e-15);
        Check.That(error.Rank == 2 && error.Expected == 3 && error.SmallestSingularValue == 1.25e-17 && error.Threshold == 3.5e-15,
            $"properties ({error.Rank}, {error.Expected}, {error.SmallestSingularValue}, {error.Threshold})");
        foreach (var part in new[]
        {
            "adapted flow θ′ = −D⁺∇ₓC: numerical rank 2; expected rank 3",
            $"σ_min = {1.25e-17:E3} ≤ threshold {3.5e-15:E3} = max(QN, K)·ε·σ_max",
            "least-squares adapted flow (Theorem 4.1)",
        })
        {
            Assert.Contains(part, error.Message, StringComparison.Ordinal);
        }
    }

    private static void Throws<TException>(Action action, string parameter, string expected)
        where TException : ArgumentException
    {
        var error = Assert.Throws<TException>(action);
        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
