using FsCheck.Xunit;
using GradientFlows.Flows;
using GradientFlows.Integration;
using GradientFlows.Objectives;
using GradientFlows.Proofs.Generators;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.Numerics;

/// <summary>The adaptive integrator against closed-form solutions, and its failure modes.</summary>
public sealed class IntegratorTests
{
    /// <summary>The shipped tableaus, as test data (declared here: the certificate run reads member data from the test's own class).</summary>
    public static TheoryData<string> Tableaus => ButcherTableauTests.Tableaus;

    /// <summary>
    /// Non-normal stable linear systems y′ = Ay: the adaptive solution and its dense output at 30 sample times match
    /// S e^{Λt} S⁻¹ y₀, for every shipped tableau.
    /// </summary>
    [Property(Arbitrary = [typeof(Arbitraries)])]
    [Trait("Theorem", "NUM.RK.ClosedForm")]
    public void Solve_Eq_MatrixExponential_Of_LinearSystem(LinearSystemInstance instance)
    {
        var a = instance.A;
        var y0 = instance.Y0;
        void Field(double t, ReadOnlySpan<double> y, Span<double> dy)
        {
            for (int i = 0; i < y.Length; i++)
            {
                double sum = 0;
                for (int j = 0; j < y.Length; j++)
                {
                    sum += a[i, j] * y[j];
                }
                dy[i] = sum;
            }
        }
        const double Horizon = 5;
        var times = Enumerable.Range(0, 30).Select(i => Horizon * i / 29).ToArray();
        times[^1] = Horizon;
        foreach (var tableau in ButcherTableau.All)
        {
            var tolerances = new IntegrationTolerances(1e-10, 1e-12);
            var result = new EmbeddedRungeKutta(tableau).Solve(Field, 0, y0.ToArray(), Horizon, tolerances, times);
            Check.That(result.Status == IntegrationStatus.Finished, $"{tableau}: {result}");
            double scale = y0.L2Norm() * a.ConditionNumber();
            for (int s = 0; s < times.Length; s++)
            {
                Check.Close(result.Samples[s], instance.Solution(times[s]).ToArray(),
                    Tolerances.LinearSystemGlobalError(tolerances.Relative, scale), $"{tableau}: y({times[s]:G4})");
            }
            Check.That(result.FunctionEvaluations > 0 && result.AcceptedSteps > 0, "counters are reported");
        }
    }

    /// <summary>Quadratic losses: the integrated gradient flow equals γ(t) = w* + Qe^{−Λt}Qᵀ(w₀ − w*) (also in Result 1.3).</summary>
    [Property(Arbitrary = [typeof(Arbitraries)])]
    [Trait("Theorem", "NUM.RK.ClosedForm")]
    public void GradientFlow_Eq_ClosedForm_Of_Quadratic(QuadraticInstance instance)
    {
        var f = instance.Objective;
        var w0 = instance.W0;
        var trajectory = new GradientFlow(f).Solve(w0, 3 / instance.SmallestPositiveEigenvalue, 20, Tolerances.Flow, keepDenseOutput: true);
        double scale = w0.L2Norm() + f.Minimiser.L2Norm();
        double tMid = trajectory.Points[^1].Time / Math.PI;
        Check.Close(trajectory.StateAtTime(tMid).ToArray(), f.FlowAt(w0, tMid).ToArray(),
            Tolerances.LinearSystemGlobalError(Tolerances.Flow.Relative, scale), "dense output γ(T/π)");
        Check.Close(trajectory.FinalState.ToArray(), f.FlowAt(w0, trajectory.Points[^1].Time).ToArray(),
            Tolerances.LinearSystemGlobalError(Tolerances.Flow.Relative, scale), "γ(T)");
    }

    /// <summary>
    /// The adaptive Dormand–Prince driver does exactly the work of SciPy 1.10's RK45 (same tableau, initial step
    /// selection, error norm and controller) on the Arenstorf orbit over one period: the function-evaluation counts
    /// recorded from <c>solve_ivp(method='RK45', rtol=atol=tol)</c> are met exactly, and the orbit closes within its
    /// global error. An error estimate without its factor h, a mistyped coefficient or another controller changes the
    /// count.
    /// </summary>
    [Fact]
    [Trait("Theorem", "NUM.RK.Work")]
    public void Solve_Evaluations_Eq_Reference_Of_ArenstorfOrbit()
    {
        foreach (var (tol, evaluations) in Tolerances.ArenstorfRk45Evaluations)
        {
            var result = EmbeddedRungeKutta.DormandPrince.Solve(
                ArenstorfOrbit.Field, 0, ArenstorfOrbit.Initial, ArenstorfOrbit.Period, new IntegrationTolerances(tol, tol), maxSteps: evaluations);
            Check.That(result.Status == IntegrationStatus.Finished, $"tol {tol:G2}: status {result.Status} after {result.FunctionEvaluations} evaluations");
            Check.That(result.FunctionEvaluations == evaluations,
                $"tol {tol:G2}: {result.FunctionEvaluations} evaluations, SciPy RK45 takes {evaluations}");
            double closure = Math.Abs(result.State[0] - ArenstorfOrbit.Initial[0]) + Math.Abs(result.State[1] - ArenstorfOrbit.Initial[1]);
            Check.Le(closure, 0, Tolerances.ArenstorfClosure(tol), $"tol {tol:G2}: the orbit closes after one period");
        }
    }

