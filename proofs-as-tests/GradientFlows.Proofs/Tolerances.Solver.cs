namespace GradientFlows.Proofs;

public static partial class Tolerances
{
    /// <summary>
    /// Rounding floor of a linear least-squares comparison ‖θ − A⁺y‖ against the solver's estimate ‖A⁺(Aθ − y)‖, with
    /// κ = σ_max/σ_min: the reference A⁺y by Householder QR has forward error ≲ c·u·(κ‖θ*‖ + κ²‖r*‖/σ_max) (Wedin;
    /// Higham, Accuracy and Stability, Thm 20.3); the estimate evaluates r = Aθ − y with error ≲ γ·(σ_max‖θ‖ + ‖y‖),
    /// amplified by 1/σ_min, and applies the SVD's D⁺ to an r with a part ‖r*‖ orthogonal to range A (the same κ² term).
    /// c = 10³ covers the constants at n ≤ 10, K ≤ 5 (as in <see cref="Algebraic"/>).
    /// </summary>
    public static Tolerance LinearLeastSquaresRounding(double sigmaMax, double sigmaMin, double thetaNorm, double residualNorm, double yNorm)
    {
        double kappa = sigmaMax / sigmaMin;
        double value = 1e3 * U * (kappa * thetaNorm + kappa * kappa * residualNorm / sigmaMax + (sigmaMax * thetaNorm + yNorm) / sigmaMin);
        return new(value, $"1e3·u·(κ‖θ‖ + κ²‖r*‖/σ_max + (σ_max‖θ‖ + ‖y‖)/σ_min), κ = {kappa:G3}, ‖r*‖ = {residualNorm:G3}");
    }

    /// <summary>
    /// Half a unit in the last printed digit of a NIST StRD certified value (11 significant digits, e.g.
    /// 2.3894212918E+02): ½·10^{e−10}, e = ⌊log₁₀|v|⌋. The certified value is the exact solution rounded to 11 digits,
    /// so no comparison with it can be closer than this.
    /// </summary>
    public static Tolerance CertifiedRounding(double certified) =>
        new(0.5 * Math.Pow(10, Math.Floor(Math.Log10(Math.Abs(certified))) - 10), $"½ unit of the 11th digit of {certified:E10}");

    /// <summary>
    /// Rounding floor of the i-th component of the Gauss–Newton estimate δ = D⁺r near a minimiser with residual r*:
    /// δ̂ − δ = D⁺Δr + ΔD⁺·r with ‖Δr‖ ≲ u(‖x‖ + ‖y‖) and ΔD⁺r ≈ (DᵀD)⁻¹ΔDᵀr*, ‖ΔD‖ ≲ u‖D‖, whose i-th component is at
    /// most √((DᵀD)⁻¹)ᵢᵢ·u·(κ‖r*‖ + ‖x‖ + ‖y‖) (a row of (DᵀD)⁻¹ has norm ≤ √((DᵀD)⁻¹)ᵢᵢ/σ_min). Constant 10 for the SVD
    /// of a 14×2 D; on Misra1a the measured deviation at the stagnation floor (τ = 10⁻¹², |θ − θ_cert| − |δ| − the
    /// certified rounding) used at most 1/7 of it with constant 1 (docs/solver.md).
    /// </summary>
    public static Tolerance EstimateRounding(double inverseGramDiagonal, double kappa, double residualNorm, double outputNorm, double targetNorm) =>
        new(10 * U * Math.Sqrt(inverseGramDiagonal) * (kappa * residualNorm + outputNorm + targetNorm),
            $"10·u·√((DᵀD)⁻¹)ᵢᵢ·(κ‖r‖ + ‖x‖ + ‖y‖), κ = {kappa:G3}");

    /// <summary>
    /// Relative slack of the nonlinear Gauss–Newton estimate: θ − θ* = δ + M·(θ − θ*) with M ≈ (DᵀD)⁻¹Σⱼrⱼ∇²xⱼ the
    /// Gauss–Newton contraction (zero for a linear model). On Misra1a (both NIST starts, rtol 10⁻⁸ and 10⁻¹⁰,
    /// τ = 10⁻⁶ … 10⁻¹⁰) the measured ||θᵢ − certᵢ|/|δᵢ| − 1| is at most 1.0 % wherever ||θᵢ − certᵢ| − |δᵢ|| exceeds half a
    /// unit of the certificate's 11th digit (below that the certificate's rounding, added separately, dominates);
    /// 5 % is five times the worst.
    /// </summary>
    public const double GaussNewtonEstimateSlack = 0.05;

    /// <summary>
    /// Relative parameter error of the Gauss–Newton solve of Misra1a at the convergence stop τ: at most 10·τ. Near θ* the
    /// flow's gradient and its parameter error decay together like e^{−s} (x′ = −P(x − y)), so the relative error at the
    /// stop is R·τ with an instance factor R = (‖∇C(θ₀)‖/‖θ*‖)·‖(DᵀD)⁻¹∇C‖/‖∇C‖; measured R ≤ 1.02 (start 1, b₂) and
    /// ≤ 0.10 (start 2) at τ = 10⁻⁸, rtol 10⁻¹⁰. 10 is one digit of margin over the measured R.
    /// </summary>
    public static Tolerance Misra1aRelativeError(double tau) =>
        new(10 * tau, $"10·τ = 10·{tau:G2} (measured relative error ≤ 1.02·τ)");

    /// <summary>
    /// Relative agreement of the standard errors σ̂·√((DᵀD)⁻¹)ᵢᵢ at the solver's θ with NIST's certified standard
    /// deviations (evaluated at the certified θ): 10⁻⁹. They depend on θ through D and ‖r‖, and θ differs from the
    /// certified values by ≈ 3·10⁻¹¹ relative at the stagnation floor; measured relative differences 5.5·10⁻¹¹ (start 1)
    /// and 2.5·10⁻¹⁰ (start 2) for b₁, so 10⁻⁹ is a factor 4 over the worst measured.
    /// </summary>
    public static Tolerance StandardErrorAgreement => new(1e-9, "1e-9 relative (measured ≤ 2.5e-10 at the stagnation floor)");

    /// <summary>
    /// A quantity computed through the SVD of D (a standard error σ̂·√((DᵀD)⁻¹)ᵢᵢ) against a certified value: the
    /// certified rounding (<see cref="CertifiedRounding"/>) plus regime (i) 10³·u·κ₂(D)·|v| (<see cref="Algebraic"/>).
    /// </summary>
    public static Tolerance CertifiedThroughSvd(double certified, double conditionNumber) =>
        new(CertifiedRounding(certified).Value + Algebraic(Math.Abs(certified), conditionNumber).Value,
            $"{CertifiedRounding(certified).Derivation} + 1e3·u·κ₂(D)·|v|, κ₂ = {conditionNumber:G3}");
}
