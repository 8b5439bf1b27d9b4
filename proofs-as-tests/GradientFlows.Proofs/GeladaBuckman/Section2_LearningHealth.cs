using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GradientFlows.Flows;
using GradientFlows.Objectives;
using GradientFlows.Proofs.Generators;
using GradientFlows.Theory;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.GeladaBuckman;

/// <summary>Gelada–Buckman §2: learning health as a replacement for convexity (Results 2.1, 2.2) and the bound functions.</summary>
public sealed class Section2_LearningHealth
{
    /// <summary>
    /// Result 2.1 on quadratics, α = 2λ⁺_min(A) (zero eigenvalues contribute to neither side); the tight instances have
    /// w₀ − w* along the λ⁺_min eigenvector, where l(t) = l(0)e^{−αt} exactly.
    /// </summary>
    [Property(Arbitrary = [typeof(Arbitraries)])]
    [Trait("Theorem", "GB.R2.1")]
    public Property Result2_1_Loss_Le_ExpDecay_Of_Health_Quadratic(QuadraticInstance instance)
    {
        double alpha = 2 * instance.SmallestPositiveEigenvalue;
        var trajectory = LossFollowsHealthyDecay(instance.Objective, instance.W0, alpha, instance.Objective.SmoothnessConstant);
        if (instance.Tight)
        {
            // The equality case: l(t) = l(0)e^{−αt} for all t, so the bound is also a lower bound.
            var tol = Tolerances.IntegratedIdentity(trajectory.InitialLoss);
            foreach (var p in trajectory.Points)
            {
                double bound = HealthyDecayBound.At(alpha, trajectory.InitialLoss, p.Time);
                Check.Le(bound, p.Loss * (1 + Tolerances.HealthyDecayRelative), tol, $"tight case: l(t) = l(0)e^(−αt) at t = {p.Time:G6}");
            }
        }
        return Prop.ToProperty(true).Classify(instance.Tight, "tight (equality) case").Classify(instance.ZeroEigenvalues > 0, "singular A");
    }

    /// <summary>Result 2.1 on over-parametrised least squares ½‖Xw − q‖², α = 2λ_min(XXᵀ).</summary>
    [Property(Arbitrary = [typeof(Arbitraries)])]
    [Trait("Theorem", "GB.R2.1")]
    public Property Result2_1_Loss_Le_ExpDecay_Of_Health_LeastSquares(LeastSquaresInstance instance)
    {
        var lambda = instance.GramEigenvalues;
        double alpha = 2 * lambda.Minimum();
        // A square Gaussian X can be arbitrarily ill-conditioned (one draw had 5/α ≈ 7·10⁵ with λ_max = O(1)); an explicit
        // integrator needs about λ_max·T steps. The inequality holds for every t, so checking it on a shorter interval
        // loses nothing but reach: T is capped at 1000 time constants of the fastest mode, 1000/λ_max, and classified.
        double horizon = Math.Min(5 / alpha, StiffnessCap / lambda.Maximum());
        LossFollowsHealthyDecay(instance.Objective, instance.W0, alpha, lambda.Maximum(), horizon);
        return Prop.ToProperty(true).Classify(horizon < 5 / alpha, "ill-conditioned X: horizon capped at 1000/λ_max");
    }

    /// <summary>
    /// A bound on the Hessian of ½(uv − q)² along the flow, for the step budget: its eigenvalues are at most
    /// u² + v² + |2uv − q| ≤ 2(u² + v²) + |q|, and along the flow u² + v² = √(c² + 4(uv)²) with c = u² − v² conserved and
    /// |uv| ≤ max(|u₀v₀|, |q|), so u² + v² ≤ 2‖w₀‖² + 2|q| and the Hessian is at most 4‖w₀‖² + 5|q|.
    /// </summary>
    private static double TwoFactorHessianBound(Vector<double> w0, double q) => 4 * w0.DotProduct(w0) + 5 * Math.Abs(q);

    /// <summary>The largest horizon, in time constants of the fastest mode, that a health property integrates.</summary>
    private const double StiffnessCap = 1000;

