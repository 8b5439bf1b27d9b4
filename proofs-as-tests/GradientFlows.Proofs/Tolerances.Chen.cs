using GradientFlows.Integration;

namespace GradientFlows.Proofs;

/// <summary>Tolerances of the Chen proofs-as-tests (spec chen-adapted-flows.md §3, regimes (i)–(iv)).</summary>
public static partial class Tolerances
{
    /// <summary>
    /// The theorem-precondition reading of "rank D = QN" (spec §3): σ_min/σ_max ≥ ρ = 10⁻⁶. Between ρ and the code's
    /// rank threshold max(QN, K)·ε·σ_max lies the grey zone, where a case is classified inconclusive.
    /// </summary>
    public const double RankRatio = 1e-6;

    /// <summary>
    /// Conditioned starts of the underparametrised and borderline generators: σ_min/σ_max ≥ 10⁻⁴ = 100ρ at θ₀, a margin of
    /// two decades above the theorem-precondition ρ so the orbit does not start at the rank event.
    /// </summary>
    public const double ConditionedStart = 1e-4;

    /// <summary>
    /// A singular value σᵢ with σᵢ/σ₁ ≤ 10⁻¹³ counts as structurally zero in constant-rank statements (spec C8 edge
    /// cases): about 10³·u, the size at which an exact zero singular value is computed.
    /// </summary>
    public const double StructuralZeroRatio = 1e-13;

    /// <summary>
    /// Regime (i), algebraic identities (Penrose conditions, projector and gradient identities): relative error
    /// 10³·u·κ₂(D) times the scale of the compared quantity (spec §3). The SVD is backward stable, so a solve or
    /// projection through it has forward error ≲ c·u·κ₂(D); 10³ covers c for the sizes generated here.
    /// </summary>
    public static Tolerance Algebraic(double scale, double conditionNumber) =>
        new(1e3 * U * Math.Max(conditionNumber, 1) * Math.Max(scale, 1e-300),
            $"regime (i): 1e3·u·κ₂(D) = 1e3·u·{conditionNumber:G3} times scale {scale:G3}");

    /// <summary>
    /// The structured and explicit adapted directions solve the same kernel system Θz = g, whose condition number is
    /// κ₂(Θ) = κ₂(D)²: their difference is bounded by 10³·u·κ₂(D)²·|v| (regime (i) with the kernel's condition).
    /// </summary>
    public static Tolerance KernelSolve(double scale, double conditionNumberOfD) =>
        new(1e3 * U * Math.Max(conditionNumberOfD * conditionNumberOfD, 1) * Math.Max(scale, 1e-300),
            $"1e3·u·κ₂(D)² = 1e3·u·{conditionNumberOfD:G3}² times |v| = {scale:G3} (kernel system, condition squared)");

    /// <summary>
    /// Regime (ii), exact flow identities at rtol 10⁻¹⁰: 10⁻⁷·(1 + scale), scale = |x₀ − y| (spec §3; reference runs
    /// observed ≈ 10⁻¹¹ at rtol 10⁻¹¹; the output dynamics contract at rate κ, so the error does not grow).
    /// </summary>
    public static Tolerance ExactFlow(double scale) =>
        new(1e-7 * (1 + scale), $"regime (ii): 1e-7·(1 + {scale:G3}) at rtol 1e-10");

    /// <summary>
    /// Regime (iii), inequalities along integrated orbits: relative slack 10⁻⁹ (spec §3), about ten times the
    /// integrator's rtol 10⁻¹⁰ accumulated over the sampled window.
    /// </summary>
    public static Tolerance FlowInequality(double scale) =>
        new(1e-9 * Math.Max(scale, 1e-300), $"regime (iii): 1e-9·{scale:G3}");

    /// <summary>
    /// Root of C(s) = ε on the dense output: |C(T_ε)/ε − 1| ≤ 10⁻⁷ (spec C4: the regime-(ii) cost error divided by
    /// ε, i.e. δ_t = (N/2ε)·δ_C in time).
    /// </summary>
    public const double StoppingTimeCostRatio = 1e-7;

