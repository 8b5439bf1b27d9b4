using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GradientFlows.Flows;
using GradientFlows.Integration;
using GradientFlows.Objectives;
using GradientFlows.Proofs.Generators;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.Numerics;

/// <summary>
/// Events located on the dense output against closed-form crossing times, for every shipped tableau: terminal and
/// non-terminal, with direction, at the root finder's stated accuracy plus the dense output's error (see
/// <see cref="Tolerances.EventTime"/>).
/// </summary>
public sealed class EventTests
{
    /// <summary>The shipped tableaus, as test data.</summary>
    public static TheoryData<string> Tableaus => [.. ButcherTableau.All.Select(t => t.Name)];

    private static readonly IntegrationTolerances Tol = IntegrationTolerances.Reference;

    private static void Decay(double t, ReadOnlySpan<double> y, Span<double> dy) => dy[0] = -y[0];

    /// <summary>
    /// y′ = −y, y(0) = 1 with the terminal event y = 1/2: the integration ends with status Event at t = ln 2 (where
    /// g′ = −1/2), in the state 1/2, with no samples after it and the dense output ending there; with a requested
    /// accuracy δ = 2⁻¹⁰ the time is within δ more.
    /// </summary>
    [Theory]
    [MemberData(nameof(Tableaus))]
    [Trait("Theorem", "NUM.RK.Events")]
    public void TerminalEvent_Time_Eq_Ln2_Of_Decay(string name)
    {
        var integrator = new EmbeddedRungeKutta(ButcherTableau.All.Single(t => t.Name == name));
        foreach (double accuracy in new[] { 0.0, 1.0 / 1024 })
        {
            var half = new IntegrationEvent("y = 1/2", (t, y) => y[0] - 0.5, Terminal: true, TimeAccuracy: accuracy);
            var result = integrator.Solve(Decay, 0, [1.0], 2, Tol, [0.0, 0.5, 1.0, 1.5], keepDenseOutput: true, events: [half]);
            double expected = Math.Log(2);
            var tol = Tolerances.EventTime(Tol.Relative, 1, 0.5, expected, accuracy);
            Check.That(result.Status == IntegrationStatus.Event && result.TerminalEvent?.Name == "y = 1/2", $"{name}: {result}");
            Check.Close(result.Time, expected, tol, $"{name}, δ = {accuracy}: event time");
            Check.Close(result.State[0], Math.Exp(-result.Time), Tolerances.LinearSystemGlobalError(Tol.Relative, 1), $"{name}: y(t_e) = e^(−t_e)");
            Check.That(result.Events.Length == 1 && result.Events[0].Time == result.Time, $"{name}: one occurrence, at the end");
            Check.That(result.SampleTimes.SequenceEqual([0.0, 0.5]), $"{name}: samples after the event are not reached ({string.Join(", ", result.SampleTimes)})");
            Check.That(result.DenseOutput!.EndTime == result.Time, $"{name}: the dense output ends at the event");
            Check.That(result.Events[0].State[0] >= 0.5, $"{name}: t_e is on the side before the crossing (y = {result.Events[0].State[0]:R} ≥ 1/2)");
        }
    }