    /// <summary>Result 2.1 on the non-convex f(x) = x² + 3sin²x with the proved constant α = 1/16.</summary>
    [Property(Arbitrary = [typeof(Arbitraries)])]
    [Trait("Theorem", "GB.R2.1")]
    public void Result2_1_Loss_Le_ExpDecay_Of_Health_SineWell(ScalarInstance instance) =>
        LossFollowsHealthyDecay(new SineWellObjective(), instance.SineWellStart, SineWellObjective.ProvedHealthConstant, SineWellObjective.SmoothnessConstant);

    /// <summary>
    /// Result 2.2 on the two-factor model f(u, v) = ½(uv − q)² with α = 2‖w₀‖², β = 4‖w₀‖ (Supplement S2): the loss stays
    /// below l(0)·exp(φ(min(t, t*))) up to T = 3t*, and the relaxed-health hypothesis holds along the trajectory.
    /// </summary>
    [Property(Arbitrary = [typeof(Arbitraries)])]
    [Trait("Theorem", "GB.R2.2")]
    public Property Result2_2_Loss_Le_RelaxedHealthBound_Of_TwoFactor(ScalarInstance instance)
    {
        var (w0, q) = instance.TwoFactor;
        var f = new ScalarTwoFactorObjective(q);
        var (alpha, beta) = ScalarTwoFactorObjective.RelaxedHealthConstants(w0);
        var bound = new RelaxedHealthBound(alpha, beta, f.Value(w0));
        var trajectory = BudgetedFlow.Solve(f, w0, Horizon(bound), 200, TwoFactorHessianBound(w0, q));
        AssertBelowBound(trajectory, bound.At, "Result 2.2 bound");
        foreach (var p in trajectory.Points)
        {
            Check.Le((alpha - beta * p.Distance) * p.Loss, p.GradientNormSquared, Tolerances.AlgebraicIdentity(p.GradientNormSquared),
                $"relaxed health ‖∇f‖² ≥ (α − β‖w − w₀‖)f at t = {p.Time:G6}");
        }
        return Prop.ToProperty(true).Classify(trajectory.Points[^1].Loss < bound.Final, "final loss below l(0)exp(−α³/(3β²l(0)))");
    }

    /// <summary>The bound of Result 2.1 at t = 0 is l(0), it is decreasing, and it solves B′ = −αB (checked by central differences).</summary>
    [Property(Arbitrary = [typeof(Arbitraries)])]
    [Trait("Theorem", "GB.R2.1")]
    public void Result2_1_Bound_Eq_Loss0_At_Zero_And_Solves_Ode(ScalarInstance instance)
    {
        var random = new Random(instance.Seed);
        double alpha = Gaussian.LogUniform(random, -2, 2), loss0 = Gaussian.LogUniform(random, -2, 2);
        double t = Gaussian.LogUniform(random, -2, 0) / alpha;
        Check.Close(HealthyDecayBound.At(alpha, loss0, 0), loss0, Tolerances.Rounding(loss0), "B(0) = l(0)");
        Check.Lt(HealthyDecayBound.At(alpha, loss0, 2 * t), HealthyDecayBound.At(alpha, loss0, t), "B is decreasing");
        double h = Tolerances.CentralDifferenceStep(1) * t;
        double derivative = (HealthyDecayBound.At(alpha, loss0, t + h) - HealthyDecayBound.At(alpha, loss0, t - h)) / (2 * h);
        Check.Close(derivative, -alpha * HealthyDecayBound.At(alpha, loss0, t), Tolerances.CentralDifference(alpha * loss0), "B′ = −αB");
    }

