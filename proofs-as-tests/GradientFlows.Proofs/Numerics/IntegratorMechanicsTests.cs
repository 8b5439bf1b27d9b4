using GradientFlows.Differentiation;
using GradientFlows.Integration;

namespace GradientFlows.Proofs.Numerics;

/// <summary>
/// The integrator's mechanics that the closed-form, order and work checks see only through their totals: the starting
/// step, the cost of each step attempt, the time of a fixed step, Brent's root finder on its own, and the argument checks.
/// </summary>
public sealed class IntegratorMechanicsTests
{
    private const double U = FloatingPoint.UnitRoundoff;

    /// <summary>
    /// SciPy 1.10's starting step (<c>RK45(...).h_abs</c> and <c>DOP853(...).h_abs</c> after construction, i.e.
    /// <c>select_initial_step</c>, Hairer, Nørsett &amp; Wanner, Solving ODEs I, §II.4) at rtol = atol = tol, recorded
    /// with <c>/usr/bin/python3</c> and scipy 1.10.1 on 2026-12-01. Decay is y′ = −y, y(0) = 1 on [0, 10]; Rest is y′ = 0,
    /// y(0) = 2; Origin is y′ = −y, y(0) = 0 (both on [0, 1], the two branches where h₀ = 10⁻⁶).
    /// </summary>
    public static TheoryData<string, string, double, double> SciPyInitialSteps => new()
    {
        { "Arenstorf", "RK45", 1e-06, 0.0026384856160631704 },
        { "Arenstorf", "DOP853", 1e-06, 0.0026384856160631704 },
        { "Arenstorf", "RK45", 1e-10, 0.000569701119208132 },
        { "Arenstorf", "DOP853", 1e-10, 0.0026384856160631695 },
        { "Lorenz", "RK45", 1e-06, 0.009463269682777312 },
        { "Lorenz", "DOP853", 1e-06, 0.054328255568560364 },
        { "Lorenz", "RK45", 1e-10, 0.0014998271698657402 },
        { "Lorenz", "DOP853", 1e-10, 0.017180102890037678 },
        { "Brusselator", "RK45", 1e-06, 0.02345436051873735 },
        { "Brusselator", "DOP853", 1e-06, 0.09580534690638642 },
        { "Brusselator", "RK45", 1e-10, 0.0037172656319675534 },
        { "Brusselator", "DOP853", 1e-10, 0.030296310824674755 },
        { "Decay", "RK45", 1e-06, 0.02885399811814426 },
        { "Decay", "DOP853", 1e-06, 0.10905077326652575 },
        { "Decay", "RK45", 1e-10, 0.004573050519273261 },
        { "Decay", "DOP853", 1e-10, 0.034484882412482154 },
        { "Rest", "RK45", 1e-06, 1e-06 },
        { "Rest", "DOP853", 1e-10, 1e-06 },
        { "Origin", "RK45", 1e-06, 1e-06 },
        { "Origin", "DOP853", 1e-10, 1e-06 },
    };

    /// <summary>
    /// The starting step equals SciPy's for the same tableau order and tolerances: h = min(100·h₀, (0.01/max(d₁, d₂))^{1/(r+1)})
    /// with h₀ = 0.01·d₀/d₁ (or 10⁻⁶ when d₀ or d₁ &lt; 10⁻⁵), d₀ = ‖y₀‖, d₁ = ‖f(y₀)‖, d₂ = ‖f(y₀ + h₀f₀) − f₀‖/h₀ in the
    /// weighted RMS norm, r = 4 (RK45) or 7 (DOP853). The two computations differ only in summation order, so they agree
    /// within 64u relative (a few roundings of sums of ≤ 4 squares, a square root and a power).
    /// </summary>
    [Theory]
    [MemberData(nameof(SciPyInitialSteps))]
    [Trait("Theorem", "NUM.RK.InitialStep")]
    public void InitialStep_Eq_SciPy_Of_Problems(string problem, string method, double tol, double expected)
    {
        static void Decay(double t, ReadOnlySpan<double> y, Span<double> dy) => dy[0] = -y[0];
        static void Rest(double t, ReadOnlySpan<double> y, Span<double> dy) => dy[0] = 0;
        var (field, initial) = problem switch
        {
            "Arenstorf" => ((OdeRightHandSide)ArenstorfOrbit.Field, ArenstorfOrbit.Initial),
            "Lorenz" => (LorenzSystem.Field, LorenzSystem.Initial),
            "Brusselator" => (Brusselator.Field, Brusselator.Initial),
            "Decay" => (Decay, [1.0]),
            "Rest" => (Rest, [2.0]),
            _ => ((OdeRightHandSide)Decay, new[] { 0.0 }),
        };
        var integrator = method == "RK45" ? EmbeddedRungeKutta.DormandPrince : EmbeddedRungeKutta.Dop853;
        var f0 = new double[initial.Length];
        field(0, initial, f0);
        int evaluations = 0;
        double h = integrator.InitialStep(field, 0, initial, f0, new IntegrationTolerances(tol, tol), ref evaluations);
        Check.Close(h, expected, new Tolerance(64 * U * expected, "64u relative: the same formula summed in another order"),
            $"{problem}, {method}, tol {tol:G2}: starting step against SciPy");
        Check.That(evaluations == 1, $"the starting step costs one evaluation of F (took {evaluations})");
    }

