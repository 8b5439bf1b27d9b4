using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GradientFlows.Flows;
using GradientFlows.Proofs.Generators;
using GradientFlows.Theory.LinearNetworks;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.LinearNetworks;

/// <summary>
/// Linear-networks spec §7.2 (Saxe, McClelland &amp; Ganguli): from decoupled, balanced initial conditions with whitened
/// inputs, the end-to-end matrix stays W(t) = Σ_α u_α(t)u_αv_αᵀ and each strength follows u̇ = N u^{2−2/N}(s − u); for
/// N = 2 in closed form u(t) = s e^{2st}/(e^{2st} − 1 + s/u₀).
/// </summary>
public sealed class Section7_2_SaxeLearningCurves
{
    /// <summary>
    /// Horizon 30: the slowest learning time from u₀ = 10⁻²s at s ≥ 0.5 is ≈ ln(10²)/(2·0.5) ≈ 4.6 for N = 2 and
    /// ≈ 1/(2s√u₀) ≈ 14 for N = 4 (spec §7.2), so every mode is learned well before T.
    /// </summary>
    private const double Horizon = 30;

    /// <summary>Samples along [0, T].</summary>
    private const int Samples = 61;

    /// <summary>
    /// Convergence rate of the balanced decoupled flow (spec §7.2, §7.5 "local rate at the limit"): the loss gap
    /// G(t) = L(t) − L_LS = ½‖W(t) − Σ_YX‖²_F (whitened inputs, so no cancellation) decays at the rate 2N s_k^{2−2/N}
    /// (<see cref="SaxeModeStrength.AsymptoticRate"/>, s_k the smallest singular value of Σ_YX). Measured on the integrated
    /// matrix flow over [t₁, t₁ + 4/R], R = 2N s_k^{2−2/N}, where t₁ is the first time at which every mode has
    /// (s_α − u_α)/s_α ≤ 10⁻³ and the faster modes carry ρ = Σ_{α≠k}(s_α − u_α)²/(s_k − u_k)² ≤ 0.1 of the gap (chosen on
    /// the Saxe oracle; the check reads the modes from the flow). Derived bracket: the slowest mode's instantaneous rate is
    /// N(s_k − d_k)^{2−2/N} ≥ N s_k^{2−2/N}(1 − 2d_k/s_k), and the faster modes raise the averaged rate by at most
    /// ln(1 + ρ(t₁))/(t₂ − t₁) ≤ ρ(t₁)/(t₂ − t₁); so R(1 − 4 max d/s) − e ≤ R_measured ≤ R + ρ(t₁)/(t₂ − t₁) + e, with e the
    /// integrator's error of ln G propagated over t₂ − t₁. The bracket excludes R/2 and 2R. 25 cases.
    /// </summary>
    [Property(Arbitrary = [typeof(LinearArbitraries)], MaxTest = 25, MaxRejected = 25 / Verdict.InconclusivePerChecked)]
    [Trait("Theorem", "LN.Rate")]
    public Property Rate_LossGapDecay_Eq_TwiceSlowestModeRate_Of_DecoupledBalanced(DecoupledInstance instance)
    {
        const double settled = 1e-3, fasterShare = 0.1, efolds = 4, grid = 0.25, maxTime = 400;
        int N = instance.Factors;
        var s = instance.SingularValues;
        int k = s.Length - 1;
        double rate = 2 * SaxeModeStrength.AsymptoticRate(N, s[k]);
        var gridTimes = Enumerable.Range(0, (int)(maxTime / grid) + 1).Select(i => i * grid).ToArray();
        var oracle = s.Select((sa, a) => SaxeModeStrength.Curve(N, sa, instance.InitialStrengths[a], gridTimes)).ToArray();
        int first = Enumerable.Range(0, gridTimes.Length).FirstOrDefault(i =>
            Enumerable.Range(0, s.Length).All(a => (s[a] - oracle[a][i]) / s[a] <= settled)
            && Enumerable.Range(0, k).Sum(a => Math.Pow(s[a] - oracle[a][i], 2)) <= fasterShare * Math.Pow(s[k] - oracle[k][i], 2), -1);
        if (first < 0)
        {
            return Verdict.Inconclusive("slowest mode not dominant within the horizon");
        }
        double t1 = gridTimes[first], t2 = t1 + efolds / rate;
        var network = instance.Network;
        double[] times = [0, t1, t2];
        var fine = LinearFlowRun.Integrate(instance.Loss, instance.Theta0, t2, times, Tolerances.LinearFlowFine);
        var coarse = LinearFlowRun.Integrate(instance.Loss, instance.Theta0, t2, times, Tolerances.LinearFlowCoarse);
        double errorW = EndToEndError(network, fine, coarse);
        var sigmaYX = instance.U * Matrix<double>.Build.DenseOfDiagonalArray([.. s]) * instance.V.Transpose();
        var W1 = network.EndToEnd(fine.StateAt(1));
        var W2 = network.EndToEnd(fine.StateAt(2));
        double gap1 = 0.5 * Math.Pow((W1 - sigmaYX).FrobeniusNorm(), 2), gap2 = 0.5 * Math.Pow((W2 - sigmaYX).FrobeniusNorm(), 2);
        var modes1 = instance.U.TransposeThisAndMultiply(W1) * instance.V;
        var d1 = s.Select((sa, a) => sa - modes1[a, a]).ToArray();
        double rho = Enumerable.Range(0, k).Sum(a => d1[a] * d1[a]) / (d1[k] * d1[k]);
        double maxRelative = d1.Select((d, a) => Math.Abs(d) / s[a]).Max();
        // ln G has error ≤ ‖ΔW‖_F·‖W − Σ_YX‖_F/G = ε·√(2/G) at each end (√(min(d_x, d_y)) converts ‖·‖₂ to ‖·‖_F).
        double e = errorW * Math.Sqrt(s.Length) * (Math.Sqrt(2 / gap1) + Math.Sqrt(2 / gap2)) / (t2 - t1);
        double measured = Math.Log(gap1 / gap2) / (t2 - t1);
        Check.Le(rate * (1 - 4 * maxRelative), measured, new Tolerance(e, $"integrator error of ln G over t₂ − t₁ = {t2 - t1:G3}"),
            $"−d ln G/dt ≥ 2N s_k^(2−2/N)(1 − 4 max d/s), N = {N}, s_k = {s[k]:G4}, t₁ = {t1:G4}");
        Check.Le(measured, rate + rho / (t2 - t1), new Tolerance(e, $"integrator error of ln G over t₂ − t₁ = {t2 - t1:G3}"),
            $"−d ln G/dt ≤ 2N s_k^(2−2/N) + ρ(t₁)/(t₂ − t₁), ρ = {rho:G3}, N = {N}, s_k = {s[k]:G4}");
        return Verdict.Checked().Classify(true, $"N = {N}");
    }

