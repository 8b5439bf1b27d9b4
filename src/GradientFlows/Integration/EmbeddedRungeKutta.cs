using System.Collections.Immutable;

namespace GradientFlows.Integration;

/// <summary>
/// The adaptive embedded Runge–Kutta algorithm, written once for every <see cref="ButcherTableau"/>: stages, the
/// error estimate e = h·Σᵢ(bᵢ − b̂ᵢ)kᵢ, acceptance when its scaled RMS norm is ≤ 1, step-size control by
/// <see cref="StepSizeController"/>, dense output, and counters.
/// </summary>
/// <remarks>
/// Follows Hairer, Nørsett, Wanner, Solving ODEs I, §II.4 (error norm, initial step) and SciPy's <c>_ivp/rk.py</c>
/// design (a method is its tableau plus one stepping routine; failure is a status).
/// </remarks>
public sealed class EmbeddedRungeKutta
{
    /// <summary>Creates an integrator for <paramref name="tableau"/>.</summary>
    public EmbeddedRungeKutta(ButcherTableau tableau, StepSizeController? controller = null)
    {
        Tableau = Preconditions.NotNull(tableau, nameof(tableau));
        Controller = controller ?? StepSizeController.Default;
    }

    /// <summary>The Dormand–Prince 5(4) integrator with the default controller.</summary>
    public static EmbeddedRungeKutta DormandPrince { get; } = new(ButcherTableau.DormandPrince54);

    /// <summary>The DOP853 integrator (order 8, Hairer's 5/3 error estimate, dense output of order 7), default controller.</summary>
    public static EmbeddedRungeKutta Dop853 { get; } = new(ButcherTableau.Dop853);

    /// <summary>The method.</summary>
    public ButcherTableau Tableau { get; }

    /// <summary>The step-size controller.</summary>
    public StepSizeController Controller { get; }