    /// <summary>
    /// Central differences of θ ↦ C(x(θ)) or of a field, h = 10⁻⁵·max(1, |θ|): 10⁻⁶ relative (spec C5, C13; see
    /// <see cref="CentralDifference"/> for the truncation and rounding budget).
    /// </summary>
    public static Tolerance CentralDifferenceChen(double scale) => CentralDifference(scale);

    /// <summary>
    /// Forward-over-finite-difference Lie brackets (spec C5(2)) with h = 10⁻⁵: the bracket's normal fraction is
    /// asserted only above 10⁻³ (nonlinear nets, observed 0.6–0.93) and to be exactly 0 for the affine model (see
    /// <see cref="FrobeniusZero"/>).
    /// </summary>
    public const double FrobeniusNonzero = 1e-3;

    /// <summary>
    /// Upper bound on the normal fraction of the affine model's brackets: exactly 0. The affine model's Jacobian is
    /// built from the inputs alone and does not depend on θ, so both central differences of it are computed as exact
    /// zeros, every bracket vanishes, and the fraction is 0 by definition (a vanishing bracket counts 0). A positive
    /// tolerance would guard nothing: were the brackets rounding noise of size u/h, their normal fraction would be
    /// of order 1, not small.
    /// </summary>
    public const double FrobeniusZero = 0;

    /// <summary>Step of the central-difference directional derivatives in the bracket computation (spec C5(2)).</summary>
    public const double BracketStep = 1e-5;

    /// <summary>
    /// Statistical floor for Proposition 2.2's idealised statement: σ_min(Σₖ uₖuₖᵀ) &gt; 10⁻¹² in every draw (spec C3).
    /// </summary>
    public const double SphereRankFloor = 1e-12;

    /// <summary>
    /// Thm 4.2(2): the nullity of U_rᵀD at the reached equilibrium is counted with rank threshold 10⁻⁸·σ₁ (spec C9);
    /// the equilibrium is reached only to the integrator's accuracy, which sits far above rounding.
    /// </summary>
    public const double EquilibriumRankRatio = 1e-8;

    /// <summary>
    /// An orbit of the Gauss–Newton flow counts as having approached a critical point when |P r| ≤ 10⁻²|r| at s = 8N
    /// (spec C11 example threshold).
    /// </summary>
    public const double CriticalApproach = 1e-2;

    /// <summary>Size τ of the normal perturbation of §4.2 (spec C10 and its reference run: τ = ±10⁻³).</summary>
    public const double PerturbationSize = 1e-3;

    /// <summary>
    /// Noise floor of the second difference (C(+τ) − 2C + C(−τ))/τ²: each cost value carries a rounding error of about
    /// 16u·C, so the estimate carries 64u·C/τ²; below it the sign of νᵀHν is undecided.
    /// </summary>
    public static double CurvatureNoise(double cost, double tau) => 64 * U * Math.Max(cost, 1e-300) / (tau * tau);

    /// <summary>
    /// Half-width δ = min(10⁻⁴N, Δ/4, h/8) of the central difference of C along the dense output (Remark 5.2 check), Δ the
    /// spacing of the sample grid and h the integrator's step at s: the difference must fit between neighbouring samples
    /// of an orbit that stops early, and must resolve the local time scale (near the rank event the speed grows like
    /// 1/σ_min and the step h, which resolves it at rtol 10⁻¹⁰, shrinks; with δ ≫ h the Richardson estimate was outside its
    /// asymptotic range and under-estimated the truncation: 5.1·10⁻⁴ against 4.7·10⁻⁴ at s = 0.039 on a tanh [2, 2] net).
    /// </summary>
    public static double DenseDerivativeStep(int N, double spacing, double step) => Math.Min(1e-4 * N, Math.Min(spacing / 4, step / 8));