    /// <summary>
    /// S1 (N = 2) and S2 (N = 3, 4): the integrated modes diag(UᵀW(t)V) equal the Saxe oracle (closed form or the scalar
    /// ODE at rtol 10⁻¹²) at 61 times in [0, 30], and the off-diagonal entries of UᵀW(t)V stay 0, both to
    /// ε_W = 10×‖W_coarse − W_fine‖₂ (spec §9). 40 cases: each integrates the matrix flow twice.
    /// </summary>
    [Property(Arbitrary = [typeof(LinearArbitraries)], MaxTest = 40, MaxRejected = 40 / Verdict.InconclusivePerChecked)]
    [Trait("Theorem", "LN.S1")]
    public Property S1_ModeStrength_Eq_SaxeCurve_Of_DecoupledBalanced(DecoupledInstance instance)
    {
        var network = instance.Network;
        var fine = LinearFlowRun.Integrate(instance.Loss, instance.Theta0, Horizon, Samples, Tolerances.LinearFlowFine);
        var coarse = LinearFlowRun.Integrate(instance.Loss, instance.Theta0, Horizon, Samples, Tolerances.LinearFlowCoarse);
        var U = instance.U;
        var V = instance.V;
        var s = instance.SingularValues;
        var times = fine.Points.Select(p => p.Time).ToArray();
        var oracle = s.Select((sa, a) => SaxeModeStrength.Curve(instance.Factors, sa, instance.InitialStrengths[a], times)).ToArray();
        double worst = 0;
        double errorW = EndToEndError(network, fine, coarse);
        for (int k = 0; k < times.Length; k++)
        {
            var Wf = network.EndToEnd(fine.StateAt(k));
            var modes = U.TransposeThisAndMultiply(Wf) * V;
            for (int a = 0; a < s.Length; a++)
            {
                for (int b = 0; b < s.Length; b++)
                {
                    var tol = Tolerances.ModeStrength(errorW, s[0]);
                    if (a == b)
                    {
                        Check.Close(modes[a, a], oracle[a][k], tol, $"u_{a + 1}(t = {times[k]:G4}), s = {s[a]:G4}, N = {instance.Factors}");
                        worst = Math.Max(worst, Math.Abs(modes[a, a] - oracle[a][k]));
                    }
                    else
                    {
                        Check.Le(Math.Abs(modes[a, b]), 0, tol, $"off-diagonal (UᵀWV)_({a + 1},{b + 1}) at t = {times[k]:G4}");
                    }
                }
            }
        }
        return Verdict.Checked().Classify(true, $"N = {instance.Factors}").Classify(worst > errorW, "max error above ε_W (oracle or roundoff term used)");
    }