    /// <summary>
    /// A solution that blows up (y′ = y², y(0) = 1, y = 1/(1 − t)) cannot be continued past t = 1: with Dormand–Prince
    /// every derivative stays finite while the step needed for the tolerances shrinks below 10 ulp(t), so the status is
    /// StepSizeTooSmall, with a finite state just before t = 1 and a reason that says so. (The other tableaus step over
    /// the pole at some tolerances: an error estimate is no proof of a solution's existence.)
    /// </summary>
    [Fact]
    [Trait("Theorem", "NUM.RK.Failure")]
    public void Solve_ReportsStepSizeTooSmall_Of_BlowUp()
    {
        static void Field(double t, ReadOnlySpan<double> y, Span<double> dy) => dy[0] = y[0] * y[0];
        var result = EmbeddedRungeKutta.DormandPrince.Solve(Field, 0, [1.0], 2, IntegrationTolerances.Reference);
        Check.That(result.Status == IntegrationStatus.StepSizeTooSmall, $"{result}");
        Check.That(result.Time < 1 && result.Time > 0.99, $"stopped at t = {result.Time}, just before the blow-up at t = 1");
        Check.That(result.State.All(double.IsFinite), "the reported state is finite");
        Assert.Contains("step size", result.Reason, StringComparison.Ordinal);
    }

    /// <summary>
    /// A right-hand side that turns NaN mid-run (y′ = −y for t &lt; 1/2, NaN after) is reported as NonFiniteDerivative,
    /// not as a step-size collapse: the rejected attempts shrink the step toward t = 1/2 and the cause is named.
    /// </summary>
    [Theory]
    [MemberData(nameof(Tableaus))]
    [Trait("Theorem", "NUM.RK.Failure")]
    public void Solve_ReportsNonFiniteDerivative_Of_FieldTurningNaN(string name)
    {
        static void Field(double t, ReadOnlySpan<double> y, Span<double> dy) => dy[0] = t < 0.5 ? -y[0] : double.NaN;
        var result = new EmbeddedRungeKutta(ButcherTableau.All.Single(t => t.Name == name)).Solve(Field, 0, [1.0], 2, IntegrationTolerances.Reference);
        Check.That(result.Status == IntegrationStatus.NonFiniteDerivative, $"{name}: {result}");
        Check.That(result.Time < 0.5 && result.Time > 0.49, $"{name}: stopped at t = {result.Time}, just before the field turns NaN at 1/2");
        Check.That(result.State.All(double.IsFinite), "the reported state is finite");
        Assert.Contains("non-finite", result.Reason, StringComparison.Ordinal);
        // NaN at the start is reported at once.
        var atStart = EmbeddedRungeKutta.DormandPrince.Solve(Field, 1, [1.0], 2, IntegrationTolerances.Reference);
        Check.That(atStart.Status == IntegrationStatus.NonFiniteDerivative && atStart.FunctionEvaluations == 1, $"at t₀: {atStart}");
    }

    /// <summary>
    /// A right-hand side that is not defined beyond a boundary (y′ = −y, throwing <see cref="OutsideDomainException"/> for
    /// y &lt; 1/2) ends with OutsideDomain at the boundary t = ln 2 (inside it), its message in the reason. A terminal
    /// event on the boundary itself cannot fire (every step that crosses it has a stage outside and is rejected), so an
    /// event that guards a domain must lie inside it: at y = 0.6 it ends the integration with status Event at ln(1/0.6).
    /// </summary>
    [Fact]
    [Trait("Theorem", "NUM.RK.Failure")]
    public void Solve_ReportsOutsideDomain_Of_FieldWithBoundary()
    {
        static void Field(double t, ReadOnlySpan<double> y, Span<double> dy) =>
            dy[0] = y[0] >= 0.5 ? -y[0] : throw new OutsideDomainException($"y = {y[0]:R} < 1/2");
        var result = EmbeddedRungeKutta.DormandPrince.Solve(Field, 0, [1.0], 2, IntegrationTolerances.Reference);
        Check.That(result.Status == IntegrationStatus.OutsideDomain, $"{result}");
        Check.That(result.State[0] >= 0.5, $"stopped at y = {result.State[0]}, inside the domain");
        Check.Close(result.Time, Math.Log(2), Tolerances.EventTime(IntegrationTolerances.Reference.Relative, 1, 0.5, Math.Log(2), 0),
            "stopped at the boundary t = ln 2 (to the step-size resolution and the global error)");
        Assert.Contains("< 1/2", result.Reason, StringComparison.Ordinal);
        // An event exactly on the boundary cannot fire: steps that cross it have stages outside the domain and are
        // rejected, so no accepted step ends beyond it. Inside the domain (y = 0.6) it fires.
        var onBoundary = EmbeddedRungeKutta.DormandPrince.Solve(Field, 0, [1.0], 2, IntegrationTolerances.Reference,
            events: [new IntegrationEvent("y = 1/2", (t, y) => y[0] - 0.5, Terminal: true)]);
        Check.That(onBoundary.Status == IntegrationStatus.OutsideDomain, $"event on the boundary: {onBoundary}");
        var inside = EmbeddedRungeKutta.DormandPrince.Solve(Field, 0, [1.0], 2, IntegrationTolerances.Reference,
            events: [new IntegrationEvent("y = 0.6", (t, y) => y[0] - 0.6, Terminal: true)]);
        Check.That(inside.Status == IntegrationStatus.Event, $"event inside the domain: {inside}");
        Check.Close(inside.Time, Math.Log(1 / 0.6), Tolerances.EventTime(IntegrationTolerances.Reference.Relative, 1, 0.6, Math.Log(1 / 0.6), 0),
            "event y = 0.6 at ln(1/0.6)");
    }

