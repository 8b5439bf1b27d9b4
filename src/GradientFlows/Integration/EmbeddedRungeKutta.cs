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

    /// <summary>The method.</summary>
    public ButcherTableau Tableau { get; }

    /// <summary>The step-size controller.</summary>
    public StepSizeController Controller { get; }

    /// <summary>
    /// Integrates y′ = F(t, y) from (t₀, y₀) to t_end adaptively.
    /// </summary>
    /// <param name="rightHandSide">F.</param>
    /// <param name="t0">Start time t₀, finite.</param>
    /// <param name="y0">Initial state y₀, finite entries.</param>
    /// <param name="tEnd">End time t_end ≥ t₀, finite.</param>
    /// <param name="tolerances">Local error tolerances.</param>
    /// <param name="sampleTimes">Ascending times in [t₀, t_end] at which to record the state (from dense output).</param>
    /// <param name="keepDenseOutput">Keep the continuous extension of every step (memory: stages × dim per step).</param>
    /// <param name="maxSteps">Upper bound on step attempts, ≥ 1.</param>
    /// <returns>The result; check <see cref="IntegrationResult.Status"/>.</returns>
    /// <exception cref="ArgumentException">A time or state entry is not finite, t_end &lt; t₀, or sample times are not ascending in [t₀, t_end].</exception>
    public IntegrationResult Solve(
        OdeRightHandSide rightHandSide,
        double t0,
        ReadOnlySpan<double> y0,
        double tEnd,
        IntegrationTolerances tolerances,
        ReadOnlySpan<double> sampleTimes = default,
        bool keepDenseOutput = false,
        int maxSteps = 1_000_000)
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

        var tableau = Tableau;
        int n = y0.Length, s = tableau.Stages;
        var y = y0.ToArray();
        var yNew = new double[n];
        var stage = new double[n];
        var k = new double[s][];
        for (int i = 0; i < s; i++)
        {
            k[i] = new double[n];
        }
        var dense = keepDenseOutput ? new DenseOutput(tableau) : null;
        var times = ImmutableArray.CreateBuilder<double>(sampleTimes.Length);
        var samples = ImmutableArray.CreateBuilder<ImmutableArray<double>>(sampleTimes.Length);
        int nextSample = 0;
        int evaluations = 0, accepted = 0, rejected = 0;
        double t = t0;

        bool Evaluate(double time, ReadOnlySpan<double> state, Span<double> into)
        {
            rightHandSide(time, state, into);
            evaluations++;
            foreach (double v in into)
            {
                if (!double.IsFinite(v))
                {
                    return false;
                }
            }
            return true;
        }

        IntegrationResult Finish(IntegrationStatus status, double h) => new(
            status, t, y, accepted, rejected, evaluations, h, times.ToImmutable(), samples.ToImmutable(), dense);

        while (nextSample < sampleTimes.Length && sampleTimes[nextSample] == t0)
        {
            times.Add(t0);
            samples.Add([.. y]);
            nextSample++;
        }
        if (!Evaluate(t, y, k[0]))
        {
            return Finish(IntegrationStatus.NonFiniteDerivative, 0);
        }
        if (tEnd == t0)
        {
            return Finish(IntegrationStatus.Finished, 0);
        }

        double h = InitialStep(rightHandSide, t, y, k[0], tolerances, ref evaluations);
        bool afterRejection = false;
        int attempts = 0;
        while (t < tEnd)
        {
            if (++attempts > maxSteps)
            {
                return Finish(IntegrationStatus.MaxStepsExceeded, h);
            }
            double minStep = 10 * (Math.BitIncrement(Math.Abs(t)) - Math.Abs(t));
            if (h < minStep)
            {
                return Finish(IntegrationStatus.StepSizeTooSmall, h);
            }
            bool last = t + h >= tEnd;
            if (last)
            {
                h = tEnd - t;
            }

            bool finite = Stages(tableau, t, y, h, k, stage, Evaluate);

            double error = double.PositiveInfinity;
            if (finite)
            {
                double sumSq = 0;
                for (int d = 0; d < n; d++)
                {
                    double high = 0, err = 0;
                    for (int i = 0; i < s; i++)
                    {
                        high += tableau.B[i] * k[i][d];
                        err += (tableau.B[i] - tableau.BHat[i]) * k[i][d];
                    }
                    yNew[d] = y[d] + h * high;
                    double scale = tolerances.Absolute + tolerances.Relative * Math.Max(Math.Abs(y[d]), Math.Abs(yNew[d]));
                    double e = h * err / scale;
                    sumSq += e * e;
                }
                error = n == 0 ? 0 : Math.Sqrt(sumSq / n);
            }

            if (!(error <= 1.0))
            {
                rejected++;
                h *= finite ? Controller.Factor(error, tableau.EmbeddedOrder, afterRejection: true) : Controller.MinFactor;
                afterRejection = true;
                continue;
            }

            // Accept.
            double tNew = last ? tEnd : t + h;
            while (nextSample < sampleTimes.Length && sampleTimes[nextSample] <= tNew)
            {
                var value = new double[n];
                DenseOutput.Interpolate(tableau, t, h, y, k, sampleTimes[nextSample], value);
                times.Add(sampleTimes[nextSample]);
                samples.Add([.. value]);
                nextSample++;
            }
            dense?.Add(t, h, y, k);
            accepted++;
            t = tNew;
            (y, yNew) = (yNew, y);
            if (tableau.FirstSameAsLast)
            {
                (k[0], k[s - 1]) = (k[s - 1], k[0]);
            }
            else if (!Evaluate(t, y, k[0]))
            {
                return Finish(IntegrationStatus.NonFiniteDerivative, h);
            }
            if (tableau.FirstSameAsLast && !AllFinite(k[0]))
            {
                return Finish(IntegrationStatus.NonFiniteDerivative, h);
            }
            h *= Controller.Factor(error, tableau.EmbeddedOrder, afterRejection);
            afterRejection = false;
        }
        return Finish(IntegrationStatus.Finished, h);
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
        var k = new double[s][];
        for (int i = 0; i < s; i++)
        {
            k[i] = new double[n];
        }
        var dense = new DenseOutput(tableau);
        double t = t0;
        for (int step = 0; step < steps; step++)
        {
            rightHandSide(t, y, k[0]);
            Stages(tableau, t, y, h, k, stage, (time, state, into) =>
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
    /// The one stage loop of every method: for i = 2, …, s, Yᵢ = y + h·Σⱼ aᵢⱼkⱼ and kᵢ = F(t + cᵢh, Yᵢ), given k₁.
    /// Stops early (returning false) when an evaluation is not finite.
    /// </summary>
    private static bool Stages(ButcherTableau tableau, double t, double[] y, double h, double[][] k, double[] stage, StageEvaluation evaluate)
    {
        for (int i = 1; i < tableau.Stages; i++)
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

    /// <summary>Hairer's initial step: h = min(100·h₀, (0.01/max(d₁, d₂))^{1/(p̂+1)}).</summary>
    private double InitialStep(
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
        f(t + h0, y1, f1);
        evaluations++;
        double d2 = 0;
        for (int d = 0; d < n; d++)
        {
            double scale = tol.Absolute + tol.Relative * Math.Abs(y[d]);
            d2 += Math.Pow((f1[d] - f0[d]) / scale, 2);
        }
        d2 = n == 0 ? 0 : Math.Sqrt(d2 / n) / h0;
        double h1 = Math.Max(d1, d2) <= 1e-15
            ? Math.Max(1e-6, h0 * 1e-3)
            : Math.Pow(0.01 / Math.Max(d1, d2), 1.0 / (Tableau.EmbeddedOrder + 1));
        double h = Math.Min(100 * h0, h1);
        return double.IsFinite(h) && h > 0 ? h : 1e-6;
    }
}
