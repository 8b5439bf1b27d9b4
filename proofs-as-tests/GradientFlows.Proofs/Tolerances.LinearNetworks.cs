using GradientFlows.Differentiation;
using GradientFlows.Integration;
using GradientFlows.Theory.LinearNetworks;

namespace GradientFlows.Proofs;

/// <summary>Tolerances of the linear-network properties (linear-networks spec §9), each with its derivation.</summary>
public static partial class Tolerances
{
    /// <summary>
    /// Exact algebraic identities of the linear-network spec (key identity, C1-GD, D1, D-GD, BH gradient, Pythagoras):
    /// only roundoff, c·ε_mach·scale with c = 64 as the spec's §9 prescribes, times the number of accumulated terms
    /// <paramref name="terms"/> (the inner dimension of the matrix products involved).
    /// </summary>
    public static Tolerance LinearAlgebraRounding(double scale, int terms = 1) =>
        new(64 * FloatingPoint.MachineEpsilon * Math.Max(terms, 1) * Math.Max(scale, 0),
            $"64·ε·{Math.Max(terms, 1)}·{scale:G3} (roundoff of an exact identity, spec §9)");

    /// <summary>
    /// The coarse and fine integrator settings of the two-run error estimate (spec §9: "run twice at rtol and rtol/100
    /// and use 10× the difference"): rtol 10⁻⁸ (atol 10⁻¹⁰) and rtol 10⁻¹⁰ (atol 10⁻¹²).
    /// </summary>
    public static IntegrationTolerances LinearFlowCoarse { get; } = new(1e-8, 1e-10);

    /// <summary>The fine setting of the two-run estimate, <see cref="Flow"/> = rtol 10⁻¹⁰, atol 10⁻¹².</summary>
    public static IntegrationTolerances LinearFlowFine => Flow;

    /// <summary>
    /// The global error of the coarse run, estimated as 10× its distance to the fine run (spec §9), where the distance is
    /// the maximum over all samples of the trajectory: a pointwise distance can vanish where the coarse error changes sign
    /// (observed: 6·10⁻¹⁴ at one sample while the fine run was 9·10⁻¹² off the Saxe closed form). Never below the roundoff
    /// of the state, 64·ε·max(1, ‖θ‖).
    /// </summary>
    public static double GlobalErrorEstimate(double coarseFineDistance, double stateNorm) =>
        Math.Max(10 * coarseFineDistance, 64 * FloatingPoint.MachineEpsilon * Math.Max(1, stateNorm));

    /// <summary>
    /// A quadratic quantity of the weights (Dᵢ = Wᵢ₊₁ᵀWᵢ₊₁ − WᵢWᵢᵀ, a Frobenius norm squared) perturbed by ε_W in each
    /// factor changes by at most 2·(2‖W‖ε_W + ε_W²) — two quadratic terms — plus roundoff 64ε·Σ‖Wᵢ‖² (spec §2 check).
    /// </summary>
    public static Tolerance QuadraticOfWeights(double errorW, double maxWeightNorm, double weightNormSqSum) =>
        new(2 * (2 * maxWeightNorm * errorW + errorW * errorW) + 64 * FloatingPoint.MachineEpsilon * weightNormSqSum,
            $"2(2·‖W‖·ε_W + ε_W²) + 64ε·Σ‖Wᵢ‖² with ε_W = {errorW:G3}, ‖W‖ = {maxWeightNorm:G3} (spec §2, §9)");

    /// <summary>
    /// Factor flow against the end-to-end ODE (A1 along time): the two integrators' error estimates
    /// <paramref name="integrationError"/> plus the model error of the spec's cut-off τ = 10⁻¹² (eigenvalues of W_eW_eᵀ below
    /// τ·λ_max are set to 0). A singular value σ of W_e that decays below √τ·σ_max is frozen by the cut ODE (every term of
    /// u·Ẇ_e·vᵀ carries a positive power of σ, now 0) while the factor flow keeps it decaying towards 0, so the two differ by
    /// at most the frozen value √τ·σ_max in each of the at most min(d_x, d_y) cut directions; this error does not shrink
    /// with rtol (measured 1.39·10⁻⁶ at every rtol from 10⁻⁸ to 10⁻¹³ on the A1 regression instance).
    /// </summary>
    public static Tolerance EndToEndCutoff(double integrationError, double maxEndToEndNorm, int directions) =>
        new(integrationError + directions * Math.Sqrt(EndToEndDynamics.EigenvalueCutoff) * maxEndToEndNorm,
            $"ε(factor) + ε(end-to-end) = {integrationError:G3} (10× coarse-to-fine each) + {directions}·√τ·maxₜ‖W_e‖₂ = {maxEndToEndNorm:G3} (cut-off τ = 1e-12 freezes σ ≤ √τ·σ_max)");