    /// <summary>
    /// The second, coarser run (rtol 10⁻⁸, atol 10⁻¹⁰) whose distance from the reference run (rtol 10⁻¹⁰) estimates the
    /// interpolation error of C along the dense output: for a convergent method the coarse run's error dominates, so
    /// |C_fine − C_coarse| ≥ |C_fine − C_true| up to higher order.
    /// </summary>
    public static IntegrationTolerances DenseDerivativeCoarseRun { get; } = new(1e-8, 1e-10);

    /// <summary>
    /// dC/ds from the dense output by central differences with half-widths δ and δ/2, against −|P∇ₓC|² evaluated from the
    /// field at the sampled state. Three parts, none read from the same interpolant's velocity: 10⁻⁶·|dC/ds| +
    /// 2·10⁻⁶·κC (spec C12's 10⁻⁶ relative, and rounding of C); the finite-difference truncation, measured by Richardson
    /// as |d(δ) − d(δ/2)|; and the interpolation error of the two values of C, (|ΔC(s + δ/2)| + |ΔC(s − δ/2)|)/δ, with
    /// ΔC the difference between the reference run and an independent coarse run
    /// (<see cref="DenseDerivativeCoarseRun"/>). The earlier tolerance added |∇C|·|Δθ/δ − θ′| measured on the same
    /// interpolant, which made the check a restatement of the chain rule (errata CH-R5.2).
    /// </summary>
    public static Tolerance DenseDerivative(double derivative, double kappaCost, double richardson, double interpolation) =>
        new(1e-6 * Math.Abs(derivative) + 2e-6 * kappaCost + richardson + interpolation,
            $"1e-6·|dC/ds| ({Math.Abs(derivative):G3}) + 2e-6·κC ({kappaCost:G3}) + Richardson {richardson:G3} + two-run interpolation error/δ {interpolation:G3}");

    /// <summary>
    /// Numbers printed in docs/chen.md with six decimals agree to one unit in the last printed place: rounding to the
    /// printed digits alone uses up to half of it, the rest absorbs a port's different summation order.
    /// </summary>
    public static Tolerance PrintedDigits => new(1e-6, "one unit in the 6th decimal printed in docs/chen.md");

    /// <summary>
    /// Cost resolution of an integrated orbit: the outputs are resolved only to about 10·rtol·(1 + |x|) (global error ≈
    /// ten local tolerances at rtol 10⁻¹⁰), so C = (κ/2)|x − y|² is resolved to (κ/2)(10⁻⁹(1 + |x|))². Monotonicity
    /// checks add it to the regime-(iii) slack: once C reaches this floor, its sampled values are integration noise
    /// (observed: C = 2.8·10⁻²² followed by 1.4·10⁻²¹ on the adapted-flow limit of the saturating-exponential model).
    /// </summary>
    public static Tolerance CostResolution(double kappa, double outputNorm)
    {
        double dx = 1e-9 * (1 + outputNorm);
        return new(0.5 * kappa * dx * dx, $"(κ/2)(1e-9·(1 + |x| = {outputNorm:G3}))² (cost resolution of the orbit)");
    }

    /// <summary>
    /// Sub-samples per sampling interval at which σ_min(D) is read from the dense output for the arc-length corollary
    /// C2(a): σ_* must be the infimum along the path, and the 33-point grid alone overestimated it (finding, errata
    /// CH-C2a).
    /// </summary>
    public const int SingularValueSubSamples = 16;

    /// <summary>Classification only (no assertion): a Jacobian with κ₂(D) above 10³ is labelled ill-conditioned.</summary>
    public const double IllConditioned = 1e3;

    /// <summary>
    /// Theorem 4.2(3) (spec C9(3)): the second equilibrium found by a step along ker ∂F must lie farther than 10⁻³
    /// from the first, far above the e^{−15} accuracy of the first and the Gauss–Newton projection's rounding.
    /// </summary>
    public const double EquilibriumSeparation = 1e-3;

    /// <summary>Classification only: the output gradient has a component outside range D above 10⁻³ of its norm.</summary>
    public const double OutsideRangeFraction = 1e-3;