    /// <summary>
    /// The bound of Result 2.2: B(0) = l(0); φ′(t*) = 0 (erratum E3: t* solves φ′ = 0, not φ = 0); φ(t*) = −α³/(3β²l(0));
    /// B is non-increasing and constant after t*.
    /// </summary>
    [Property(Arbitrary = [typeof(Arbitraries)])]
    [Trait("Theorem", "GB.R2.2")]
    public void Result2_2_Bound_CriticalTime_Eq_ArgMin_Of_Exponent(ScalarInstance instance)
    {
        var random = new Random(instance.Seed);
        var bound = new RelaxedHealthBound(Gaussian.LogUniform(random, -1, 1), Gaussian.LogUniform(random, -1, 1), Gaussian.LogUniform(random, -1, 1));
        double tStar = bound.CriticalTime;
        Check.Close(bound.At(0), bound.Loss0, Tolerances.Rounding(bound.Loss0), "B(0) = l(0)");
        double h = Tolerances.CentralDifferenceStep(1) * tStar;
        double slope = (bound.Exponent(tStar + h) - bound.Exponent(tStar - h)) / (2 * h);
        Check.Close(slope, 0, Tolerances.CentralDifference(bound.Alpha), "φ′(t*) = 0");
        Check.Close(bound.Exponent(tStar), bound.FinalExponent, Tolerances.Rounding(Math.Abs(bound.FinalExponent)), "φ(t*) = −α³/(3β²l(0))");
        double previous = double.PositiveInfinity;
        for (int i = 0; i <= 40; i++)
        {
            double value = bound.At(2 * tStar * i / 40);
            Check.Le(value, previous, Tolerances.Rounding(bound.Loss0), "B is non-increasing");
            previous = value;
        }
        Check.Close(bound.At(1.5 * tStar), bound.Final, Tolerances.Rounding(bound.Loss0), "B constant after t*");
    }

    /// <summary>
    /// Result 2.2's bound is sharp in its constants: ln B(t₂) − ln B(t₁) = −∫_{t₁}^{t₂}(α − β√(l(0)s)) ds for
    /// t₁ &lt; t₂ ≤ t* — the relaxed-health rate α − βr evaluated at the largest distance r(s) = √(s·l(0)) allowed by Result
    /// 1.5 — and B is constant after t*. Checked between fixed fractions of t* on both sides of it, so a wrong 2/3, α, β or
    /// t* (each by a factor 2) fails on every instance.
    /// </summary>
    [Property(Arbitrary = [typeof(Arbitraries)])]
    [Trait("Theorem", "GB.R2.2")]
    public void Result2_2_LogBound_Eq_Integral_Of_RelaxedHealthRate_Sharp(ScalarInstance instance)
    {
        var random = new Random(instance.Seed);
        var bound = new RelaxedHealthBound(Gaussian.LogUniform(random, -1, 1), Gaussian.LogUniform(random, -1, 1), Gaussian.LogUniform(random, -1, 1));
        LogBoundFollowsRate(bound.LogAt, s => bound.Alpha - bound.Beta * Math.Sqrt(bound.Loss0 * s),
            t => Math.Abs(Math.Log(bound.Loss0)) + bound.Alpha * t + 2.0 / 3.0 * bound.Beta * Math.Sqrt(bound.Loss0) * Math.Pow(t, 1.5),
            bound.CriticalTime, "Result 2.2");
    }

    /// <summary>The fractions of the critical time between which a log-bound's increments are checked.</summary>
    private static readonly double[] CriticalFractions = [0, 0.1, 0.3, 0.6, 0.9, 1.0, 1.2, 1.6];