    /// <summary>
    /// Integrates y′ = F(t, y) from (t₀, y₀) to t_end adaptively, locating the given events on the way.
    /// </summary>
    /// <param name="rightHandSide">F.</param>
    /// <param name="t0">Start time t₀, finite.</param>
    /// <param name="y0">Initial state y₀, finite entries.</param>
    /// <param name="tEnd">End time t_end ≥ t₀, finite.</param>
    /// <param name="tolerances">Local error tolerances.</param>
    /// <param name="sampleTimes">Ascending times in [t₀, t_end] at which to record the state (from dense output).</param>
    /// <param name="keepDenseOutput">Keep the continuous extension of every step (memory: stages × dim per step).</param>
    /// <param name="maxSteps">Upper bound on step attempts, ≥ 1.</param>
    /// <param name="events">
    /// Event functions g(t, y), evaluated at t₀ and at the end of every accepted step. A sign change over a step (in the
    /// event's direction; g = 0 at the step end counts, g = 0 at its start does not) is located by Brent's method on
    /// g(t, ŷ(t)) with ŷ the step's dense output, to 4u·|t| + δ in t. Two sign changes within one step cancel and are
    /// not seen (as in SciPy); a step is short compared with the scale on which g varies unless g is itself fast.
    /// The first terminal occurrence ends the integration at its time with status <see cref="IntegrationStatus.Event"/>;
    /// occurrences after it in the same step are discarded.
    /// </param>
    /// <returns>The result; check <see cref="IntegrationResult.Status"/> and <see cref="IntegrationResult.Reason"/>.</returns>
    /// <exception cref="ArgumentException">A time or state entry is not finite, t_end &lt; t₀, sample times are not ascending in [t₀, t_end], or an event's accuracy is negative.</exception>
    public IntegrationResult Solve(
        OdeRightHandSide rightHandSide,
        double t0,
        ReadOnlySpan<double> y0,
        double tEnd,
        IntegrationTolerances tolerances,
        ReadOnlySpan<double> sampleTimes = default,
        bool keepDenseOutput = false,
        int maxSteps = 1_000_000,
        IReadOnlyList<IntegrationEvent>? events = null)
    {
        Preconditions.NotNull(rightHandSide, nameof(rightHandSide));
        Preconditions.NotNull(tolerances, nameof(tolerances));
        Preconditions.Finite(t0, nameof(t0));
        Preconditions.Finite(tEnd, nameof(tEnd));
        Preconditions.AtLeast(maxSteps, 1, nameof(maxSteps));
        if (tEnd < t0)
        {
            throw new ArgumentException($"tEnd = {tEnd:R} is before t0 = {t0:R}; expected tEnd ≥ t0.", nameof(tEnd));
        }
        for (int i = 0; i < y0.Length; i++)
        {
            if (!double.IsFinite(y0[i]))
            {
                throw new ArgumentException($"y0[{i}] = {y0[i]:R}; expected every entry finite.", nameof(y0));
            }
        }
        for (int i = 0; i < sampleTimes.Length; i++)
        {
            if (!(sampleTimes[i] >= t0 && sampleTimes[i] <= tEnd) || (i > 0 && sampleTimes[i] < sampleTimes[i - 1]))
            {
                throw new ArgumentException(
                    $"sampleTimes[{i}] = {sampleTimes[i]:R}; expected ascending times in [t0, tEnd] = [{t0:R}, {tEnd:R}].",
                    nameof(sampleTimes));
            }
        }
        events ??= [];
        for (int j = 0; j < events.Count; j++)
        {
            Preconditions.NotNull(events[j], nameof(events));
            Preconditions.NonNegative(events[j].TimeAccuracy, nameof(events));
        }

        var tableau = Tableau;
        int n = y0.Length, s = tableau.Stages;
        var y = y0.ToArray();
        var yNew = new double[n];
        var stage = new double[n];
        var k = new double[tableau.DenseStages][];
        for (int i = 0; i < k.Length; i++)
        {
            k[i] = new double[n];
        }
        var dense = keepDenseOutput ? new DenseOutput(tableau) : null;
        var times = ImmutableArray.CreateBuilder<double>(sampleTimes.Length);
        var samples = ImmutableArray.CreateBuilder<ImmutableArray<double>>(sampleTimes.Length);
        var occurrences = ImmutableArray.CreateBuilder<EventOccurrence>();
        int nextSample = 0;
        int evaluations = 0, accepted = 0, rejected = 0;
        double t = t0;
        double nonFiniteAt = t0;
        string? outsideDomain = null;

        bool Evaluate(double time, ReadOnlySpan<double> state, Span<double> into)
        {
            outsideDomain = null;
            evaluations++;
            try
            {
                rightHandSide(time, state, into);
            }
            catch (OutsideDomainException e)
            {
                outsideDomain = e.Message;
                nonFiniteAt = time;
                return false;
            }
            foreach (double v in into)
            {
                if (!double.IsFinite(v))
                {
                    nonFiniteAt = time;
                    return false;
                }
            }
            return true;
        }

        IntegrationResult Finish(IntegrationStatus status, double h, string reason, EventOccurrence? terminal = null) => new(
            status, t, y, accepted, rejected, evaluations, h, times.ToImmutable(), samples.ToImmutable(), dense,
            occurrences.ToImmutable(), terminal, reason);

        while (nextSample < sampleTimes.Length && sampleTimes[nextSample] == t0)
        {
            times.Add(t0);
            samples.Add([.. y]);
            nextSample++;
        }
        if (!Evaluate(t, y, k[0]))
        {
            return outsideDomain is null
                ? Finish(IntegrationStatus.NonFiniteDerivative, 0, $"F(t₀, y₀) has a non-finite entry at t₀ = {t0:R}")
                : Finish(IntegrationStatus.OutsideDomain, 0, $"F is not defined at t₀ = {t0:R}: {outsideDomain}");
        }
        var gOld = new double[events.Count];
        var gNew = new double[events.Count];
        for (int j = 0; j < events.Count; j++)
        {
            gOld[j] = events[j].Function(t, y);
        }
        if (tEnd == t0)
        {
            return Finish(IntegrationStatus.Finished, 0, $"reached t_end = {tEnd:R}");
        }

        double h = InitialStep(rightHandSide, t, y, k[0], tolerances, ref evaluations);
        bool afterRejection = false, lastRejectionNonFinite = false;
        string? lastRejectionDomain = null;
        double lastError = 0;
        int attempts = 0;
        while (t < tEnd)
        {
            if (++attempts > maxSteps)
            {
                return Finish(IntegrationStatus.MaxStepsExceeded, h,
                    $"the budget of {maxSteps} step attempts was used up at t = {t:R} of t_end = {tEnd:R}");
            }
            double minStep = 10 * (Math.BitIncrement(Math.Abs(t)) - Math.Abs(t));
            if (h < minStep)
            {
                // Say why the step had to shrink: a derivative that kept coming back non-finite, or an error estimate
                // that the tolerances could not be met with.
                if (lastRejectionDomain is not null)
                {
                    return Finish(IntegrationStatus.OutsideDomain, h,
                        $"every step attempt from t = {t:R} left the domain of F (last at t = {nonFiniteAt:R}: {lastRejectionDomain}) " +
                        $"until the step size {h:E3} fell below 10 ulp(t) = {minStep:E3}");
                }
                return lastRejectionNonFinite
                    ? Finish(IntegrationStatus.NonFiniteDerivative, h,
                        $"F returned a non-finite value at every step attempt from t = {t:R} (last at t = {nonFiniteAt:R}) " +
                        $"until the step size {h:E3} fell below 10 ulp(t) = {minStep:E3}")
                    : Finish(IntegrationStatus.StepSizeTooSmall, h,
                        $"the step size {h:E3} needed for the tolerances (last error norm {lastError:E3}) fell below " +
                        $"10 ulp(t) = {minStep:E3} at t = {t:R}");
            }
            bool last = t + h >= tEnd;
            if (last)
            {
                h = tEnd - t;
            }

            bool finite = Stages(tableau, t, y, h, k, stage, 1, s, Evaluate);
            double error = finite ? ErrorNorm(tableau, y, h, k, yNew, tolerances) : double.PositiveInfinity;
            if (!(error <= 1.0))
            {
                rejected++;
                lastRejectionNonFinite = !finite;
                lastRejectionDomain = finite ? null : outsideDomain;
                lastError = error;
                h *= finite ? Controller.Factor(error, tableau.ErrorEstimatorOrder, afterRejection: true) : Controller.MinFactor;
                afterRejection = true;
                continue;
            }

            // Accept.
            double tNew = last ? tEnd : t + h;
            bool denseReady = s == tableau.DenseStages;
            bool PrepareDense()
            {
                if (!denseReady)
                {
                    denseReady = Stages(tableau, t, y, h, k, stage, s, tableau.DenseStages, Evaluate);
                }
                return denseReady;
            }

            double tStop = tNew;
            EventOccurrence? terminal = null;
            if (events.Count > 0)
            {
                List<int>? crossing = null;
                for (int j = 0; j < events.Count; j++)
                {
                    gNew[j] = events[j].Function(tNew, yNew);
                    if (Crosses(events[j].Direction, gOld[j], gNew[j]))
                    {
                        crossing ??= [];
                        crossing.Add(j);
                    }
                }
                if (crossing is not null)
                {
                    if (!PrepareDense())
                    {
                        return Finish(outsideDomain is null ? IntegrationStatus.NonFiniteDerivative : IntegrationStatus.OutsideDomain, h,
                            $"F returned a non-finite value or left its domain at an extra dense-output stage at t = {nonFiniteAt:R}");
                    }
                    var point = new double[n];
                    double tStep = t, hStep = h;
                    var found = new List<(double Time, int Index)>(crossing.Count);
                    foreach (int index in crossing)
                    {
                        var e = events[index];
                        double G(double time)
                        {
                            DenseOutput.Interpolate(tableau, tStep, hStep, y, k, time, point);
                            return e.Function(time, point);
                        }
                        found.Add((gNew[index] == 0 ? tNew : BrentRoot.Find(G, t, tNew, gOld[index], gNew[index], e.TimeAccuracy), index));
                    }
                    found.Sort((p, q) => p.Time.CompareTo(q.Time));
                    foreach (var (time, index) in found)
                    {
                        if (terminal is not null)
                        {
                            break;
                        }
                        var state = new double[n];
                        DenseOutput.Interpolate(tableau, t, h, y, k, time, state);
                        var occurrence = new EventOccurrence(index, events[index].Name, time, [.. state], events[index].Terminal);
                        occurrences.Add(occurrence);
                        if (events[index].Terminal)
                        {
                            terminal = occurrence;
                            tStop = time;
                        }
                    }
                }
                (gOld, gNew) = (gNew, gOld);
            }

            if ((nextSample < sampleTimes.Length && sampleTimes[nextSample] <= tStop) || dense is not null)
            {
                if (!PrepareDense())
                {
                    return Finish(outsideDomain is null ? IntegrationStatus.NonFiniteDerivative : IntegrationStatus.OutsideDomain, h,
                        $"F returned a non-finite value or left its domain at an extra dense-output stage at t = {nonFiniteAt:R}");
                }
            }
            while (nextSample < sampleTimes.Length && sampleTimes[nextSample] <= tStop)
            {
                var value = new double[n];
                DenseOutput.Interpolate(tableau, t, h, y, k, sampleTimes[nextSample], value);
                times.Add(sampleTimes[nextSample]);
                samples.Add([.. value]);
                nextSample++;
            }
            dense?.Add(t, h, y, k, tStop);
            accepted++;
            if (terminal is not null)
            {
                t = terminal.Time;
                y = [.. terminal.State];
                return Finish(IntegrationStatus.Event, h, $"terminal event '{terminal.Name}' at t = {terminal.Time:R}", terminal);
            }
            t = tNew;
            (y, yNew) = (yNew, y);
            if (tableau.FirstSameAsLast)
            {
                (k[0], k[s - 1]) = (k[s - 1], k[0]);
            }
            else if (!Evaluate(t, y, k[0]))
            {
                return outsideDomain is null
                    ? Finish(IntegrationStatus.NonFiniteDerivative, h, $"F(t, y) has a non-finite entry at the accepted t = {t:R}")
                    : Finish(IntegrationStatus.OutsideDomain, h, $"F is not defined at the accepted t = {t:R}: {outsideDomain}");
            }
            if (tableau.FirstSameAsLast && !AllFinite(k[0]))
            {
                return Finish(IntegrationStatus.NonFiniteDerivative, h, $"F(t, y) has a non-finite entry at the accepted t = {t:R}");
            }
            h *= Controller.Factor(error, tableau.ErrorEstimatorOrder, afterRejection);
            afterRejection = false;
            lastRejectionNonFinite = false;
            lastRejectionDomain = null;
        }
        return Finish(IntegrationStatus.Finished, h, $"reached t_end = {tEnd:R}");
    }