    /// <summary>The stopping-time levels ε = C₀·10⁻ᵏ of Theorem 2.3's check (spec C4).</summary>
    public static readonly int[] StoppingTimeDecades = [1, 3, 6];

    /// <summary>
    /// Two evaluations of the forward pass x(θ) (on doubles and as the primal part of dual numbers) round the same sums in
    /// possibly different order: each is within γ_{16K}·termScale of the exact value, where termScale is the absolute
    /// forward pass Σ|terms| before cancellation (not |x|, which can be far smaller; Higham §3.1).
    /// </summary>
    public static Tolerance ForwardPassRounding(double termScale, int parameters) => Rounding(2 * termScale, 16 * parameters);

    /// <summary>
    /// Two evaluations of a Jacobian product (D·u by forward mode vs the explicit D; Dᵀr by the backward pass vs the
    /// explicit Dᵀ) are the same sums of at most K products of per-layer factors in different order: their difference is
    /// rounding, bounded by γ_{16n}·‖D‖_F·‖u‖ with n = K (+ QN) terms (Higham §3.1; 16 covers the per-term chain of
    /// up to four layers' factors).
    /// </summary>
    public static Tolerance JacobianProduct(double normD, double normU, int terms) => Rounding(normD * normU, 16 * terms);

    /// <summary>
    /// |C(T_ε)/ε − 1| at small ε: with outputs resolved to δx = 10⁻⁹(1 + |x|) (see <see cref="CostResolution"/>) and
    /// |x − y| = √(2ε/κ) at the crossing, δC/ε ≤ √(2κ/ε)·δx + κδx²/(2ε). The spec's fixed 10⁻⁷ (calibrated at
    /// ε = 10⁻³C₀) is kept as the floor; at ε = 10⁻⁶C₀ it was exceeded by integration error alone (observed 1.66·10⁻⁷ on a
    /// softplus net, errata CH-A5b), so the tolerance scales like √(κ/ε).
    /// </summary>
    public static Tolerance StoppingTimeRatio(double kappa, double epsilon, double outputNorm)
    {
        double dx = 1e-9 * (1 + outputNorm);
        double value = Math.Max(StoppingTimeCostRatio, Math.Sqrt(2 * kappa / epsilon) * dx + kappa * dx * dx / (2 * epsilon));
        return new(value, $"max(1e-7, √(2κ/ε)·δx + κδx²/2ε) with δx = 1e-9·(1 + {outputNorm:G3}), ε = {epsilon:G3}");
    }

    /// <summary>
    /// Proposition 3.1's bound (3.9) is approached on short windows: max ℓ/(ε·Δs·√(2C(s_a)/N)) over the one-step
    /// windows of the 400-interval grid must reach 1/2. On a window of length Δs the ratio is at least
    /// (min |Dᵀg|/|g| ÷ max |Dᵀg|/|g|)·|g(s_b)|/|g(s_a)|, which tends to 1 as Δs → 0 (the spec's reference run: 0.993);
    /// a bound with its constant doubled keeps the ratio below 1/2.
    /// </summary>
    public const double TrappingTightness = 0.5;

    /// <summary>
    /// Lemma 3.2 statistical fact (spec C7(3)): a standard-flow end is stationary when |∇_θC| ≤ 10⁻⁶·|∇_θC(θ₀)| (the
    /// spec's 10⁻⁸ absolute, made relative to the start).
    /// </summary>
    public const double ReachedStationaryGradient = 1e-6;

    /// <summary>Lemma 3.2 statistical fact: rank loss at a reached equilibrium means σ_QN/σ₁ &lt; 10⁻³ (spec C7(3): 10⁻⁴).</summary>
    public const double ReachedRankLossRatio = 1e-3;

    /// <summary>Scale applied to W₁ to saturate tanh units for the plateau instance of Proposition 3.1 (spec C6: "about 20").</summary>
    public const double SaturationScale = 20;

    /// <summary>Classification only: a sampled ratio |Dᵀg|/|g| below 0.1 marks a region of small gradient (Proposition 3.1's U).</summary>
    public const double PlateauRatio = 0.1;
}