    /// <summary>
    /// The harmonic oscillator y = (sin ωt, ω cos ωt), ω = 3, over (0, 10.5π/ω]: the event y₁ = 0 occurs at every kπ/ω,
    /// k = 1, …, 10 (non-terminal, all counted), only at even k when rising, only at odd k when falling; the state at
    /// each occurrence has y₂ = ±ω. A terminal rising event ends the integration at 2π/ω, not at the falling π/ω.
    /// </summary>
    [Theory]
    [MemberData(nameof(Tableaus))]
    [Trait("Theorem", "NUM.RK.Events")]
    public void NonTerminalEvents_Times_Eq_MultiplesOfHalfPeriod_Of_Oscillator(string name)
    {
        const double Omega = 3;
        void Oscillator(double t, ReadOnlySpan<double> y, Span<double> dy)
        {
            dy[0] = y[1];
            dy[1] = -Omega * Omega * y[0];
        }
        var integrator = new EmbeddedRungeKutta(ButcherTableau.All.Single(t => t.Name == name));
        double horizon = 10.5 * Math.PI / Omega;
        EventFunction zero = (t, y) => y[0];
        var events = new IntegrationEvent[]
        {
            new("any", zero),
            new("rising", zero, Direction: EventDirection.Rising),
            new("falling", zero, Direction: EventDirection.Falling),
        };
        var result = integrator.Solve(Oscillator, 0, [0.0, Omega], horizon, Tol, events: events);
        Check.That(result.Status == IntegrationStatus.Finished, $"{name}: {result}");
        var expectedK = new[] { Enumerable.Range(1, 10), Enumerable.Range(1, 5).Select(i => 2 * i), Enumerable.Range(0, 5).Select(i => 2 * i + 1) };
        for (int e = 0; e < events.Length; e++)
        {
            var found = result.Events.Where(o => o.Index == e).ToList();
            var ks = expectedK[e].ToList();
            Check.That(found.Count == ks.Count, $"{name}, {events[e].Name}: {found.Count} occurrences, expected {ks.Count}");
            for (int i = 0; i < ks.Count; i++)
            {
                double expected = ks[i] * Math.PI / Omega;
                Check.Close(found[i].Time, expected, Tolerances.EventTime(Tol.Relative, Omega, Omega, expected, 0),
                    $"{name}, {events[e].Name}: crossing k = {ks[i]}");
                Check.Close(found[i].State[1], ks[i] % 2 == 0 ? Omega : -Omega, Tolerances.LinearSystemGlobalError(Tol.Relative, Omega),
                    $"{name}, {events[e].Name}: y₂ = ω cos(kπ) at k = {ks[i]}");
            }
        }
        var stop = integrator.Solve(Oscillator, 0, [0.0, Omega], horizon, Tol,
            events: [new IntegrationEvent("rising", zero, Terminal: true, Direction: EventDirection.Rising)]);
        double firstRise = 2 * Math.PI / Omega;
        Check.That(stop.Status == IntegrationStatus.Event, $"{name}: {stop}");
        Check.Close(stop.Time, firstRise, Tolerances.EventTime(Tol.Relative, Omega, Omega, firstRise, 0), $"{name}: terminal rising event");
    }

    /// <summary>
    /// Flow events on f(w) = ½|w|², whose gradient flow is w(t) = w₀e^{−t}: the cost reaches ε = f₀/100 at ½ln 100
    /// (recorded, the flow goes on), and the convergence stop ‖∇f‖ ≤ 10⁻³‖∇f(w₀)‖ ends the flow at ln 1000 and says so.
    /// </summary>
    [Fact]
    [Trait("Theorem", "NUM.RK.Events")]
    public void FlowEvents_Times_Eq_ClosedForm_Of_IsotropicQuadratic()
    {
        var f = new HalfSquaredNorm(3);
        var w0 = Vector<double>.Build.DenseOfArray([1.0, -2.0, 0.5]);
        double f0 = f.Value(w0);
        const double Decades = 3;
        double tau = Math.Pow(10, -Decades);
        var events = new[] { FlowEvent.CostReaches(f, f0 / 100), FlowEvent.Converged(f, w0, tau) };
        var trajectory = new GradientFlow(f).Solve(w0, 20, [0.0, 1.0, 10.0], Tolerances.Flow, events: events);
        double crossing = 0.5 * Math.Log(100), converged = Decades * Math.Log(10);
        Check.That(trajectory.StoppedBy == events[1].Name, $"stopped by '{trajectory.StoppedBy}': {trajectory.Integration}");
        Check.That(trajectory.Events.Length == 2, $"{trajectory.Events.Length} occurrences");
        // f = f₀e^{−2t} has slope −2f₀/100 at the crossing; ‖∇f‖ = ‖w₀‖e^{−t} has slope −τ‖w₀‖ there.
        Check.Close(trajectory.Events[0].Time, crossing, Tolerances.EventTime(Tolerances.Flow.Relative, f0, 2 * f0 / 100, crossing, 0), "f = f₀/100");
        Check.Close(trajectory.EndTime, converged, Tolerances.EventTime(Tolerances.Flow.Relative, w0.L2Norm(), tau * w0.L2Norm(), converged, 0),
            "convergence stop at ln 1000");
        Check.That(trajectory.Points.Length == 2, "the sample at t = 10 is after the stop");
        Check.Close(trajectory.EventState(trajectory.Events[0]).ToArray(), (w0 * Math.Exp(-crossing)).ToArray(),
            Tolerances.LinearSystemGlobalError(Tolerances.Flow.Relative, w0.L2Norm()), "θ at the crossing");
    }

