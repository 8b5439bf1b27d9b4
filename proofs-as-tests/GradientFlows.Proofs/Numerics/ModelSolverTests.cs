using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GradientFlows.Integration;
using GradientFlows.Models;
using GradientFlows.Proofs.Generators;
using GradientFlows.Solvers;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.Numerics;

/// <summary>
/// The solver face <see cref="ModelSolver.Train"/>: on linear least squares of full column rank every applicable flow
/// converges to A⁺y (computed independently by QR) and the reported estimate ‖D⁺r‖ equals the true error to rounding;
/// on the NIST StRD problem Misra1a the Gauss–Newton flow reaches the certified values from both NIST starts with an
/// estimate that covers the actual error, while the standard flow is too stiff (κ₂(D)² ≈ 6·10¹³) and its
/// relative-gradient stop can be fooled, which the estimate exposes;
/// rank loss is a stop reason, never a crash; every bad option is rejected by name. See docs/solver.md.
/// </summary>
public sealed class ModelSolverTests
{
    /// <summary>
    /// Step budget of the linear property: the standard flow's gradient decays like e^{−σ_min²s}, so it needs
    /// s ≈ ln(1/τ)/σ_min² (the time limit is twice that, and at least 2·ln(1/τ) for the Gauss–Newton flow, whose
    /// gradient decays like e^{−s}), while DP5(4)'s stability interval (≈ 3.3 on the negative axis) limits h to ≈ 3.3/σ_max²: about
    /// κ²·ln(1/τ)/3.3 ≤ 100·18.4/3.3 ≈ 560 accepted steps at κ ≤ 10, τ = 10⁻⁸, plus the rejections of a step size
    /// oscillating at the stability boundary and the transient at rtol 10⁻¹⁰. Measured over 300 draws of the generator's
    /// distribution: at most 752 attempts (κ₂ = 9.9); 8 000 is ten times that.
    /// </summary>
    private const int LinearStepBudget = 8_000;

    /// <summary>τ of the linear property and of the Misra1a convergence checks (the solver's default).</summary>
    private const double Tau = 1e-8;