    /// <summary>A step budget that is too small is reported as MaxStepsExceeded, with the budget in the reason.</summary>
    [Fact]
    [Trait("Theorem", "NUM.RK.Failure")]
    public void Solve_ReportsMaxSteps()
    {
        static void Field(double t, ReadOnlySpan<double> y, Span<double> dy) => dy[0] = Math.Cos(100 * t);
        var result = EmbeddedRungeKutta.DormandPrince.Solve(Field, 0, [0.0], 10, IntegrationTolerances.Reference, maxSteps: 5);
        Check.That(result.Status == IntegrationStatus.MaxStepsExceeded, $"status {result.Status}");
        Assert.Contains("budget of 5 step attempts", result.Reason, StringComparison.Ordinal);
    }

    /// <summary>
    /// A flow whose integration fails raises <see cref="IntegrationFailedException"/> with the integrator's status and
    /// reason: StepSizeTooSmall for the blow-up w′ = w², NonFiniteDerivative for a gradient that turns NaN, and
    /// MaxStepsExceeded for a budget that is too small.
    /// </summary>
    [Fact]
    [Trait("Theorem", "NUM.RK.Failure")]
    public void ParameterFlow_Throws_Of_BlowUp()
    {
        // f(w) = −w³/3: its flow w′ = w² from w₀ = 1 is 1/(1 − t), which blows up at t = 1.
        var flow = new GradientFlow(new CubicObjective());
        var error = Assert.Throws<IntegrationFailedException>(() => flow.Solve(Vector<double>.Build.Dense([1.0]), 2, 3));
        Assert.Contains("t = 0.99", error.Message, StringComparison.Ordinal);
        Assert.Contains("step size", error.Message, StringComparison.Ordinal);
        Check.That(error.Status == IntegrationStatus.StepSizeTooSmall, $"status {error.Status}");
        // f(w) = w²/2 with a gradient that is NaN below w = 1/2: w = e^{−t} reaches it at t = ln 2.
        var nan = Assert.Throws<IntegrationFailedException>(() => new GradientFlow(new GuardedQuadratic()).Solve(Vector<double>.Build.Dense([1.0]), 2, 3));
        Check.That(nan.Status == IntegrationStatus.NonFiniteDerivative, $"status {nan.Status}: {nan.Message}");
        Assert.Contains("non-finite", nan.Message, StringComparison.Ordinal);
        var budget = Assert.Throws<IntegrationFailedException>(() =>
            new GradientFlow(new GuardedQuadratic()).Solve(Vector<double>.Build.Dense([1.0]), 0.5, [0.0, 0.5], maxSteps: 2));
        Check.That(budget.Status == IntegrationStatus.MaxStepsExceeded, $"status {budget.Status}: {budget.Message}");
    }

    /// <summary>f(w) = w²/2 for w ≥ 1/2, whose gradient is NaN below 1/2 (for the failure test only).</summary>
    private sealed class GuardedQuadratic : IObjective
    {
        public int Dimension => 1;

        public double Value(Vector<double> w) => 0.5 * w[0] * w[0];

        public Vector<double> Gradient(Vector<double> w) => Vector<double>.Build.Dense(1, w[0] >= 0.5 ? w[0] : double.NaN);

        public GradientFlows.Differentiation.Dual Value(ReadOnlySpan<GradientFlows.Differentiation.Dual> w) => 0.5 * w[0] * w[0];
    }

    /// <summary>f(w) = −w³/3 (unbounded below, for the failure test only): ∇f = −w², so the flow is w′ = w².</summary>
    private sealed class CubicObjective : IObjective
    {
        public int Dimension => 1;

        public double Value(Vector<double> w) => -Math.Pow(w[0], 3) / 3;

        public Vector<double> Gradient(Vector<double> w) => Vector<double>.Build.Dense(1, -w[0] * w[0]);

        public GradientFlows.Differentiation.Dual Value(ReadOnlySpan<GradientFlows.Differentiation.Dual> w) =>
            -1.0 / 3 * w[0] * w[0] * w[0];
    }
}
