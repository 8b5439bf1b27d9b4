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
}
