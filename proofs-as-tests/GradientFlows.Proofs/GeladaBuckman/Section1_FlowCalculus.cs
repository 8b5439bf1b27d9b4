using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GradientFlows.Differentiation;
using GradientFlows.Flows;
using GradientFlows.Proofs.Generators;
using MathNet.Numerics.Integration;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.GeladaBuckman;

/// <summary>Gelada–Buckman §1: identities and bounds along any gradient flow (Results 1.2–1.5).</summary>
public sealed class Section1_FlowCalculus
{
    /// <summary>
    /// Result 1.2 as a pointwise identity: the derivative of f along u = −∇f(w), computed with dual numbers, equals
    /// −‖∇f(w)‖². Checked at He-initialised and perturbed points w₀ + r·u′, r log-uniform in [10⁻³, 10²].
    /// </summary>
    [Property(Arbitrary = [typeof(Arbitraries)])]
    [Trait("Theorem", "GB.R1.2")]
    public Property Result1_2_LossDerivative_Eq_NegGradNormSq(ReluInstance instance)
    {
        var f = instance.Loss;
        var random = instance.Auxiliary;
        bool offInit = random.NextDouble() < 0.5;
        var w = offInit
            ? instance.W0 + Gaussian.LogUniform(random, -3, 2) * Gaussian.UnitSphere(random, f.Dimension)
            : instance.W0;
        var g = f.Gradient(w);
        double gSq = g.DotProduct(g);
        var along = f.Value(Dual.Seed(w.AsArray(), (-g).AsArray()));
        double termScale = Tolerances.DerivativeTermScale(f, w, -g);
        Check.Close(along.Tangent, -gSq, Tolerances.DualVersusGradient(termScale, f.Dimension),
            "∂f(w)(−∇f(w)) = −‖∇f(w)‖²");
        return Prop.ToProperty(true).Classify(offInit, "off-initialisation point").Classify(gSq == 0, "stationary (all units dead)");
    }

    /// <summary>
    /// Result 1.3 (energy identity): en(γ|[0,t]) = l(0) − l(t) at every sample time of a ReLU flow, with E(t) integrated in
    /// the augmented state under the same error control as w.
    /// </summary>
    [Property(Arbitrary = [typeof(FlowArbitraries)])]
    [Trait("Theorem", "GB.R1.3")]
    public Property Result1_3_Energy_Eq_LossDecrease(ReluInstance instance)
    {
        var run = new ReluFlowRun(instance);
        double loss0 = run.Trajectory.InitialLoss;
        var tol = Tolerances.IntegratedIdentity(loss0);
        foreach (var p in run.Trajectory.Points)
        {
            Check.Close(p.Energy, loss0 - p.Loss, tol, $"E({p.Time:G6}) = l(0) − l(t)");
            Check.Le(p.Energy, loss0, tol, $"E({p.Time:G6}) ≤ l(0)");
        }
        return Prop.ToProperty(true)
            .Classify(run.Guarantee.IsTrivial, "stationary flow")
            .Classify(run.Trajectory.Points[^1].Loss < loss0 / 1000, "loss reduced 1000-fold");
    }

    /// <summary>
    /// Result 1.3 against the closed form: on quadratics the integrated w(t) and E(t) equal γ(t) = w* + Qe^{−Λt}Qᵀ(w₀ − w*)
    /// and en = Σᵢ ½λᵢcᵢ²(1 − e^{−2λᵢt}); this separates integrator error from a wrong gradient.
    /// </summary>
    [Property(Arbitrary = [typeof(Arbitraries)])]
    [Trait("Theorem", "GB.R1.3")]
    public void Result1_3_Energy_Eq_ClosedForm_Of_Quadratic(QuadraticInstance instance)
    {
        var f = instance.Objective;
        var w0 = instance.W0;
        double loss0 = f.Value(w0);
        double horizon = 5 / instance.SmallestPositiveEigenvalue;
        var trajectory = BudgetedFlow.Solve(f, w0, horizon, 50, f.SmoothnessConstant);
        var tol = Tolerances.IntegratedIdentity(loss0);
        double stateScale = Math.Max(1, w0.L2Norm() + f.Minimiser.L2Norm());
        for (int s = 0; s < trajectory.Points.Length; s++)
        {
            var p = trajectory.Points[s];
            Check.Close(p.Energy, f.FlowEnergy(w0, p.Time), tol, $"E({p.Time:G6}) = closed-form energy");
            Check.Close(trajectory.StateAt(s).ToArray(), f.FlowAt(w0, p.Time).ToArray(),
                Tolerances.IntegratedIdentity(stateScale), $"w({p.Time:G6}) = closed-form flow");
        }
    }