    /// <summary>
    /// Every step attempt, accepted or rejected, costs s − 1 evaluations of F (the first stage of a first-same-as-last
    /// tableau is the previous step's last), plus 2 at the start (F(t₀, y₀) and the starting step's trial point), plus,
    /// when the dense output is kept, the tableau's extra dense-output stages once per accepted step:
    /// evaluations = 2 + (s − 1)(accepted + rejected) + (s_dense − s)·accepted. So the step counts are the integrator's
    /// real work, and SciPy's evaluation counts (NUM.RK.Work) pin them.
    /// </summary>
    [Theory]
    [MemberData(nameof(IntegratorTests.Tableaus), MemberType = typeof(IntegratorTests))]
    [Trait("Theorem", "NUM.RK.Work")]
    public void Evaluations_Eq_CostOfAttempts_Of_ArenstorfOrbit(string name)
    {
        var tableau = ButcherTableau.All.Single(t => t.Name == name);
        var integrator = new EmbeddedRungeKutta(tableau);
        foreach (double tol in new[] { 1e-6, 1e-9 })
        {
            foreach (bool dense in new[] { false, true })
            {
                var r = integrator.Solve(ArenstorfOrbit.Field, 0, ArenstorfOrbit.Initial, ArenstorfOrbit.Period,
                    new IntegrationTolerances(tol, tol), keepDenseOutput: dense);
                int expected = 2 + (tableau.Stages - 1) * (r.AcceptedSteps + r.RejectedSteps)
                    + (dense ? (tableau.DenseStages - tableau.Stages) * r.AcceptedSteps : 0);
                Check.That(r.Status == IntegrationStatus.Finished && r.FunctionEvaluations == expected,
                    $"{name}, tol {tol:G2}, dense {dense}: {r.FunctionEvaluations} evaluations for {r.AcceptedSteps} accepted and "
                    + $"{r.RejectedSteps} rejected steps; expected {expected}");
                Check.That(r.RejectedSteps > 0 || tol < 1e-6, $"{name}, tol {tol:G2}: the orbit's perihelion rejects some steps");
            }
        }
    }

    /// <summary>
    /// Fixed steps of a time-dependent field: y′ = p·t^{p−1} from t₀ = 1/2 with h = 1/8, 8 steps, ends at
    /// y = y₀ + (3/2)^p − (1/2)^p exactly (quadrature order ≥ p for a method of order p), within the rounding of 8 steps.
    /// A wrong stage or step time changes the quadrature.
    /// </summary>
    [Theory]
    [MemberData(nameof(IntegratorTests.Tableaus), MemberType = typeof(IntegratorTests))]
    [Trait("Theorem", "NUM.RK.Order")]
    public void FixedSteps_Eq_Polynomial_Of_TimeDependentField(string name)
    {
        var tableau = ButcherTableau.All.Single(t => t.Name == name);
        int p = tableau.Order;
        void Field(double t, ReadOnlySpan<double> y, Span<double> dy) => dy[0] = p * Math.Pow(t, p - 1);
        var (final, dense) = new EmbeddedRungeKutta(tableau).FixedSteps(Field, 0.5, [1.0], 0.125, 8);
        double expected = 1 + Math.Pow(1.5, p) - Math.Pow(0.5, p);
        Check.Close(final[0], expected, new Tolerance(64 * 8 * tableau.Stages * U * expected, "rounding of 8 steps of s stages"),
            $"{name}: y(3/2)");
        Check.Close(dense.Evaluate(1.5)[0], expected, new Tolerance(64 * 8 * tableau.Stages * U * expected, "rounding of 8 steps of s stages"),
            $"{name}: the dense output ends at the same value");
    }