    /// <summary>
    /// Random quadratics f(w) = ½(w − w*)ᵀA(w − w*) (eigenvalues in [10⁻², 10²], some exactly 0): the terminal event
    /// f = e⁻²f₀ on the integrated gradient flow agrees with the crossing of the closed form
    /// γ(t) = w* + Qe^{−Λt}Qᵀ(w₀ − w*), found independently by bisection, within the event tolerance (slope ‖∇f‖, since
    /// df/dt = −‖∇f‖²). The level is reached by t = 1/λ⁺_min because f(t) ≤ f₀e^{−2λ⁺_min t}.
    /// </summary>
    [Property(Arbitrary = [typeof(Arbitraries)])]
    [Trait("Theorem", "NUM.RK.Events")]
    public Property CostEvent_Time_Eq_ClosedFormCrossing_Of_Quadratic(QuadraticInstance instance)
    {
        var f = instance.Objective;
        var w0 = instance.W0;
        double f0 = f.Value(w0);
        if (!(f0 > 0))
        {
            return Verdict.Inconclusive("w₀ = w*: nothing to cross");
        }
        double epsilon = f0 * Math.Exp(-2), horizon = 3 / instance.SmallestPositiveEigenvalue;
        var trajectory = new GradientFlow(f).Solve(w0, horizon, [0.0, horizon], Tolerances.Flow,
            events: [FlowEvent.CostReaches(f, epsilon, terminal: true)]);
        Check.That(trajectory.StoppedBy is not null, $"the level f₀e⁻² is reached before 3/λ⁺_min: {trajectory.Integration}");
        double a = 0, b = horizon;
        while (b - a > 4 * (Math.BitIncrement(b) - b))
        {
            double mid = 0.5 * (a + b);
            if (f.Value(f.FlowAt(w0, mid)) > epsilon)
            {
                a = mid;
            }
            else
            {
                b = mid;
            }
        }
        double crossing = 0.5 * (a + b);
        double slope = f.Gradient(f.FlowAt(w0, crossing)).L2Norm();
        double scale = w0.L2Norm() + f.Minimiser.L2Norm();
        Check.Close(trajectory.EndTime, crossing, Tolerances.EventTime(Tolerances.Flow.Relative, scale, slope, crossing, 0),
            "event f = e⁻²f₀ against the closed form's crossing");
        return Verdict.Checked().Classify(instance.ZeroEigenvalues > 0, "singular A");
    }

    /// <summary>f(w) = ½|w|², ∇f = w.</summary>
    private sealed class HalfSquaredNorm(int dimension) : IObjective
    {
        public int Dimension => dimension;

        public double Value(Vector<double> w) => 0.5 * w.DotProduct(w);

        public Vector<double> Gradient(Vector<double> w) => w.Clone();

        public GradientFlows.Differentiation.Dual Value(ReadOnlySpan<GradientFlows.Differentiation.Dual> w)
        {
            GradientFlows.Differentiation.Dual sum = 0;
            foreach (var wi in w)
            {
                sum += wi * wi;
            }
            return 0.5 * sum;
        }
    }
}
