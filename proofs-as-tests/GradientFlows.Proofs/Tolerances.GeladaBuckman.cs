namespace GradientFlows.Proofs;

public static partial class Tolerances
{
    /// <summary>
    /// Relative slack of Result 2.1's comparison l(t) ≤ l(0)e^{−αt}·(1 + 10⁻⁷) + τ_int (spec Result 2.1 check): the tight
    /// instances (equality for all t) pass only through it; 10⁻⁷ is 10³·rtol, the relative global error of the
    /// integrated loss over a few time constants.
    /// </summary>
    public const double HealthyDecayRelative = 1e-7;

    /// <summary>
    /// Algebraic identities of the MLP (I4, I5, ‖ŷ‖² = 2L, gradient formulas): rounding only, 10⁻¹² relative to
    /// (1 + the natural scale) (spec §5), which is γₙ for n ≈ 4500 operations — above the nk + km of every generated
    /// instance with k ≤ 256, m ≤ 10.
    /// </summary>
    public static Tolerance AlgebraicIdentity(double scale) =>
        new(1e-12 * (1 + scale), $"1e-12·(1 + {scale:G3}) (rounding of an algebraic identity)");

    /// <summary>
    /// I1 (the part of M orthogonal to x never moves) along an integrated flow: ‖(M(t) − M₀)(I − xxᵀ/‖x‖²)‖_max ≤
    /// 10⁻¹³·(1 + ‖M₀‖) (spec §3.7; observed ≤ 2·10⁻¹⁵): every increment is a multiple of xᵀ, so only rounding of the
    /// projection and of the accumulated sum enters.
    /// </summary>
    public static Tolerance OrthogonalPartInvariant(double m0Norm) =>
        new(1e-13 * (1 + m0Norm), $"1e-13·(1 + ‖M₀‖ = {m0Norm:G3}) (I1: increments are multiples of xᵀ)");

    /// <summary>
    /// I3 along the flow: ‖N_{:,i}‖² − ‖M_{i,:}‖² constant to 10⁻⁸·(1 + ‖w₀‖²) at rtol 10⁻¹⁰ (spec §3.7; observed
    /// ≤ 8·10⁻¹²): a quadratic of the state, so its error is 2‖w‖ times the state's global error.
    /// </summary>
    public static Tolerance BalancednessFlow(double w0NormSq) =>
        new(1e-8 * (1 + w0NormSq), $"1e-8·(1 + ‖w₀‖² = {w0NormSq:G3}) (I3 along the flow at rtol 1e-10)");
}

public static partial class Tolerances
{
    /// <summary>
    /// Rounding of evaluating a loss at a floating-point iterate: near a minimiser the residual r is computed by cancellation
    /// of terms of size <paramref name="termScale"/> (e.g. ‖Xw‖ + ‖q‖, or ‖w‖ + ‖w*‖), so f = ½‖r‖² (or ½rᵀAr) carries an
    /// absolute error up to γₙ·‖r‖·termScale·(operator scale), which is not relative to f itself. The spec's relative
    /// tolerance for the discrete statements (10⁻¹² + 64u relative) assumes f is computed to relative accuracy; this term
    /// adds what the point's own rounding contributes (Higham §3.1).
    /// </summary>
    public static Tolerance LossEvaluation(double gradientLikeNorm, double termScale, int dimension) =>
        Rounding(gradientLikeNorm * termScale, 64 * dimension);

    /// <summary>
    /// An increment ln B(t₂) − ln B(t₁) of a closed-form log-bound against an 8-node Gauss–Legendre integral of its rate:
    /// each logarithm carries rounding γ·|ln B| (a few operations on numbers of that size), and the quadrature sum
    /// γ₆₄·Σ|terms| ≤ γ₆₄·|integral| for a rate of one sign; so γ₆₄ on the sum of the three magnitudes.
    /// </summary>
    public static Tolerance LogIncrement(double magnitudes) => Rounding(magnitudes, 64);

    /// <summary>
    /// Reference flow for measuring GD's error (E21): rtol 10⁻¹², atol 10⁻¹⁴, so the flow's global error (observed
    /// ≲ 10³·rtol) stays far below GD's O(η) error, which is ≥ 10⁻³ relative at ηℒ = 2⁻⁸ on the generated families.
    /// </summary>
    public static GradientFlows.Integration.IntegrationTolerances FlowReference { get; } = new(1e-12, 1e-14);

    /// <summary>
    /// Band of the empirical order log₂(e_h/e_{h/2}) of GD → flow (E21, Euler's method). Euler's global error is
    /// d(h) = ah + bh² + O(h³), so the order is 1 + log₂(‖a + bh‖/‖a + bh/2‖) ∈ 1 ± log₂((1 + ρ)/(1 − ρ/2)) with
    /// ρ = ‖b‖h/‖a‖. The property measures it at h = η/2 (errors at η/2 and η/4) after checking ρ ≤ 1/20 at η (so ρ ≤ 1/40 at η/2): the
    /// deviation is at most log₂(1.025/0.9875) ≈ 0.054 in the worst alignment of a and b (neglecting O(h²) relative terms).
    /// On a mode f = (λ/2)w² with x = λT ≤ 1, y = λη = 2⁻⁶: (1 − y)^{x/y} = e^{−x}exp(−xy/2 − xy²/3 − …) gives
    /// ρ ≤ 2y/3 ≈ 0.01. The band 0.1 keeps a factor 2 over the worst admitted case.
    /// </summary>
    public const double EulerOrderBand = 0.1;

    /// <summary>
    /// Step budget of a flow integration (every GB flow passes it as maxSteps): an embedded pair of order 5 accepts steps
    /// with local error ≈ (hλ)⁵·|state| ≤ rtol·|state|, i.e. hλ ≈ rtol^{1/5}, so it needs about rtol^{−1/5} steps per time
    /// constant 1/λ of the fastest mode (100 at rtol 10⁻¹⁰), and λ·T time constants. The budget allows 10 times that
    /// — for growth of the fastest mode along the flow, rejected steps (kinks of the ReLU) and the start-up — and at least
    /// one time constant: 10·rtol^{−1/5}·max(1, λT). Measured on 500 ReLU flows (n ≤ 5, k ≤ 48, m ≤ 10, λ = λ_max(K₀),
    /// T ≤ 100/λ): at most 123 attempts per time constant and 233 in total, against a budget of 1000 per time constant.
    /// </summary>
    public static int FlowStepBudget(double fastestRate, double horizon, GradientFlows.Integration.IntegrationTolerances tolerances)
    {
        double timeConstants = Math.Max(1, fastestRate * horizon);
        return (int)Math.Min(int.MaxValue, Math.Ceiling(10 * Math.Pow(tolerances.Relative, -0.2) * timeConstants));
    }
}
