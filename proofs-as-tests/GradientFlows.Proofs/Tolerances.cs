using System.Runtime.CompilerServices;
using GradientFlows.Differentiation;
using GradientFlows.Integration;
using GradientFlows.Models;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs;

/// <summary>
/// Every tolerance the proofs-as-tests use, each with the reason it has the size it has. No other file of the test
/// project writes a numeric tolerance literal.
/// </summary>
public static partial class Tolerances
{
    /// <summary>u = 2⁻⁵³.</summary>
    public const double U = FloatingPoint.UnitRoundoff;

    /// <summary>
    /// Integrator settings of every flow identity: rtol 10⁻¹⁰, atol 10⁻¹² (spec §5). Every tolerance derived from them
    /// assumes the integrator meets its order, so reading them first requires the numerical core's own checks
    /// (<see cref="Numerics.NumericalCore"/>, run once): a broken core fails each flow property at its first instance.
    /// </summary>
    public static IntegrationTolerances Flow
    {
        get
        {
            Numerics.NumericalCore.RequireSound();
            return IntegrationTolerances.Reference;
        }
    }

    /// <summary>
    /// Rounding of an algebraic identity evaluated with about <paramref name="operations"/> floating-point operations on
    /// numbers of size <paramref name="scale"/>: γₙ·scale with γₙ = n·u/(1 − n·u) (Higham, Accuracy and Stability, §3.1),
    /// with a floor of 64 operations.
    /// </summary>
    public static Tolerance Rounding(double scale, int operations = 64)
    {
        int n = Math.Max(operations, 64);
        return new(n * U / (1 - n * U) * Math.Max(scale, 0), $"γ_{n}·{scale:G3} (rounding of {n} operations)");
    }

    /// <summary>
    /// The spec's τ_int = 10⁻⁷·max(1, l(0)) for flow identities at rtol 10⁻¹⁰: observed global discrepancies were
    /// ≤ 2.3·10⁻¹⁰·max(1, l(0)); the adaptive method controls only local error, so three orders of margin are kept
    /// (Gelada–Buckman spec, Result 1.3 numerical check).
    /// </summary>
    public static Tolerance IntegratedIdentity(double loss0) =>
        new(1e-7 * Math.Max(1, loss0), $"τ_int = 1e-7·max(1, l(0) = {loss0:G3}) at rtol 1e-10");

    /// <summary>
    /// Relative slack of a flow bound, l ≤ max(B, floor)·(1 + 10⁻⁶) (spec §5): the bounds are nearly tight at small t
    /// (observed log-margin 1.1·10⁻⁵ for S1), and 10⁻⁶ exceeds the integrator's relative error at rtol 10⁻¹⁰.
    /// </summary>
    public const double FlowBoundRelative = 1e-6;

    /// <summary>
    /// The loss resolution floor 10⁻⁸·max(1, l(0)): the integrator cannot resolve losses much below (local error)² and
    /// large-width bounds underflow (spec Result 2.2 numerical check).
    /// </summary>
    public static double LossFloor(double loss0) => 1e-8 * Math.Max(1, loss0);

    /// <summary>
    /// Central differences f′ ≈ (f(x + h) − f(x − h))/2h have truncation h²|f‴|/6 and rounding u|f|/h; with
    /// h = 10⁻⁵·max(1, ‖x‖) both are ≤ 10⁻⁹ relative for the polynomial-scale functions here, so 10⁻⁶ relative leaves
    /// three orders of margin (spec §3.4 (b)).
    /// </summary>
    public static Tolerance CentralDifference(double scale) =>
        new(1e-6 * Math.Max(scale, 1e-300), $"1e-6·{scale:G3} (central difference, h = 1e-5·max(1,‖w‖))");

    /// <summary>Step of the central difference, h = 10⁻⁵·max(1, ‖w‖).</summary>
    public static double CentralDifferenceStep(double pointNorm) => 1e-5 * Math.Max(1, pointNorm);

    /// <summary>
    /// Σ|terms| of ⟨κDᵀ(x − y), u⟩ is at most κ(‖x − y‖ + 2‖y‖ + ‖x‖)·‖D‖_F·‖u‖: Cauchy–Schwarz on the K·QN products,
    /// with the residual x − y counted at the size of the terms it cancels (‖x‖ + ‖y‖) and once more at ‖y‖ for the
    /// target's own rounding.
    /// </summary>
    public static double DerivativeTermScale(SquaredErrorCost f, Vector<double> theta, Vector<double> u) =>
        f.Kappa * (f.Residual(theta).L2Norm() + 2 * f.Targets.L2Norm() + f.Model.Outputs(theta).L2Norm())
        * f.Model.Jacobian(theta).FrobeniusNorm() * u.L2Norm();

    /// <summary>
    /// Dual-number derivative against the reverse-mode gradient: the same function differentiated exactly two ways, so
    /// they differ only by rounding, at most γₙ·Σ|terms| with n ≈ 16K² operations for a K-parameter model
    /// (Higham §3.1); <paramref name="termScale"/> bounds Σ|terms| of the directional derivative.
    /// </summary>
    public static Tolerance DualVersusGradient(double termScale, int dimension) =>
        Rounding(termScale, 16 * dimension * dimension);

    /// <summary>
    /// Discrete GD statements: exact algebra in floating point, 10⁻¹² relative plus 64u·(f_j + η‖g_j‖²) (spec §4).
    /// </summary>
    public static Tolerance DiscreteStep(double scale) =>
        new(1e-12 * scale + 64 * U * scale, $"1e-12·{scale:G3} + 64u·{scale:G3} (discrete GD algebra)");

    /// <summary>
    /// θ_j is computed only while f_j &gt; 10⁻¹⁰·f₀: below that, f_j − f_{j+1} is rounding noise (spec §4 check 2).
    /// </summary>
    public const double EfficiencyResolvedFraction = 1e-10;

    /// <summary>
    /// Statistical tests use z = 6 standard errors: two-sided false-alarm probability 2Φ(−6) ≈ 2·10⁻⁹ under the CLT
    /// (spec §3.3).
    /// </summary>
    public const double StandardErrors = 6.0;

}

/// <summary>A tolerance value with the one-line derivation that is printed when a check fails.</summary>
/// <param name="Value">The absolute tolerance.</param>
/// <param name="Derivation">How it was derived.</param>
/// <param name="Name">The <see cref="Tolerances"/> member that made it (filled in by the compiler), under which the
/// certificate run reports the worst fraction of it ever used; a tolerance made inside a test carries the test's name.</param>
public readonly record struct Tolerance(double Value, string Derivation, [CallerMemberName] string Name = "")
{
    /// <summary>The sum of two tolerances (errors from two sources).</summary>
    public static Tolerance operator +(Tolerance a, Tolerance b) =>
        new(a.Value + b.Value, $"{a.Derivation} + {b.Derivation}", $"{a.Name} + {b.Name}");
}