    /// <summary>
    /// Result 1.3, self-calibrating: tightening rtol 100-fold shrinks the energy-identity discrepancy at least 10-fold,
    /// unless it is already at rounding level 10³·ε·max(1, l(0)). 25 cases: each integrates the flow twice, the second
    /// time at rtol 10⁻¹².
    /// </summary>
    [Property(Arbitrary = [typeof(FlowArbitraries)], MaxTest = 25, MaxRejected = 25 / Verdict.InconclusivePerChecked)]
    [Trait("Theorem", "GB.R1.3")]
    public void Result1_3_EnergyDiscrepancy_Shrinks_Of_TighterTolerance(LeastSquaresInstance instance)
    {
        var f = instance.Objective;
        var w0 = instance.W0;
        double loss0 = f.Value(w0);
        // Three time constants of the slowest mode; X is Gaussian, so λ_min(XXᵀ) > 0 almost surely, and the horizon is
        // capped at 3000 for the rare nearly singular draw.
        double horizon = 3 / Math.Max(instance.GramEigenvalues.Minimum(), 3.0 / 3000);
        double Discrepancy(double rtol)
        {
            var trajectory = BudgetedFlow.Solve(
                f, w0, horizon, 40, instance.GramEigenvalues.Maximum(), new GradientFlows.Integration.IntegrationTolerances(rtol, rtol / 100));
            return trajectory.Points.Max(p => Math.Abs(p.Energy - (loss0 - p.Loss)));
        }
        double fine = Discrepancy(Tolerances.Flow.Relative), coarse = Discrepancy(100 * Tolerances.Flow.Relative);
        double roundingLevel = 1e3 * FloatingPoint.MachineEpsilon * Math.Max(1, loss0);
        Check.That(fine <= roundingLevel || fine <= coarse / 10,
            $"discrepancy {fine:E3} at rtol {Tolerances.Flow.Relative:E0} is not 10× below {coarse:E3} at 100× that rtol (rounding level {roundingLevel:E3})");
    }

    /// <summary>
    /// Result 1.4 (length–energy inequality, any path) on random smooth paths. The quadrature's own len² ≤ t·en is
    /// Cauchy–Schwarz for positive weights and holds for any integrand, so the path enters through two path-specific
    /// facts: the quadrature energy equals the closed-form en(h) (Gauss–Legendre, 64 nodes on each of 16 sub-intervals, is
    /// exact to rounding here), and the chord obeys ‖h(t) − h(0)‖² ≤ t·en(h) with h from its antiderivative (the chain of
    /// Result 1.5 for any path). Then len² ≤ t·en with the closed-form en.
    /// </summary>
    [Property(Arbitrary = [typeof(Arbitraries)])]
    [Trait("Theorem", "GB.R1.4")]
    public void Result1_4_LengthSq_Le_Time_Mul_Energy(SmoothPathInstance path)
    {
        double t = path.Horizon;
        var (length, energy) = LengthAndEnergy(path.Derivative, t);
        var (exact, termScale) = path.ExactEnergy(t);
        var tol = Tolerances.Rounding(termScale, 64 * 16 * path.Dimension);
        Check.Close(energy, exact, tol, "quadrature en(h) = closed-form en(h)");
        double chord = (path.Position(t) - path.Position(0)).L2Norm();
        Check.Le(chord * chord, t * exact, new(t * tol.Value, "t·(rounding of en)"), "‖h(t) − h(0)‖² ≤ t·en(h)");
        Check.Le(length * length, t * exact, new(t * tol.Value + Tolerances.Rounding(length * length, 64 * 16 * path.Dimension).Value, "t·(rounding of en) + rounding of len²"),
            "len(h)² ≤ t·en(h)");
    }