    /// <summary>Smooth functions with a simple root r in [a, b]: g, a, b, r.</summary>
    private static readonly (string Name, Func<double, double> G, double A, double B, double Root)[] Roots =
    [
        ("t³ − 2", t => t * t * t - 2, 0, 2, Math.Cbrt(2)),
        ("eᵗ − 3", t => Math.Exp(t) - 3, 0, 2, Math.Log(3)),
        ("3 − eᵗ", t => 3 - Math.Exp(t), 0, 2, Math.Log(3)),
        ("cos t − t", t => Math.Cos(t) - t, 0, 1, 0.73908513321516064),
        ("(t − 0.3)(1 + t²)", t => (t - 0.3) * (1 + t * t), 1, 0, 0.3),
        ("tanh(5(t − 0.7))", t => Math.Tanh(5 * (t - 0.7)), 0, 1, 0.7),
        ("(t − 10⁻³)·e^t", t => (t - 1e-3) * Math.Exp(t), -1, 4, 1e-3),
    ];

    /// <summary>
    /// Brent's root finder (used to locate events): on smooth functions with a simple root, for accuracies δ = 0 and
    /// 10⁻⁹, the returned point lies within 4u·|r| + δ of the root, on the side of the bracket's first end (g has the
    /// sign of g(a), or is 0), and it is found with at most half the evaluations bisection needs for the same width
    /// (⌈log₂(|b − a|/(4u|r| + δ))⌉): inverse quadratic interpolation converges superlinearly on a simple root, and a
    /// finder that falls back to bisection (a broken interpolation step or acceptance test) takes about twice as many.
    /// </summary>
    [Fact]
    [Trait("Theorem", "NUM.RK.Brent")]
    public void BrentRoot_Eq_Root_On_StartSide_In_Superlinear_Evaluations()
    {
        foreach (var (name, g, a, b, root) in Roots)
        {
            foreach (double delta in new[] { 0.0, 1e-9 })
            {
                int evaluations = 0;
                double Counted(double t)
                {
                    evaluations++;
                    return g(t);
                }
                double ga = g(a), gb = g(b);
                double found = BrentRoot.Find(Counted, a, b, ga, gb, delta);
                double width = 4 * U * Math.Abs(root) + delta;
                Check.Close(found, root, new Tolerance(width + 2 * U * Math.Abs(root), "the bracket's final width 4u|b| + δ, and r's own rounding"),
                    $"{name}, δ = {delta:G2}: root");
                double gFound = g(found);
                Check.That(gFound == 0 || Math.Sign(gFound) == Math.Sign(ga),
                    $"{name}, δ = {delta:G2}: g({found:R}) = {gFound:G3} is on the side of g(a) = {ga:G3}");
                int bisection = (int)Math.Ceiling(Math.Log2(Math.Abs(b - a) / width));
                Check.That(2 * evaluations <= bisection,
                    $"{name}, δ = {delta:G2}: {evaluations} evaluations; bisection needs {bisection}, superlinear convergence at most half");
            }
        }
    }

    /// <summary>
    /// Brent's exact cases: g(b) = 0 returns b without evaluating g; a secant step that lands on the root of a linear g
    /// returns it after one evaluation.
    /// </summary>
    [Fact]
    [Trait("Theorem", "NUM.RK.Brent")]
    public void BrentRoot_Eq_ExactRoot_Of_ZeroAtEnd_And_Linear()
    {
        int evaluations = 0;
        double Linear(double t)
        {
            evaluations++;
            return t - 0.5;
        }
        Check.That(BrentRoot.Find(Linear, 0, 0.5, -0.5, 0, 0) == 0.5 && evaluations == 0, "g(b) = 0: b, no evaluation");
        double found = BrentRoot.Find(Linear, 0, 1, -0.5, 0.5, 0);
        Check.That(found == 0.5 && evaluations == 1, $"linear g: the secant step lands on 0.5 (got {found:R} after {evaluations} evaluations)");
    }