    /// <summary>
    /// Whether g changes sign from <paramref name="gOld"/> to <paramref name="gNew"/> in the given direction: g(t_old) ≠ 0
    /// and g(t_new) is zero or of the other sign.
    /// </summary>
    private static bool Crosses(EventDirection direction, double gOld, double gNew) => direction switch
    {
        EventDirection.Rising => gOld < 0 && gNew >= 0,
        EventDirection.Falling => gOld > 0 && gNew <= 0,
        _ => (gOld < 0 && gNew >= 0) || (gOld > 0 && gNew <= 0),
    };

    /// <summary>
    /// Forms y₁ = y₀ + h·Σbᵢkᵢ into <paramref name="yNew"/> and returns the scaled error norm of the step: the RMS of
    /// eᵢ/scᵢ with e = h·Σ Eⱼkⱼ and scᵢ = atol + rtol·max(|y₀ᵢ|, |y₁ᵢ|); for a tableau with a third-order estimate (DOP853)
    /// Hairer's combination h·‖e₅‖²/√((‖e₅‖² + 0.01‖e₃‖²)·n) of the two (Solving ODEs I, §II.10).
    /// </summary>
    private static double ErrorNorm(ButcherTableau tableau, double[] y, double h, double[][] k, double[] yNew, IntegrationTolerances tolerances)
    {
        int n = y.Length, s = tableau.Stages;
        bool combined = !tableau.E3.IsEmpty;
        double sum5 = 0, sum3 = 0;
        for (int d = 0; d < n; d++)
        {
            double high = 0, err = 0, err3 = 0;
            for (int i = 0; i < s; i++)
            {
                high += tableau.B[i] * k[i][d];
                err += tableau.E[i] * k[i][d];
            }
            yNew[d] = y[d] + h * high;
            double scale = tolerances.Absolute + tolerances.Relative * Math.Max(Math.Abs(y[d]), Math.Abs(yNew[d]));
            if (combined)
            {
                for (int i = 0; i < s; i++)
                {
                    err3 += tableau.E3[i] * k[i][d];
                }
                double e5 = err / scale, e3 = err3 / scale;
                sum5 += e5 * e5;
                sum3 += e3 * e3;
            }
            else
            {
                double e = h * err / scale;
                sum5 += e * e;
            }
        }
        if (n == 0)
        {
            return 0;
        }
        if (!combined)
        {
            return Math.Sqrt(sum5 / n);
        }
        return sum5 == 0 && sum3 == 0 ? 0 : Math.Abs(h) * sum5 / Math.Sqrt((sum5 + 0.01 * sum3) * n);
    }