    /// <summary>
    /// S1 loss curve: along the same flow L(t) = ½Σ_α(s_α − u_α(t))² + ½(‖Y‖²_F − Σ_α s_α²) (spec §7.2), with the modes
    /// from the oracle; tolerance: the loss is 1-Lipschitz in each uₐ times |s − u| ≤ s, so s₁·k·ε_u plus τ_int.
    /// </summary>
    [Property(Arbitrary = [typeof(LinearArbitraries)], MaxTest = 20, MaxRejected = 20 / Verdict.InconclusivePerChecked)]
    [Trait("Theorem", "LN.S1")]
    public void S1_Loss_Eq_SaxeLossCurve_Of_DecoupledBalanced(DecoupledInstance instance)
    {
        // 20 cases: each integrates the matrix flow twice.
        var fine = LinearFlowRun.Integrate(instance.Loss, instance.Theta0, Horizon, Samples, Tolerances.LinearFlowFine);
        var coarse = LinearFlowRun.Integrate(instance.Loss, instance.Theta0, Horizon, Samples, Tolerances.LinearFlowCoarse);
        var s = instance.SingularValues;
        var times = fine.Points.Select(p => p.Time).ToArray();
        var oracle = s.Select((sa, a) => SaxeModeStrength.Curve(instance.Factors, sa, instance.InitialStrengths[a], times)).ToArray();
        double ySq = Math.Pow(instance.Y.FrobeniusNorm(), 2);
        double constant = 0.5 * (ySq - s.Sum(v => v * v));
        double errorW = EndToEndError(instance.Network, fine, coarse);
        for (int k = 0; k < times.Length; k++)
        {
            double predicted = constant + 0.5 * s.Select((sa, a) => Math.Pow(sa - oracle[a][k], 2)).Sum();
            var tol = new Tolerance(s[0] * s.Length * Tolerances.ModeStrength(errorW, s[0]).Value, "s₁·k·ε_u")
                + Tolerances.LinearAlgebraRounding(ySq, instance.Network.SampleCount);
            Check.Close(fine.Points[k].Loss, predicted, tol, $"L(t = {times[k]:G4}) = ½Σ(s_α − u_α)² + ½(‖Y‖² − Σs²)");
        }
    }