    private static TException Throws<TException>(Action action, string parameter)
        where TException : ArgumentException
    {
        var error = Assert.Throws<TException>(action);
        Assert.Equal(parameter, error.ParamName);
        Assert.Contains("expected", error.Message, StringComparison.Ordinal);
        return error;
    }

    /// <summary>
    /// Every argument of <see cref="EmbeddedRungeKutta.Solve"/> and <see cref="EmbeddedRungeKutta.FixedSteps"/> is checked
    /// and named; the admissible edge cases (t_end = t₀, repeated sample times) are accepted.
    /// </summary>
    [Fact]
    [Trait("Theorem", "NUM.Input")]
    public void IntegratorArguments_Are_Checked_And_EdgeCases_Accepted()
    {
        static void Decay(double t, ReadOnlySpan<double> y, Span<double> dy) => dy[0] = -y[0];
        var rk = EmbeddedRungeKutta.DormandPrince;
        var tol = IntegrationTolerances.Reference;
        Throws<ArgumentNullException>(() => rk.Solve(null!, 0, [1.0], 1, tol), "rightHandSide");
        Throws<ArgumentNullException>(() => rk.Solve(Decay, 0, [1.0], 1, null!), "tolerances");
        Throws<ArgumentException>(() => rk.Solve(Decay, double.NaN, [1.0], 1, tol), "t0");
        Throws<ArgumentException>(() => rk.Solve(Decay, 0, [1.0], double.PositiveInfinity, tol), "tEnd");
        Throws<ArgumentOutOfRangeException>(() => rk.Solve(Decay, 0, [1.0], 1, tol, maxSteps: 0), "maxSteps");
        Throws<ArgumentException>(() => rk.Solve(Decay, 0, [1.0, double.NaN], 1, tol), "y0");
        Throws<ArgumentNullException>(() => rk.Solve(Decay, 0, [1.0], 1, tol, events: [null!]), "events");
        Throws<ArgumentOutOfRangeException>(() => rk.Solve(Decay, 0, [1.0], 1, tol,
            events: [new IntegrationEvent("g", (t, y) => y[0] - 0.5, TimeAccuracy: -1)]), "events");
        Throws<ArgumentNullException>(() => rk.FixedSteps(null!, 0, [1.0], 0.1, 1), "rightHandSide");
        Throws<ArgumentOutOfRangeException>(() => rk.FixedSteps(Decay, 0, [1.0], 0, 1), "h");
        Throws<ArgumentOutOfRangeException>(() => rk.FixedSteps(Decay, 0, [1.0], 0.1, -1), "steps");

        var still = rk.Solve(Decay, 1, [1.0], 1, tol, [1.0, 1.0]);
        Check.That(still.Status == IntegrationStatus.Finished && still.State[0] == 1.0 && still.Samples.Length == 2,
            $"t_end = t₀: finished at y₀ with both samples ({still})");
        var repeated = rk.Solve(Decay, 0, [1.0], 1, tol, [0.25, 0.5, 0.5, 1.0]);
        Check.That(repeated.Status == IntegrationStatus.Finished && repeated.Samples.Length == 4
            && repeated.Samples[1][0] == repeated.Samples[2][0], "a repeated sample time gives the same sample twice");
        var none = rk.FixedSteps(Decay, 0, [1.0], 0.1, 0);
        Check.That(none.Final[0] == 1.0, "zero fixed steps leave y₀");
    }

    /// <summary>
    /// Every tableau's error weights are the difference of its two solutions: E = b − b̂ (DOP853 stores E and b̂
    /// separately, so a wrong b̂ is invisible to the stepping), within the rounding of one subtraction.
    /// </summary>
    [Theory]
    [MemberData(nameof(IntegratorTests.Tableaus), MemberType = typeof(IntegratorTests))]
    [Trait("Theorem", "NUM.RK.Consistency")]
    public void ErrorWeights_Eq_B_Sub_BHat(string name)
    {
        var tableau = ButcherTableau.All.Single(t => t.Name == name);
        for (int i = 0; i < tableau.Stages; i++)
        {
            double scale = Math.Abs(tableau.B[i]) + Math.Abs(tableau.BHat[i]);
            Check.Close(tableau.E[i], tableau.B[i] - tableau.BHat[i], new Tolerance(2 * U * scale, "one subtraction, and E's own rounding"),
                $"{name}: E[{i}] = b[{i}] − b̂[{i}]");
        }
    }

