using GradientFlows.Models;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Theory;

/// <summary>
/// The learning guarantee for the 2-layer ReLU MLP on one data point (Gelada–Buckman §3; spec §3.6–3.7), in its rigorous
/// form and in the source's idealised form. Derivation of the rigorous form and of S1: docs/derivations.md §1–2.
/// </summary>
/// <remarks>
/// Rigorous: relaxed health holds with α = 2‖b₀‖², β = 4‖b₀‖‖x‖ (gradient-health bound), so
/// l(∞) ≤ l(0)·exp(−‖b₀‖⁴/(6‖x‖²l(0))). Idealised (source, erratum E13): α = 2k, β = 4√(km), which assumes ‖b₀‖² = k and
/// ‖x‖² = m; it is not a theorem and is reported, never asserted. Supplement S1 keeps the square term and doubles the
/// exponent: l(∞) ≤ l(0)·exp(−‖b₀‖⁴/(3‖x‖²l(0))).
/// </remarks>
public sealed class TwoLayerReluGuarantee
{
    /// <summary>Computes the constants from the network, its initial point w₀ and the target q.</summary>
    /// <exception cref="ArgumentException">w₀ or q has the wrong length or a non-finite entry.</exception>
    public TwoLayerReluGuarantee(TwoLayerReluNetwork network, Vector<double> w0, Vector<double> q)
    {
        Preconditions.NotNull(network, nameof(network));
        var gradient = network.Backward(w0, q);
        var b0 = gradient.Pass.B;
        InitialActivationNormSquared = b0.DotProduct(b0);
        InputNormSquared = network.Input.DotProduct(network.Input);
        Loss0 = gradient.Loss;
        HiddenWidth = network.HiddenWidth;
        InputWidth = network.InputWidth;
    }

    /// <summary>‖b₀‖².</summary>
    public double InitialActivationNormSquared { get; }

    /// <summary>‖x‖².</summary>
    public double InputNormSquared { get; }

    /// <summary>l(0).</summary>
    public double Loss0 { get; }

    /// <summary>k.</summary>
    public int HiddenWidth { get; }

    /// <summary>m.</summary>
    public int InputWidth { get; }

    /// <summary>α = 2‖b₀‖² (rigorous).</summary>
    public double Alpha => 2 * InitialActivationNormSquared;

    /// <summary>β = 4‖b₀‖‖x‖ (rigorous).</summary>
    public double Beta => 4 * Math.Sqrt(InitialActivationNormSquared * InputNormSquared);

    /// <summary>True when b₀ = 0 or l(0) = 0: the flow is stationary and the only bound is the trivial l(t) ≤ l(0).</summary>
    public bool IsTrivial => InitialActivationNormSquared == 0 || Loss0 == 0;

    /// <summary>The rigorous Result 2.2 bound (null when <see cref="IsTrivial"/>).</summary>
    public RelaxedHealthBound? Rigorous => IsTrivial ? null : new RelaxedHealthBound(Alpha, Beta, Loss0);

    /// <summary>The source's idealised bound with α = 2k, β = 4√(km) (erratum E13: not a theorem), null if l(0) = 0.</summary>
    public RelaxedHealthBound? Idealised =>
        Loss0 > 0 ? new RelaxedHealthBound(2.0 * HiddenWidth, 4 * Math.Sqrt((double)HiddenWidth * InputWidth), Loss0) : null;

    /// <summary>The rigorous bound at t, l(0) when trivial.</summary>
    public double RigorousAt(double t) => Rigorous?.At(t) ?? Loss0;

    /// <summary>T₀ = ‖b₀‖²/(‖x‖²l(0)), where the S1 bracket reaches zero.</summary>
    public double SharpHorizon => IsTrivial ? double.PositiveInfinity : InitialActivationNormSquared / (InputNormSquared * Loss0);

    /// <summary>
    /// ln of the Supplement S1 bound: ln l(0) − 2[‖b₀‖²τ − (4/3)‖b₀‖cτ^{3/2} + ½c²τ²], c = ‖x‖√l(0), τ = min(t, T₀).
    /// </summary>
    public double SharpLogAt(double t)
    {
        Preconditions.NonNegative(t, nameof(t));
        if (Loss0 == 0)
        {
            return double.NegativeInfinity;
        }
        if (IsTrivial)
        {
            return Math.Log(Loss0);
        }
        double tau = Math.Min(t, SharpHorizon);
        double b = Math.Sqrt(InitialActivationNormSquared);
        double c = Math.Sqrt(InputNormSquared * Loss0);
        return Math.Log(Loss0) - 2 * (InitialActivationNormSquared * tau - 4.0 / 3.0 * b * c * Math.Pow(tau, 1.5) + 0.5 * c * c * tau * tau);
    }

    /// <summary>The Supplement S1 bound at t.</summary>
    public double SharpAt(double t) => Loss0 == 0 ? 0 : Math.Exp(SharpLogAt(t));

    /// <summary>
    /// The predicate that decides whether the idealised curve is violated near t = 0: ‖∇f(w₀)‖² &lt; 2k·l(0) (spec §3.7).
    /// </summary>
    public static bool IdealisedFailsEarly(double gradientNormSquared0, int hiddenWidth, double loss0) =>
        gradientNormSquared0 < 2.0 * hiddenWidth * loss0;
}