    /// <summary>
    /// A mode strength u_α = u_αᵀWv_α read from the end-to-end matrix: |Δu_α| ≤ ‖ΔW‖₂, where ‖ΔW‖ is estimated as
    /// 10× the coarse-to-fine distance of W, plus the oracle's own error (rtol 10⁻¹² of s) and roundoff (spec §7.2, §9).
    /// </summary>
    public static Tolerance ModeStrength(double endToEndError, double s) =>
        new(endToEndError + 1e-12 * s + 64 * FloatingPoint.MachineEpsilon * Math.Max(s, 1),
            $"ε_W = {endToEndError:G3} (10× coarse-to-fine ‖ΔW‖₂) + 1e-12·s (oracle rtol) + 64ε (spec §7.2)");

    /// <summary>
    /// ε_g of the convergence statements: ‖∇L(W(T))‖ ≤ 10⁻⁶·max(1, ‖Σ_YX‖_F) (spec §3 numerical check, "1e-6 relative to
    /// ‖Σ_YX‖").
    /// </summary>
    public static Tolerance StationaryGradient(double sigmaYXNorm) =>
        new(1e-6 * Math.Max(1, sigmaYXNorm), $"ε_g = 1e-6·max(1, ‖Σ_YX‖_F = {sigmaYXNorm:G3}) (spec §3)");

    /// <summary>
    /// How far the loss L(θ) of a near-critical point θ may be from the critical value L_c it approaches. Near a
    /// nondegenerate (Morse–Bott) critical manifold, with x the normal offset and ∇²L's nonzero eigenvalues of modulus ≥ μ,
    /// L − L_c = ½xᵀ∇²Lx + O(‖x‖³) and ‖∇L‖² = xᵀ(∇²L)²x + O(‖x‖³) ≥ μ·|xᵀ∇²Lx|, so |L − L_c| ≤ ‖∇L(θ)‖²/(2μ) (minima and
    /// saddles alike); the factor 2 margin, ‖∇L‖²/μ, absorbs the cubic terms (relative size ‖x‖·‖∇³L‖/μ ≤ 10⁻⁵ at
    /// ‖∇L‖ ≤ ε_g) and the evaluation of μ at θ instead of the critical point. The bound is pointwise in θ, so the
    /// integrator's error does not enter: L and ∇L are evaluated at the same computed θ. Add the roundoff of the two
    /// losses compared, 64ε·terms·(‖Y‖²_F + tr Σ) (L sums squared residuals of size ‖Y‖; L_c = ½(tr Σ_YY − Σλᵢ) cancels
    /// terms of that size). μ is the smallest Hessian eigenvalue modulus above τ_H (<see cref="HessianZeroRelative"/>).
    /// </summary>
    /// <param name="gradientNormSq">‖∇L(θ)‖².</param>
    /// <param name="mu">μ &gt; 0, the smallest nonzero |eigenvalue| of ∇²L(θ).</param>
    /// <param name="lossScale">‖Y‖²_F + tr Σ.</param>
    /// <param name="terms">The number of terms accumulated in L (m + the largest width).</param>
    public static Tolerance LimitLoss(double gradientNormSq, double mu, double lossScale, int terms) =>
        new(gradientNormSq / mu + LinearAlgebraRounding(lossScale, terms).Value,
            $"‖∇L‖²/μ = {gradientNormSq:G3}/{mu:G3} (Morse–Bott: |L − L_c| ≤ ‖∇L‖²/2μ, ×2 margin) + 64ε·{terms}·{lossScale:G3} (roundoff)");

    /// <summary>
    /// Loss monotonicity along a sampled flow: L(tₖ₊₁) ≤ L(tₖ) + 10⁻⁸·max(1, L(0)), the integrator's relative error at
    /// rtol 10⁻¹⁰ with two orders of margin (spec §3 check "non-increasing up to the integrator tolerance").
    /// </summary>
    public static Tolerance LossMonotone(double loss0) =>
        new(1e-8 * Math.Max(1, loss0), $"1e-8·max(1, L(0) = {loss0:G3}) (integrator relative error at rtol 1e-10)");