    /// <summary>
    /// x(θ) = Aθ, rank A = K ≤ n, κ₂(A) ≤ 10: the standard flow, the Gauss–Newton flow, the automatic choice and (for
    /// K = n) the adapted flow stop with Converged at θ with ‖θ − A⁺y‖ = ‖A⁺(Aθ − y)‖ (the reported estimate, exact
    /// for a linear model) up to rounding, entry by entry as well. 40 cases: each trains by three or four flows.
    /// </summary>
    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 40, MaxRejected = 40 / Verdict.InconclusivePerChecked)]
    [Trait("Theorem", "NUM.Solver")]
    public Property Solver_Error_Eq_Estimate_And_Converges_To_LeastSquares_Of_FullColumnRankLinear(FullColumnRankLinearInstance instance)
    {
        var A = instance.A;
        var y = instance.Y;
        var cost = instance.Cost;
        var thetaStar = A.QR().Solve(y);
        var svd = A.Svd(false);
        double sigmaMax = svd.S[0], sigmaMin = svd.S[^1];
        double residualStar = (A * thetaStar - y).L2Norm();
        List<TrainingFlow> flows = [TrainingFlow.Standard, TrainingFlow.GaussNewton, TrainingFlow.Automatic];
        if (instance.Rows == instance.Columns)
        {
            flows.Add(TrainingFlow.Adapted);
        }
        int mostSteps = 0;
        foreach (var flow in flows)
        {
            var result = ModelSolver.Train(cost, instance.Theta0,
                new SolverOptions
                {
                    Flow = flow,
                    RelativeGradient = Tau,
                    Tolerances = Tolerances.Flow,
                    MaxSteps = LinearStepBudget,
                    TimeLimit = 2 * Math.Log(1 / Tau) * Math.Max(1, 1 / (sigmaMin * sigmaMin)),
                });
            Check.That(result.Stop == TrainingStop.Converged, $"{flow}: stopped with {result.Stop}: {result.Reason}");
            Check.That(result.GradientNorm <= Tau * result.InitialGradientNorm * (1 + Tolerances.FlowBoundRelative),
                $"{flow}: ‖∇C‖ = {result.GradientNorm:G3} ≤ τ‖∇C(θ₀)‖ = {Tau * result.InitialGradientNorm:G3}");
            var theta = result.Parameters;
            var e = theta - thetaStar;
            var rounding = Tolerances.LinearLeastSquaresRounding(sigmaMax, sigmaMin, thetaStar.L2Norm(), residualStar, y.L2Norm());
            Check.That(result.EstimatedError is not null, $"{flow}: an estimate at full column rank");
            Check.Close(result.EstimatedError!.Value, e.L2Norm(), rounding, $"{flow}: estimate ‖D⁺r‖ = true error ‖θ − A⁺y‖");
            Check.Close([.. result.Estimate.ParameterErrors], [.. e.Select(Math.Abs)], rounding, $"{flow}: |(D⁺r)ᵢ| = |θᵢ − (A⁺y)ᵢ|");
            Check.Close([.. result.Estimate.Step], [.. e], rounding, $"{flow}: D⁺r = θ − A⁺y");
            mostSteps = Math.Max(mostSteps, result.AcceptedSteps + result.RejectedSteps);
        }
        SlackLog.Record(mostSteps, LinearStepBudget, nameof(LinearStepBudget));
        return Verdict.Checked()
            .Classify(instance.Rows == instance.Columns, "square (adapted flow too)")
            .Classify(sigmaMax / sigmaMin > 3, "κ₂ > 3")
            .Classify(residualStar > 0.1, "‖r*‖ > 0.1");
    }

    /// <summary>
    /// Misra1a from both NIST starts by the Gauss–Newton flow at τ = 10⁻⁸, rtol 10⁻¹⁰: Converged, each parameter within
    /// relative 10·τ of the certified value, the actual error |θᵢ − certᵢ| covered by the estimate |δᵢ| (slack 5 %, plus
    /// the certified value's own rounding and the estimate's rounding floor), and the estimate not vacuous (|δᵢ| within
    /// the same slack of the actual error).
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [Trait("Theorem", "NUM.Solver")]
    public void Misra1a_GaussNewton_Eq_Certified_And_Error_Le_Estimate_Of_NistStart(int start)
    {
        var cost = Misra1a.Cost;
        var theta0 = Vector<double>.Build.DenseOfArray(start == 1 ? Misra1a.Start1 : Misra1a.Start2);
        var result = ModelSolver.Train(cost, theta0,
            new SolverOptions { Flow = TrainingFlow.GaussNewton, RelativeGradient = Tau, Tolerances = Tolerances.Flow });
        Check.That(result.Stop == TrainingStop.Converged, $"start {start}: stopped with {result.Stop}: {result.Reason}");
        Check.That(result.Flow == TrainingFlow.GaussNewton, "the flow asked for");
        var theta = result.Parameters;
        double[] certified = Misra1a.Certified;
        for (int i = 0; i < 2; i++)
        {
            Check.Le(Math.Abs(theta[i] - certified[i]) / certified[i], 0, Tolerances.Misra1aRelativeError(Tau),
                $"start {start}: relative error of b{i + 1} = {theta[i]:R}");
        }
        CheckEstimateCovers(cost, result, $"start {start}");
    }

    /// <summary>
    /// The attainable digits of Misra1a: with τ = 10⁻¹² (below what the flow reaches at rtol 10⁻¹⁰ from start 2, and at
    /// the edge from start 1) the Gauss–Newton flow runs to its time limit s = 100 with θ stagnant at the certified
    /// values to all 11 digits (within the certified rounding, the estimate and its rounding floor); 2C there equals the
    /// certified residual sum of squares to its 11 digits, and the reported standard errors equal NIST's certified
    /// standard deviations to 9 digits.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [Trait("Theorem", "NUM.Solver")]
    public void Misra1a_Stagnation_Eq_CertifiedDigits_Of_TinyTau(int start)
    {
        var cost = Misra1a.Cost;
        var theta0 = Vector<double>.Build.DenseOfArray(start == 1 ? Misra1a.Start1 : Misra1a.Start2);
        var result = ModelSolver.Train(cost, theta0,
            new SolverOptions { Flow = TrainingFlow.GaussNewton, RelativeGradient = 1e-12, TimeLimit = 100, Tolerances = Tolerances.Flow });
        Check.That(result.Stop is TrainingStop.TimeLimit or TrainingStop.Converged, $"start {start}: {result.Stop}: {result.Reason}");
        CheckEstimateCovers(cost, result, $"start {start}, τ = 1e-12");
        Check.Close(2 * result.Cost, Misra1a.CertifiedResidualSumOfSquares, Tolerances.CertifiedRounding(Misra1a.CertifiedResidualSumOfSquares),
            "residual sum of squares 2C at the solver's θ");
        double[] sd = Misra1a.CertifiedStandardDeviations;
        for (int i = 0; i < 2; i++)
        {
            Check.Close(result.Estimate.StandardErrors[i] / sd[i], 1, Tolerances.StandardErrorAgreement, $"standard error of b{i + 1} at the solver's θ");
        }
    }

    /// <summary>
    /// The data as typed reproduce NIST's certificate: at the certified b, 2C equals the certified residual sum of squares
    /// and <see cref="GaussNewtonErrorEstimate.StandardErrors"/> σ̂·√((DᵀD)⁻¹)ᵢᵢ, σ̂² = RSS/(14 − 2), equal the certified
    /// standard deviations, each within half a unit of the certificate's 11th digit (plus, for the standard errors, the
    /// SVD's rounding 10³·u·κ₂(D): b₂'s computed 7.26686884354·10⁻⁶ is 1.15 half-units off the certificate).
    /// </summary>
    [Fact]
    [Trait("Theorem", "NUM.Solver")]
    public void Misra1a_ResidualSumOfSquares_And_StandardErrors_Eq_Certified_Of_CertifiedValues()
    {
        var cost = Misra1a.Cost;
        var certified = Vector<double>.Build.DenseOfArray(Misra1a.Certified);
        Check.Close(2 * cost.Value(certified), Misra1a.CertifiedResidualSumOfSquares,
            Tolerances.CertifiedRounding(Misra1a.CertifiedResidualSumOfSquares), "residual sum of squares at the certified b");
        var estimate = new GaussNewtonErrorEstimate(cost, certified);
        double[] sd = Misra1a.CertifiedStandardDeviations;
        for (int i = 0; i < 2; i++)
        {
            Check.Close(estimate.StandardErrors[i], sd[i], Tolerances.CertifiedThroughSvd(sd[i], estimate.LargestSingularValue / estimate.SmallestSingularValue),
                $"standard error of b{i + 1} at the certified b");
        }
    }

    /// <summary>
    /// The standard flow on Misra1a is hopelessly stiff: σ_max(D)²/σ_min(D)² ≈ 6·10¹³ at the solution, so DP5(4)'s
    /// stability bound h ≲ 3.3/σ_max² ≈ 4·10⁻¹¹ against the time ≈ 1/σ_min² ≈ 700 it needs. From NIST start 1 the
    /// relative-gradient stop is fooled: the fast direction (mostly b₂) relaxes within s ≈ 4·10⁻¹¹, which removes all but
    /// 10⁻⁸ of ‖∇C(θ₀)‖, so the solve reports Converged with b₁ still at 500 — and the error estimate (≈ 580) and the
    /// residual sum of squares (19.5) expose it. From start 2 the flow uses up a budget of 10 000 step attempts at
    /// s &lt; 10⁻⁶, far from the solution.
    /// </summary>
    [Fact]
    [Trait("Theorem", "NUM.Solver")]
    public void Misra1a_StandardFlow_Estimate_Exposes_FalseConvergence_Of_Stiffness()
    {
        var cost = Misra1a.Cost;
        var options = new SolverOptions { Flow = TrainingFlow.Standard, MaxSteps = 10_000, Tolerances = Tolerances.Flow };
        var fooled = ModelSolver.Train(cost, Vector<double>.Build.DenseOfArray(Misra1a.Start1), options);
        Check.That(fooled.Stop == TrainingStop.Converged, $"start 1: {fooled.Stop}: {fooled.Reason}");
        Check.Lt(fooled.Time, 1e-9, "start 1: flow time of the (false) convergence stop");
        Check.Lt(100, fooled.EstimatedError!.Value, "start 1: the estimate says θ is far from the solution");
        Check.Lt(100, Math.Abs(fooled.Parameters[0] - Misra1a.Certified[0]), "start 1: b₁ is far from the solution");
        Check.Lt(10 * Misra1a.CertifiedResidualSumOfSquares, 2 * fooled.Cost, "start 1: RSS far above the certified one");

        var stuck = ModelSolver.Train(cost, Vector<double>.Build.DenseOfArray(Misra1a.Start2), options);
        Check.That(stuck.Stop == TrainingStop.StepBudget && stuck.Status == IntegrationStatus.MaxStepsExceeded,
            $"start 2: {stuck.Stop} ({stuck.Status}): {stuck.Reason}");
        Check.Lt(stuck.Time, 1e-6, "start 2: flow time reached");
        Check.Lt(1, stuck.EstimatedError!.Value, "start 2: the estimate says θ is far from the solution");
        Check.Lt(2 * Misra1a.CertifiedResidualSumOfSquares, 2 * stuck.Cost, "start 2: RSS above the certified one");
    }

    /// <summary>
    /// Rank loss is a stop reason: the Gauss–Newton flow from b₁ = 0 (D's second column vanishes) and on duplicated
    /// inputs (D of rank 1), and the adapted flow of a linear model with a repeated row (rank A &lt; QN), stop at s = 0
    /// with RankLoss and no estimate; the Gauss–Newton flow to targets y = 0, along which b₁(s) = b₁(0)·e^{−s} and
    /// σ_min/σ_max falls with b₁, stops with RankLoss at the located crossing σ_min/σ_max = ρ = 10⁻³.
    /// </summary>
    [Fact]
    [Trait("Theorem", "NUM.Solver")]
    public void Solver_Stops_With_RankLoss_Of_RankDeficientJacobian()
    {
        var t = Vector<double>.Build.DenseOfArray([1.0, 2.0, 3.0]);
        var gaussNewton = new SolverOptions { Flow = TrainingFlow.GaussNewton, Tolerances = Tolerances.Flow };
        var y = Vector<double>.Build.DenseOfArray([1.0, 1.5, 1.8]);

        var atZero = ModelSolver.Train(new SquaredErrorCost(new SaturatingExponentialModel(t), y),
            Vector<double>.Build.DenseOfArray([0.0, 1.0]), gaussNewton);
        Check.That(atZero.Stop == TrainingStop.RankLoss && atZero.Time == 0 && atZero.EstimatedError is null,
            $"b₁ = 0: {atZero.Stop} at s = {atZero.Time}: {atZero.Reason}");

        var duplicated = ModelSolver.Train(
            new SquaredErrorCost(new SaturatingExponentialModel(Vector<double>.Build.Dense(3, 2.0)), y),
            Vector<double>.Build.DenseOfArray([1.0, 1.0]), gaussNewton);
        Check.That(duplicated.Stop == TrainingStop.RankLoss && duplicated.EstimatedError is null,
            $"duplicated inputs: {duplicated.Stop}: {duplicated.Reason}");

        var repeatedRow = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 2, 3 }, { 1, 2, 3 } });
        var adapted = ModelSolver.Train(new SquaredErrorCost(new LinearMapModel(repeatedRow), Vector<double>.Build.DenseOfArray([1.0, 2.0])),
            Vector<double>.Build.Dense(3, 0.5), new SolverOptions { Flow = TrainingFlow.Adapted, Tolerances = Tolerances.Flow });
        Check.That(adapted.Stop == TrainingStop.RankLoss && adapted.Time == 0, $"adapted, rank A < QN: {adapted.Stop}: {adapted.Reason}");

        var toZero = ModelSolver.Train(new SquaredErrorCost(new SaturatingExponentialModel(t), Vector<double>.Build.Dense(3)),
            Vector<double>.Build.DenseOfArray([1.0, 1.0]), gaussNewton with { ConditionRatio = 1e-3 });
        Check.That(toZero.Stop == TrainingStop.RankLoss && toZero.Status == IntegrationStatus.Event && toZero.Time > 0,
            $"y = 0: {toZero.Stop} at s = {toZero.Time}: {toZero.Reason}");
        double ratio = toZero.Estimate.SmallestSingularValue / toZero.Estimate.LargestSingularValue;
        Check.Close(ratio, 1e-3, Tolerances.Algebraic(1e-3, 1e3), "σ_min/σ_max at the located stop");
    }

    /// <summary>Every option and argument is checked by name: τ ∉ (0, 1), a non-positive or non-finite time limit, a
    /// step budget below 1, ρ ∉ [0, 1), null tolerances or integrator, an undefined flow, a flow that does not fit the
    /// model's shape, θ₀ of the wrong length or with a non-finite entry, a null cost.</summary>
    [Fact]
    [Trait("Theorem", "NUM.Solver")]
    public void BadOptions_And_Arguments_Throw_Naming_The_Argument()
    {
        foreach (double tau in new[] { 0.0, 1.0, -1e-3, 2.0, double.NaN, double.PositiveInfinity })
        {
            Throws<ArgumentOutOfRangeException>(() => new SolverOptions { RelativeGradient = tau }, nameof(SolverOptions.RelativeGradient));
        }
        foreach (double limit in new[] { 0.0, -1.0, double.NaN, double.PositiveInfinity })
        {
            Throws<ArgumentOutOfRangeException>(() => new SolverOptions { TimeLimit = limit }, nameof(SolverOptions.TimeLimit));
        }
        Throws<ArgumentOutOfRangeException>(() => new SolverOptions { MaxSteps = 0 }, nameof(SolverOptions.MaxSteps));
        foreach (double rho in new[] { -1e-3, 1.0, double.NaN })
        {
            Throws<ArgumentOutOfRangeException>(() => new SolverOptions { ConditionRatio = rho }, nameof(SolverOptions.ConditionRatio));
        }
        Throws<ArgumentNullException>(() => new SolverOptions { Tolerances = null! }, nameof(SolverOptions.Tolerances));
        Throws<ArgumentNullException>(() => new SolverOptions { Integrator = null! }, nameof(SolverOptions.Integrator));
        Throws<ArgumentOutOfRangeException>(() => new SolverOptions { Flow = (TrainingFlow)17 }, nameof(SolverOptions.Flow));

        var cost = Misra1a.Cost;
        var theta0 = Vector<double>.Build.DenseOfArray(Misra1a.Start1);
        Throws<ArgumentException>(() => ModelSolver.Train(cost, Vector<double>.Build.Dense(3, 1.0)), "theta0");
        Throws<ArgumentException>(() => ModelSolver.Train(cost, Vector<double>.Build.DenseOfArray([500, double.NaN])), "theta0");
        Throws<ArgumentNullException>(() => ModelSolver.Train(cost, null!), "theta0");
        Throws<ArgumentNullException>(() => ModelSolver.Train(null!, theta0), "cost");
        Throws<ArgumentException>(() => ModelSolver.Train(cost, theta0, new SolverOptions { Flow = TrainingFlow.Adapted }), "options");
        var wide = new SquaredErrorCost(new LinearMapModel(Matrix<double>.Build.Dense(1, 2, 1.0)), Vector<double>.Build.Dense(1, 1.0));
        Throws<ArgumentException>(() => ModelSolver.Train(wide, Vector<double>.Build.Dense(2), new SolverOptions { Flow = TrainingFlow.GaussNewton }), "options");
    }

    private static void Throws<TException>(Action act, string parameter)
        where TException : ArgumentException
    {
        var e = Assert.Throws<TException>(act);
        Check.That(e.ParamName == parameter, $"{typeof(TException).Name} names '{e.ParamName}', expected '{parameter}': {e.Message}");
    }

    /// <summary>
    /// |θᵢ − certᵢ| ≤ |δᵢ|·(1 + slack) + certified rounding + estimate rounding, and the same with θ − cert and δ swapped.
    /// </summary>
    private static void CheckEstimateCovers(SquaredErrorCost cost, TrainingResult result, string what)
    {
        var theta = result.Parameters;
        var D = cost.Model.Jacobian(theta);
        var svd = D.Svd(false);
        var inverseGram = (D.TransposeThisAndMultiply(D)).Inverse();
        double kappa = svd.S[0] / svd.S[^1];
        var x = cost.Model.Outputs(theta);
        double residual = (x - cost.Targets).L2Norm();
        Check.That(result.EstimatedError is not null, $"{what}: an estimate at full column rank");
        double[] certified = Misra1a.Certified;
        for (int i = 0; i < 2; i++)
        {
            double error = Math.Abs(theta[i] - certified[i]);
            double estimate = result.Estimate.ParameterErrors[i];
            var floor = Tolerances.EstimateRounding(inverseGram[i, i], kappa, residual, x.L2Norm(), cost.Targets.L2Norm());
            var certifiedRounding = Tolerances.CertifiedRounding(certified[i]);
            var slack = new Tolerance(floor.Value + certifiedRounding.Value, $"{floor.Derivation} + {certifiedRounding.Derivation}", nameof(Tolerances.EstimateRounding));
            Check.Le(error, estimate * (1 + Tolerances.GaussNewtonEstimateSlack), slack, $"{what}: |b{i + 1} − certified| ≤ |δ{i + 1}|·(1 + 5 %)");
            Check.Le(estimate, error * (1 + Tolerances.GaussNewtonEstimateSlack), slack, $"{what}: |δ{i + 1}| ≤ |b{i + 1} − certified|·(1 + 5 %) (not vacuous)");
        }
    }
}