    /// <summary>ε_W = 10·maxₜ‖W_coarse(t) − W_fine(t)‖₂ over the samples (<see cref="Tolerances.GlobalErrorEstimate"/>).</summary>
    private static double EndToEndError(GradientFlows.Models.DeepLinearNetwork network, FlowTrajectory fine, FlowTrajectory coarse) =>
        Tolerances.GlobalErrorEstimate(
            Enumerable.Range(0, fine.Points.Length).Max(k => (network.EndToEnd(coarse.StateAt(k)) - network.EndToEnd(fine.StateAt(k))).L2Norm()),
            Enumerable.Range(0, fine.Points.Length).Max(k => network.EndToEnd(fine.StateAt(k)).L2Norm()));

    /// <summary>
    /// §7.2 time to learn: for N = 2 the closed form reaches u_f at t = (1/(2s))·ln[u_f(s − u₀)/(u₀(s − u_f))]: the closed
    /// form evaluated at that time returns u_f (a consistency check of the two oracle formulas).
    /// </summary>
    [Property(Arbitrary = [typeof(LinearArbitraries)])]
    [Trait("Theorem", "LN.S1")]
    public void S1_TwoFactor_Eq_Target_At_TimeToReach(DecoupledInstance instance)
    {
        foreach (var (s, u0) in instance.SingularValues.Zip(instance.InitialStrengths))
        {
            double uf = 0.5 * (u0 + s);
            double t = SaxeModeStrength.TwoFactorTimeToReach(s, u0, uf);
            Check.Close(SaxeModeStrength.TwoFactor(s, u0, t), uf, Tolerances.LinearAlgebraRounding(s, 16), "u(t(u_f)) = u_f");
        }
    }

    /// <summary>
    /// The worked example of docs/linear-networks.md: X = I₂ (m = 2), Y = diag(2, 1), so Σ_YX = diag(2, 1); one hidden
    /// layer of width 2, balanced and decoupled with u₁(0) = u₂(0) = 0.01 (W₁ = W₂ = 0.1·I). The integrated flow gives
    /// u₁(1) = 0.4305879205, u₂(1) = 0.0694531597, u₁(2) = 1.8748411137, u₂(2) = 0.3554609871 and L(2) = 0.2155476, as the
    /// closed form s/(1 + (s/u₀ − 1)e^{−2st}) predicts.
    /// </summary>
    [Fact]
    [Trait("Theorem", "LN.S1")]
    public void S1_WorkedExample_Eq_DocumentedNumbers()
    {
        var identity = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseIdentity(2);
        var network = new GradientFlows.Models.DeepLinearNetwork([2, 2, 2], identity);
        var y = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfDiagonalArray([2.0, 1.0]);
        var loss = network.Loss(y);
        var theta0 = network.Parameters([0.1 * identity, 0.1 * identity]);
        var fine = LinearFlowRun.Integrate(loss, theta0, 2, 3, Tolerances.LinearFlowFine);
        var coarse = LinearFlowRun.Integrate(loss, theta0, 2, 3, Tolerances.LinearFlowCoarse);
        double errorW = EndToEndError(network, fine, coarse);
        double[][] documented = [[0.01, 0.01], [0.4305879205, 0.0694531597], [1.8748411137, 0.3554609871]];
        for (int k = 0; k < 3; k++)
        {
            var W = network.EndToEnd(fine.StateAt(k));
            for (int a = 0; a < 2; a++)
            {
                double closedForm = SaxeModeStrength.TwoFactor(2.0 - a, 0.01, fine.Points[k].Time);
                Check.Close(W[a, a], closedForm, Tolerances.ModeStrength(errorW, 2), $"u_{a + 1}({fine.Points[k].Time})");
                Check.Close(closedForm, documented[k][a], Tolerances.DocumentedDigits(10), $"documented u_{a + 1}({fine.Points[k].Time})");
            }
        }
        Check.Close(fine.Points[2].Loss, 0.2155476, Tolerances.DocumentedDigits(7), "documented L(2)");
    }
}