    /// <summary>
    /// Hessian eigenvalues are counted as negative below −τ_H and as zero within ±τ_H, τ_H = 10⁻⁸·‖H‖₂. The Hessian is
    /// central differences of the exact gradient with h = 10⁻⁵: L is a quartic polynomial, so the truncation error is
    /// h²/6·|∂⁴L| ≈ 10⁻¹⁰·‖Σ_XX‖ and the rounding ε·‖∇L(θ ± h)‖/h ≈ 10⁻¹¹‖H‖; observed zero eigenvalues are ≤ 10⁻¹⁵‖H‖.
    /// The spec's suggested 10⁻⁶‖H‖ (§4) is too coarse: on OneHiddenLayerInstance(d_x=2, p=2, d_y=3, m=4, seed=619023674)
    /// a genuine eigenvalue 8.4·10⁻⁴ = 7.9·10⁻⁷‖H‖ (cond C ≈ 10 spreads the spectrum) was counted as zero
    /// (erratum LN-BH-threshold).
    /// </summary>
    public const double HessianZeroRelative = 1e-8;

    /// <summary>The central-difference step for Hessians of the exact gradient, h = 10⁻⁵ (spec §4 BH check).</summary>
    public const double HessianStep = 1e-5;

    /// <summary>
    /// The order-2 test of C1-GD: the ratio drift(η)/drift(η/2) must equal 4 to within 10⁻⁶ relative, since the identity
    /// is exact and the drifts are ≥ 10⁴ times their roundoff whenever it is applied (spec §2 "exactly 4, up to roundoff").
    /// </summary>
    public static Tolerance DriftRatio => new(4e-6, "4·1e-6 (exact η² scaling; drifts resolved to ≥ 1e-4 relative ×100 margin)");

    /// <summary>
    /// The O(η) shadowing of the flow by GD (spec §7.1 check): the fitted slope log₂(e_η/e_{η/2}) must lie in
    /// [1 − 0.15, 1 + 0.15]; the second-order term of the global error of Euler's method changes the ratio by O(η).
    /// </summary>
    public const double ShadowingSlopeSlack = 0.15;

    /// <summary>
    /// The shadowing test's largest step η₀ = 0.1/‖∇²L(θ₀)‖₂: Euler's method is then well inside its stability region
    /// (η‖H‖ ≤ 0.1 ≪ 2) and the second-order term of the global error is ~10% of the first.
    /// </summary>
    public const double ShadowingStepFraction = 0.1;

    /// <summary>
    /// The shadowing order is measured only if the smallest GD–flow distance exceeds 10⁶× the flow's roundoff floor: below
    /// that the ratio is noise (a start at a critical point).
    /// </summary>
    public const double ShadowingResolved = 1e6;

    /// <summary>A scalar GD run counts as diverged once ‖u‖ ≥ 10⁶ (the loss then exceeds 10²⁰ for N ≥ 2; spec §7.1 GD-5).</summary>
    public const double ScalarDivergedNorm = 1e6;

    /// <summary>
    /// A scalar GD run counts as converged to a global minimiser when L ≤ 10⁻²⁰: linear convergence from L ≈ 1 at rate
    /// ≥ 0.5 per step reaches it within 100 steps of the 1000 (spec §7.1 GD-5: "converged").
    /// </summary>
    public const double ScalarConvergedLoss = 1e-20;

    /// <summary>
    /// Above η* a run that ended with L ≤ 10⁻⁸ would be near a global minimiser; no such run may exist (spec §7.1 GD-5).
    /// </summary>
    public const double ScalarNotConvergedLoss = 1e-8;

    /// <summary>
    /// A drift's order is measured only when the smaller drift exceeds 100× its accumulated roundoff: the log-ratio then
    /// errs by ≤ 2·0.01/ln 2 ≈ 0.03, well inside the asserted slack; smaller drifts are classified, not asserted.
    /// </summary>
    public const double DriftResolvedFactor = 100;

    /// <summary>
    /// A number quoted in the docs with <paramref name="digits"/> decimals: half a unit in the last place, 0.5·10^(−digits).
    /// </summary>
    public static Tolerance DocumentedDigits(int digits) =>
        new(0.5 * Math.Pow(10, -digits), $"half a unit in decimal place {digits} (documented value)");

    /// <summary>
    /// The probe ε = 10⁻³ along a unit eigenvector v of the most negative Hessian eigenvalue λ:
    /// L(θ + εv) + L(θ − εv) − 2L(θ) = ε²λ + ε⁴c₄ exactly (L is a quartic polynomial; odd terms cancel), with
    /// |c₄| ≲ ‖Σ_XX‖. The strict check ε²λ + ε⁴c₄ &lt; 0 therefore needs |λ| ≳ 10⁻⁶‖Σ_XX‖; a smaller negative eigenvalue
    /// would make the check fail (never pass falsely). The BH saddles' negative eigenvalues are of the size of the
    /// eigenvalue gaps of Σ, far above that.
    /// </summary>
    public const double NegativeCurvatureProbe = 1e-3;

    /// <summary>The spec's perturbation off an exceptional initialisation, 10⁻⁸ (spec §6 (b)).</summary>
    public const double ExceptionalSetPerturbation = 1e-8;
}