    /// <summary>
    /// Takes <paramref name="steps"/> steps of fixed size h with the propagating weights b only (no error control): the
    /// same stage loop, used to measure the empirical order log₂(e_h/e_{h/2}) ≈ p.
    /// </summary>
    /// <returns>The final state and the dense output of every step.</returns>
    public (double[] Final, DenseOutput Dense) FixedSteps(
        OdeRightHandSide rightHandSide, double t0, ReadOnlySpan<double> y0, double h, int steps)
    {
        Preconditions.NotNull(rightHandSide, nameof(rightHandSide));
        Preconditions.Positive(h, nameof(h));
        Preconditions.AtLeast(steps, 0, nameof(steps));
        var tableau = Tableau;
        int n = y0.Length, s = tableau.Stages;
        var y = y0.ToArray();
        var stage = new double[n];
        var k = new double[tableau.DenseStages][];
        for (int i = 0; i < k.Length; i++)
        {
            k[i] = new double[n];
        }
        var dense = new DenseOutput(tableau);
        double t = t0;
        for (int step = 0; step < steps; step++)
        {
            rightHandSide(t, y, k[0]);
            Stages(tableau, t, y, h, k, stage, 1, tableau.DenseStages, (time, state, into) =>
            {
                rightHandSide(time, state, into);
                return true;
            });
            dense.Add(t, h, y, k);
            for (int d = 0; d < n; d++)
            {
                double sum = 0;
                for (int i = 0; i < s; i++)
                {
                    sum += tableau.B[i] * k[i][d];
                }
                y[d] += h * sum;
            }
            t = t0 + (step + 1) * h;
        }
        return (y, dense);
    }