    /// <summary>The admissible relative tolerances are exactly [100u, 0.1]: both ends accepted, the next doubles outside rejected.</summary>
    [Fact]
    [Trait("Theorem", "NUM.Input")]
    public void RelativeTolerance_Range_Is_Closed_Interval()
    {
        Check.That(new IntegrationTolerances(IntegrationTolerances.MinimumRelative, 1).Relative == IntegrationTolerances.MinimumRelative, "100u accepted");
        Check.That(new IntegrationTolerances(0.1, 1).Relative == 0.1, "0.1 accepted");
        Throws<ArgumentOutOfRangeException>(() => new IntegrationTolerances(Math.BitDecrement(IntegrationTolerances.MinimumRelative), 1), "relative");
        Throws<ArgumentOutOfRangeException>(() => new IntegrationTolerances(Math.BitIncrement(0.1), 1), "relative");
    }

    /// <summary>
    /// The reasons name the cause: a field that is NaN at t₀ (NonFiniteDerivative) or undefined there (OutsideDomain, with
    /// the field's own message), the end reached, a terminal event by name; the result's summary and the flows' exception
    /// carry status, time and counts.
    /// </summary>
    [Fact]
    [Trait("Theorem", "NUM.RK.Failure")]
    public void Reasons_Name_The_Cause()
    {
        static void NaNField(double t, ReadOnlySpan<double> y, Span<double> dy) => dy[0] = double.NaN;
        static void Undefined(double t, ReadOnlySpan<double> y, Span<double> dy) => throw new OutsideDomainException("log of a negative number");
        static void Decay(double t, ReadOnlySpan<double> y, Span<double> dy) => dy[0] = -y[0];
        var rk = EmbeddedRungeKutta.DormandPrince;
        var tol = IntegrationTolerances.Reference;

        var nan = rk.Solve(NaNField, 0, [1.0], 1, tol);
        Check.That(nan.Status == IntegrationStatus.NonFiniteDerivative && nan.Reason.Contains("F(t₀, y₀) has a non-finite entry", StringComparison.Ordinal), nan.ToString());
        var undefined = rk.Solve(Undefined, 0, [1.0], 1, tol);
        Check.That(undefined.Status == IntegrationStatus.OutsideDomain
            && undefined.Reason.Contains("not defined at t₀", StringComparison.Ordinal)
            && undefined.Reason.Contains("log of a negative number", StringComparison.Ordinal), undefined.ToString());

        var finished = rk.Solve(Decay, 0, [1.0], 1, tol);
        Check.That(finished.Reason == "reached t_end = 1", finished.Reason);
        string summary = finished.ToString();
        Check.That(summary.StartsWith("Finished at t = 1:", StringComparison.Ordinal)
            && summary.Contains($"{finished.AcceptedSteps} steps, {finished.RejectedSteps} rejected, {finished.FunctionEvaluations} evaluations", StringComparison.Ordinal),
            summary);

        var half = new IntegrationEvent("y = 1/2", (t, y) => y[0] - 0.5, Terminal: true);
        var stopped = rk.Solve(Decay, 0, [1.0], 2, tol, events: [half]);
        Check.That(stopped.Status == IntegrationStatus.Event && stopped.Reason.StartsWith("terminal event 'y = 1/2' at t = 0.69", StringComparison.Ordinal), stopped.Reason);

        string message = new IntegrationFailedException(nan, "the test flow").Message;
        Check.That(message.StartsWith("the test flow: integration stopped with status NonFiniteDerivative at t = 0", StringComparison.Ordinal)
            && message.Contains(nan.Reason, StringComparison.Ordinal) && message.Contains("evaluations); expected", StringComparison.Ordinal), message);
    }