    /// <summary>
    /// Asserts ln B(t₂) − ln B(t₁) = −∫_{t₁}^{t₂} rate(s) ds for consecutive fractions of <paramref name="critical"/> below it,
    /// and = 0 above it. The integral is Gauss–Legendre with 8 nodes in u = √s (ds = 2u du), exact for rates that are
    /// polynomials of degree ≤ 14 in √s. Tolerance: rounding of the two logarithms and of the integral
    /// (<see cref="Tolerances.LogIncrement"/>), on the magnitudes Σ|terms| of ln B(t) before cancellation
    /// (<paramref name="termMagnitude"/>; these also bound the integral of the rate's terms).
    /// </summary>
    internal static void LogBoundFollowsRate(
        Func<double, double> logBound, Func<double, double> rate, Func<double, double> termMagnitude, double critical, string what)
    {
        // The critical time is where the rate at the largest distance reaches 0 (beyond it the rate would be negative and
        // the bound is held constant instead); without this a wrong critical time would be self-consistent.
        Check.Close(rate(critical), 0, Tolerances.LogIncrement(rate(0)), $"{what}: the rate vanishes at the critical time");
        var rule = new MathNet.Numerics.Integration.GaussLegendreRule(0, 1, 8);
        for (int i = 0; i + 1 < CriticalFractions.Length; i++)
        {
            double t1 = CriticalFractions[i] * critical, t2 = CriticalFractions[i + 1] * critical;
            double increment = logBound(t2) - logBound(t1);
            double expected = 0;
            if (CriticalFractions[i + 1] <= 1)
            {
                double u1 = Math.Sqrt(t1), u2 = Math.Sqrt(t2);
                for (int node = 0; node < rule.Order; node++)
                {
                    double u = u1 + (u2 - u1) * rule.Abscissas[node];
                    expected -= (u2 - u1) * rule.Weights[node] * rate(u * u) * 2 * u;
                }
            }
            double capped1 = Math.Min(t1, critical), capped2 = Math.Min(t2, critical);
            Check.Close(increment, expected, Tolerances.LogIncrement(termMagnitude(capped1) + 2 * termMagnitude(capped2)),
                $"{what}: ln B({CriticalFractions[i + 1]}·t*) − ln B({CriticalFractions[i]}·t*) = −∫ rate");
        }
    }

    /// <summary>
    /// The spec's horizon 3t*, cut at the first time the bound B has fallen below a tenth of the loss floor: from then on
    /// l(t) ≤ B(t) &lt; floor holds for every later t because l is non-increasing (Result 1.2), so the comparison can no
    /// longer fail. (When l(0) is tiny, t* = α²/(β²l(0)) is huge — 1.5·10⁶ for one draw — while B underflows the floor
    /// within a few 1/α.) B is decreasing on [0, t*], so the cut is found by bisection.
    /// </summary>
    private static double Horizon(RelaxedHealthBound bound)
    {
        double tStar = bound.CriticalTime;
        double level = Math.Log(Tolerances.LossFloor(bound.Loss0) / 10);
        if (bound.LogAt(tStar) > level)
        {
            return 3 * tStar;
        }
        double lo = 0, hi = tStar;
        for (int i = 0; i < 60; i++) // 60 halvings locate the cut to 2⁻⁶⁰·t*
        {
            double mid = 0.5 * (lo + hi);
            (lo, hi) = bound.LogAt(mid) > level ? (mid, hi) : (lo, mid);
        }
        return hi;
    }

    /// <summary>Integrates the flow over 5/α (or the given horizon) and asserts l(t) ≤ l(0)e^{−αt}(1 + 10⁻⁷) + τ_int at 200 times.</summary>
    private static FlowTrajectory LossFollowsHealthyDecay(IObjective f, Vector<double> w0, double alpha, double smoothness, double? horizon = null)
    {
        double loss0 = f.Value(w0);
        var trajectory = BudgetedFlow.Solve(f, w0, horizon ?? 5 / alpha, 200, smoothness);
        var tol = Tolerances.IntegratedIdentity(loss0);
        foreach (var p in trajectory.Points)
        {
            double bound = HealthyDecayBound.At(alpha, loss0, p.Time);
            Check.Le(p.Loss, bound * (1 + Tolerances.HealthyDecayRelative), tol, $"l(t) ≤ l(0)e^(−αt) at t = {p.Time:G6}, α = {alpha:G6}");
        }
        return trajectory;
    }

    /// <summary>l(t) ≤ max(B(t), floor)·(1 + 10⁻⁶) at every sample (spec Result 2.2 check).</summary>
    internal static void AssertBelowBound(FlowTrajectory trajectory, Func<double, double> bound, string what)
    {
        double floor = Tolerances.LossFloor(trajectory.InitialLoss);
        foreach (var p in trajectory.Points)
        {
            double b = Math.Max(bound(p.Time), floor);
            Check.Le(p.Loss, b * (1 + Tolerances.FlowBoundRelative), Tolerances.Rounding(0),
                $"{what}: l(t) ≤ max(B(t), floor {floor:G3})·(1 + {Tolerances.FlowBoundRelative:E0}) at t = {p.Time:G6}");
        }
    }
}