    /// <summary>Result 1.4, equality case: constant-speed paths (a line and a circular arc) give len² = t·en.</summary>
    [Property(Arbitrary = [typeof(Arbitraries)])]
    [Trait("Theorem", "GB.R1.4")]
    public void Result1_4_LengthSq_Eq_Time_Mul_Energy_Of_ConstantSpeed(SmoothPathInstance path)
    {
        var random = new Random(path.Seed);
        var direction = Gaussian.Vector(random, path.Dimension);
        var other = Gaussian.Vector(random, path.Dimension);
        double speed = Gaussian.LogUniform(random, -1, 1);
        var paths = new List<(string Name, Func<double, Vector<double>> Derivative)> { ("line", _ => speed * direction) };
        if (path.Dimension >= 2)
        {
            paths.Add(("circular arc", ConstantSpeedArc(direction, other, speed)));
        }
        foreach (var (name, derivative) in paths)
        {
            var (length, energy) = LengthAndEnergy(derivative, path.Horizon);
            Check.Close(length * length, path.Horizon * energy,
                Tolerances.Rounding(path.Horizon * energy, 64 * 16 * path.Dimension), $"len² = t·en for a constant-speed {name}");
        }
    }

    /// <summary>
    /// Result 1.5 (distance from initialisation), whole chain along ReLU flows: ‖w(t) − w₀‖ ≤ Λ(t), Λ(t)² ≤ t·E(t),
    /// t·E(t) ≤ t·(l(0) − l(t)) (the sharp form) ≤ t·l(0), and l(t) ≥ 0; also Result 1.4 (c) on the integrated Λ and E.
    /// </summary>
    [Property(Arbitrary = [typeof(FlowArbitraries)])]
    [Trait("Theorem", "GB.R1.5")]
    public void Result1_5_Distance_Le_Sqrt_Time_Mul_LossDecrease(ReluInstance instance)
    {
        var run = new ReluFlowRun(instance);
        double loss0 = run.Trajectory.InitialLoss;
        var tol = Tolerances.IntegratedIdentity(loss0);
        foreach (var p in run.Trajectory.Points)
        {
            double t = p.Time;
            Check.Le(p.Distance, p.Length, tol, $"‖w(t) − w₀‖ ≤ Λ(t) at t = {t:G6}");
            Check.Le(p.Length * p.Length, t * p.Energy, new(tol.Value * t, $"τ_int·t"), $"Λ(t)² ≤ t·E(t) at t = {t:G6}");
            Check.Le(t * p.Energy, t * (loss0 - p.Loss), new(tol.Value * t, "τ_int·t"), $"t·E(t) ≤ t·(l(0) − l(t)) at t = {t:G6}");
            Check.Le(p.Distance, Math.Sqrt(t * Math.Max(loss0 - p.Loss, 0)), tol, $"sharp form ‖w(t) − w₀‖ ≤ √(t(l(0) − l(t))) at t = {t:G6}");
            Check.Le(p.Distance, Math.Sqrt(t * loss0), tol, $"‖w(t) − w₀‖ ≤ √(t·l(0)) at t = {t:G6}");
            Check.That(p.Loss >= 0, $"l(t) ≥ 0 at t = {t:G6}");
        }
    }

    /// <summary>Result 1.5 on quadratics, where ‖γ(t) − w₀‖ has a closed form: the closed-form distance obeys the sharp bound.</summary>
    [Property(Arbitrary = [typeof(Arbitraries)])]
    [Trait("Theorem", "GB.R1.5")]
    public void Result1_5_Distance_Le_Sqrt_Time_Mul_LossDecrease_Of_Quadratic(QuadraticInstance instance)
    {
        var f = instance.Objective;
        var w0 = instance.W0;
        double loss0 = f.Value(w0);
        double horizon = 5 / instance.SmallestPositiveEigenvalue;
        for (int i = 0; i <= 50; i++)
        {
            double t = horizon * i / 50;
            var w = f.FlowAt(w0, t);
            double distance = (w - w0).L2Norm();
            // The closed form is evaluated in floating point: the state carries rounding γ·(‖w₀‖ + ‖w*‖) and the loss
            // decrease rounding γ·l(0), which enters under the square root.
            var lossRounding = Tolerances.Rounding(loss0, 64 * f.Dimension * f.Dimension);
            var stateRounding = Tolerances.Rounding(w0.L2Norm() + f.Minimiser.L2Norm(), 64 * f.Dimension * f.Dimension);
            double decrease = loss0 - f.Value(w) + lossRounding.Value;
            Check.Le(distance, Math.Sqrt(t * Math.Max(decrease, 0)), stateRounding,
                $"‖γ(t) − w₀‖ ≤ √(t(l(0) − l(t))) at t = {t:G6}");
        }
    }

