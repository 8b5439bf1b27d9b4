using System.Collections.Immutable;
using GradientFlows.Differentiation;

namespace GradientFlows.Models;

/// <summary>
/// A smooth activation σ: ℝ → ℝ with Lipschitz derivative (σ ∈ C^{1,1}), applied componentwise in the hidden layers of
/// <see cref="DeepNetwork"/> (Chen, arXiv 2311.15487, §1.1). Each instance carries its value, its derivative σ′ and its
/// dual-number evaluation side by side, so the hand-written Jacobian can be checked against forward mode.
/// </summary>
/// <remarks>
/// Admissible: tanh, softplus, logistic sigmoid (all C^∞) and the identity (linear networks). ReLU is excluded: σ′ is
/// not continuous, and every result of the paper assumes σ ∈ C^{1,1} (spec §1, A15).
/// </remarks>
public sealed class Activation
{
    private readonly Func<double, double> _value;
    private readonly Func<double, double> _derivative;
    private readonly Func<Dual, Dual> _dual;

    private Activation(string name, Func<double, double> value, Func<double, double> derivative, Func<Dual, Dual> dual)
    {
        Name = name;
        _value = value;
        _derivative = derivative;
        _dual = dual;
    }

    /// <summary>σ = tanh, σ′ = 1 − tanh².</summary>
    public static Activation Tanh { get; } = new("tanh", Math.Tanh, v =>
    {
        double t = Math.Tanh(v);
        return 1 - t * t;
    }, Dual.Tanh);

    /// <summary>σ(v) = log(1 + eᵛ), σ′ = logistic sigmoid; evaluated stably for large |v|.</summary>
    public static Activation Softplus { get; } = new("softplus",
        v => Math.Max(v, 0) + Math.Log(1 + Math.Exp(-Math.Abs(v))),
        LogisticValue,
        Dual.Softplus);

    /// <summary>σ(v) = 1/(1 + e⁻ᵛ), σ′ = σ(1 − σ).</summary>
    public static Activation Sigmoid { get; } = new("sigmoid", LogisticValue, v =>
    {
        double s = LogisticValue(v);
        return s * (1 - s);
    }, Dual.Sigmoid);

    /// <summary>σ(v) = v, σ′ = 1: the network is a deep linear network (affine in its inputs).</summary>
    public static Activation Identity { get; } = new("identity", v => v, _ => 1.0, a => a);

    /// <summary>Every admissible activation, in a fixed order (generators index into it).</summary>
    public static ImmutableArray<Activation> All { get; } = [Tanh, Softplus, Sigmoid, Identity];

    /// <summary>The nonlinear activations tanh, softplus, sigmoid.</summary>
    public static ImmutableArray<Activation> Nonlinear { get; } = [Tanh, Softplus, Sigmoid];

    /// <summary>A short name: tanh, softplus, sigmoid or identity.</summary>
    public string Name { get; }

    /// <summary>σ(v).</summary>
    public double Value(double v) => _value(v);

    /// <summary>σ′(v).</summary>
    public double Derivative(double v) => _derivative(v);

    /// <summary>σ on dual numbers: σ(v + v̇ε) = σ(v) + σ′(v)v̇ε.</summary>
    public Dual Value(Dual v) => _dual(v);

    /// <inheritdoc />
    public override string ToString() => Name;

    private static double LogisticValue(double v) =>
        v >= 0 ? 1.0 / (1.0 + Math.Exp(-v)) : Math.Exp(v) / (1.0 + Math.Exp(v));
}