    /// <summary>Evaluates a stage derivative; returns false if it is not finite.</summary>
    private delegate bool StageEvaluation(double t, ReadOnlySpan<double> y, Span<double> dydt);

    /// <summary>
    /// The one stage loop of every method: for i = from, …, to − 1 (0-based), Yᵢ = y + h·Σⱼ aᵢⱼkⱼ and
    /// kᵢ = F(t + cᵢh, Yᵢ), given the earlier stages. Stops early (returning false) when an evaluation is not finite.
    /// </summary>
    private static bool Stages(
        ButcherTableau tableau, double t, double[] y, double h, double[][] k, double[] stage, int from, int to, StageEvaluation evaluate)
    {
        for (int i = from; i < to; i++)
        {
            var row = tableau.A[i];
            for (int d = 0; d < y.Length; d++)
            {
                double sum = 0;
                for (int j = 0; j < row.Length; j++)
                {
                    sum += row[j] * k[j][d];
                }
                stage[d] = y[d] + h * sum;
            }
            if (!evaluate(t + tableau.C[i] * h, stage, k[i]))
            {
                return false;
            }
        }
        return true;
    }

    private static bool AllFinite(double[] v)
    {
        foreach (double x in v)
        {
            if (!double.IsFinite(x))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Hairer's initial step: h = min(100·h₀, (0.01/max(d₁, d₂))^{1/(r+1)}), r the error estimator's order.</summary>
    /// <remarks>Internal for its test against SciPy's starting step (NUM.RK.InitialStep).</remarks>
    internal double InitialStep(
        OdeRightHandSide f, double t, double[] y, double[] f0, IntegrationTolerances tol, ref int evaluations)
    {
        int n = y.Length;
        double d0 = 0, d1 = 0;
        for (int d = 0; d < n; d++)
        {
            double scale = tol.Absolute + tol.Relative * Math.Abs(y[d]);
            d0 += Math.Pow(y[d] / scale, 2);
            d1 += Math.Pow(f0[d] / scale, 2);
        }
        d0 = n == 0 ? 0 : Math.Sqrt(d0 / n);
        d1 = n == 0 ? 0 : Math.Sqrt(d1 / n);
        double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
        var y1 = new double[n];
        var f1 = new double[n];
        for (int d = 0; d < n; d++)
        {
            y1[d] = y[d] + h0 * f0[d];
        }
        evaluations++;
        try
        {
            f(t + h0, y1, f1);
        }
        catch (OutsideDomainException)
        {
            // The trial point left F's domain: start with a step well inside h₀ and let the controller grow it.
            return h0 * 1e-3;
        }
        double d2 = 0;
        for (int d = 0; d < n; d++)
        {
            double scale = tol.Absolute + tol.Relative * Math.Abs(y[d]);
            d2 += Math.Pow((f1[d] - f0[d]) / scale, 2);
        }
        d2 = n == 0 ? 0 : Math.Sqrt(d2 / n) / h0;
        double h1 = Math.Max(d1, d2) <= 1e-15
            ? Math.Max(1e-6, h0 * 1e-3)
            : Math.Pow(0.01 / Math.Max(d1, d2), 1.0 / (Tableau.ErrorEstimatorOrder + 1));
        double h = Math.Min(100 * h0, h1);
        return double.IsFinite(h) && h > 0 ? h : 1e-6;
    }
}