    /// <summary>
    /// Result 1.5 is sharp (sharp form): on quadratics, per eigen-mode with x = λt, ‖γ(t) − w₀‖² / (t·en) equals
    /// 2tanh(x/2)/x ∈ [1 − x²/12, 1] (tanh y ≥ y − y³/3), so for λ_max·t ≤ 1 the distance is within a factor
    /// 1 − (λ_max t)²/12 of √(t·(l(0) − l(t))) (en = l(0) − l(t) in closed form). A constant 2 or ½ under the root fails.
    /// </summary>
    [Property(Arbitrary = [typeof(Arbitraries)])]
    [Trait("Theorem", "GB.R1.5")]
    public void Result1_5_Distance_Ge_Sqrt_Time_Mul_LossDecrease_Of_ShortTime_Sharp(QuadraticInstance instance)
    {
        var f = instance.Objective;
        var w0 = instance.W0;
        double lambdaMax = f.SmoothnessConstant;
        foreach (double x in new[] { 0.05, 0.2, 1.0 })
        {
            double t = x / lambdaMax;
            var w = f.FlowAt(w0, t);
            double distanceSq = (w - w0).DotProduct(w - w0);
            double bound = t * f.FlowEnergy(w0, t);
            // w − w₀ cancels terms of size ‖w*‖ + ‖w₀‖: ‖γ(t) − w₀‖² carries 2‖γ(t) − w₀‖·γ·(‖w*‖ + ‖w₀‖).
            double cancellation = 2 * Math.Sqrt(distanceSq) * (f.Minimiser.L2Norm() + w0.L2Norm());
            var tol = Tolerances.AlgebraicIdentity(bound + distanceSq + cancellation);
            Check.Le(distanceSq, bound, tol, $"‖γ(t) − w₀‖² ≤ t(l(0) − l(t)) at λ_max t = {x}");
            Check.Le((1 - x * x / 12) * bound, distanceSq, tol, $"‖γ(t) − w₀‖² ≥ (1 − (λ_max t)²/12)·t(l(0) − l(t)) at λ_max t = {x}");
        }
    }

    /// <summary>h′(s) = speed·(−sin s·e₁ + cos s·e₂) with e₁, e₂ orthonormal (Gram–Schmidt on a, b): constant speed.</summary>
    private static Func<double, Vector<double>> ConstantSpeedArc(Vector<double> a, Vector<double> b, double speed)
    {
        var e1 = a / a.L2Norm();
        var bPerp = b - b.DotProduct(e1) * e1;
        var e2 = bPerp / bPerp.L2Norm();
        return s => speed * (-Math.Sin(s) * e1 + Math.Cos(s) * e2);
    }

    /// <summary>len = ∫₀ᵗ‖h′‖ and en = ∫₀ᵗ‖h′‖² by composite Gauss–Legendre quadrature, 16 panels of 64 nodes.</summary>
    private static (double Length, double Energy) LengthAndEnergy(Func<double, Vector<double>> derivative, double t)
    {
        const int Panels = 16, Nodes = 64;
        var rule = new GaussLegendreRule(0, t / Panels, Nodes);
        double length = 0, energy = 0;
        for (int panel = 0; panel < Panels; panel++)
        {
            double offset = panel * t / Panels;
            for (int i = 0; i < Nodes; i++)
            {
                var v = derivative(offset + rule.Abscissas[i]);
                double speedSq = v.DotProduct(v);
                length += rule.Weights[i] * Math.Sqrt(speedSq);
                energy += rule.Weights[i] * speedSq;
            }
        }
        return (length, energy);
    }
}