    /// <summary>
    /// The dense output covers exactly [t₀, t_end]: it evaluates at both ends (equal to the start and the final state) and
    /// rejects a time outside, naming t; an integration with t_end = t₀ keeps an empty dense output (no steps, no times).
    /// </summary>
    [Fact]
    [Trait("Theorem", "NUM.RK.DenseOutput")]
    public void DenseOutput_Covers_ClosedInterval_And_Rejects_Outside()
    {
        static void Decay(double t, ReadOnlySpan<double> y, Span<double> dy) => dy[0] = -y[0];
        var rk = EmbeddedRungeKutta.DormandPrince;
        var r = rk.Solve(Decay, 0.25, [1.0], 1.25, IntegrationTolerances.Reference, keepDenseOutput: true);
        var dense = r.DenseOutput!;
        Check.That(dense.StartTime == 0.25 && dense.EndTime == 1.25, $"[{dense.StartTime}, {dense.EndTime}]");
        Check.That(dense.Evaluate(0.25)[0] == 1.0, "the dense output starts at y₀");
        Check.Close(dense.Evaluate(1.25)[0], r.State[0], new Tolerance(4 * U, "the interpolant at θ = 1 reproduces the step's end"), "dense output at t_end");
        Check.That(dense.StepTimes.Length == dense.SegmentCount + 1 && dense.StepTimes[0] == 0.25 && dense.StepTimes[^1] == 1.25, "step times");
        var outside = Assert.Throws<ArgumentOutOfRangeException>(() => dense.Evaluate(Math.BitDecrement(0.25)));
        Assert.Equal("t", outside.ParamName);
        Assert.Contains("expected StartTime", outside.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => dense.Evaluate(Math.BitIncrement(1.25)));

        var empty = rk.Solve(Decay, 1, [1.0], 1, IntegrationTolerances.Reference, keepDenseOutput: true).DenseOutput!;
        Check.That(empty.SegmentCount == 0 && empty.StepTimes.IsEmpty && empty.StepLengths.IsEmpty
            && double.IsNaN(empty.StartTime) && double.IsNaN(empty.EndTime), "t_end = t₀: no steps");
        Assert.Throws<ArgumentOutOfRangeException>(() => empty.Evaluate(1));
    }

    /// <summary>
    /// An event function that reaches 0 and stays there counts once, in the direction it came from (Rising from below,
    /// Falling from above, Any for both), at a time in [0.5, end of that step]; two crossings in one step are reported in
    /// time order whatever the order of the events.
    /// </summary>
    [Fact]
    [Trait("Theorem", "NUM.RK.Events")]
    public void Events_Count_ReachingZero_And_Sort_By_Time()
    {
        static void Clock(double t, ReadOnlySpan<double> y, Span<double> dy) => dy[0] = 1;
        var rk = EmbeddedRungeKutta.DormandPrince;
        var tol = IntegrationTolerances.Reference;
        var fromBelow = (EventFunction)((t, y) => Math.Min(y[0] - 0.5, 0));
        var fromAbove = (EventFunction)((t, y) => Math.Max(0.5 - y[0], 0));
        foreach (var (g, direction, expected) in new[]
        {
            (fromBelow, EventDirection.Rising, 1), (fromBelow, EventDirection.Falling, 0), (fromBelow, EventDirection.Any, 1),
            (fromAbove, EventDirection.Falling, 1), (fromAbove, EventDirection.Rising, 0), (fromAbove, EventDirection.Any, 1),
        })
        {
            var r = rk.Solve(Clock, 0, [0.0], 1, tol, events: [new IntegrationEvent("g", g, Direction: direction)]);
            Check.That(r.Events.Length == expected && r.Events.All(e => e.Time >= 0.5 && e.Time <= 1),
                $"{direction}: {r.Events.Length} occurrences at [{string.Join(", ", r.Events.Select(e => e.Time))}], expected {expected}");
        }
        var late = new IntegrationEvent("late", (t, y) => y[0] - 0.91);
        var early = new IntegrationEvent("early", (t, y) => y[0] - 0.90);
        var both = rk.Solve(Clock, 0, [0.0], 1, tol, keepDenseOutput: true, events: [late, early]);
        Check.That(both.Events.Select(e => e.Name).SequenceEqual(["early", "late"]),
            $"time order: [{string.Join(", ", both.Events.Select(e => $"{e.Name} {e.Time:R}"))}]");
        var steps = both.DenseOutput!.StepTimes;
        Check.That(steps.Count(t => t > 0.90 && t < 0.91) == 0,
            $"both crossings lie in one step (step times {string.Join(", ", steps.Select(t => t.ToString("G3")))}), so the order is the sort's");
    }
}
