namespace GradientFlows.Differentiation;

/// <summary>
/// A forward-mode dual number v + v̇·ε with ε² = 0. Evaluating f on θ + u·ε gives f(θ) + ∂f(θ)(u)·ε: the exact
/// directional derivative (Gelada–Buckman Definition 0.2) in floating point, with no step size.
/// </summary>
/// <remarks>
/// Each operation carries its derivative rule beside its value rule. This type is the independent reference against
/// which the hand-written reverse-mode gradients and Jacobians are checked.
/// </remarks>
/// <param name="Value">The primal value v.</param>
/// <param name="Tangent">The tangent v̇ (the coefficient of ε).</param>
public readonly record struct Dual(double Value, double Tangent)
{
    /// <summary>A constant (tangent 0).</summary>
    public static Dual Constant(double value) => new(value, 0.0);

    /// <summary>Lifts θ + u·ε componentwise.</summary>
    public static Dual[] Seed(ReadOnlySpan<double> point, ReadOnlySpan<double> direction)
    {
        if (point.Length != direction.Length)
        {
            throw new ArgumentException(
                $"direction has {direction.Length} entries; expected {point.Length}, the length of the point.", nameof(direction));
        }
        var result = new Dual[point.Length];
        for (int i = 0; i < point.Length; i++)
        {
            result[i] = new Dual(point[i], direction[i]);
        }
        return result;
    }

#pragma warning disable CS1591 // arithmetic operators are self-describing
    public static Dual operator +(Dual a, Dual b) => new(a.Value + b.Value, a.Tangent + b.Tangent);
    public static Dual operator -(Dual a, Dual b) => new(a.Value - b.Value, a.Tangent - b.Tangent);
    public static Dual operator -(Dual a) => new(-a.Value, -a.Tangent);
    public static Dual operator *(Dual a, Dual b) => new(a.Value * b.Value, a.Tangent * b.Value + a.Value * b.Tangent);
    public static Dual operator /(Dual a, Dual b) =>
        new(a.Value / b.Value, (a.Tangent * b.Value - a.Value * b.Tangent) / (b.Value * b.Value));
    public static Dual operator +(Dual a, double b) => new(a.Value + b, a.Tangent);
    public static Dual operator -(Dual a, double b) => new(a.Value - b, a.Tangent);
    public static Dual operator *(double a, Dual b) => new(a * b.Value, a * b.Tangent);
    public static Dual operator *(Dual a, double b) => new(a.Value * b, a.Tangent * b);
    public static implicit operator Dual(double value) => Constant(value);
#pragma warning restore CS1591

    /// <summary>sin: (sin v, cos v·v̇).</summary>
    public static Dual Sin(Dual a) => new(Math.Sin(a.Value), Math.Cos(a.Value) * a.Tangent);

    /// <summary>cos: (cos v, −sin v·v̇).</summary>
    public static Dual Cos(Dual a) => new(Math.Cos(a.Value), -Math.Sin(a.Value) * a.Tangent);

    /// <summary>exp: (eᵛ, eᵛ·v̇).</summary>
    public static Dual Exp(Dual a)
    {
        double e = Math.Exp(a.Value);
        return new(e, e * a.Tangent);
    }

    /// <summary>tanh: (tanh v, (1 − tanh²v)·v̇).</summary>
    public static Dual Tanh(Dual a)
    {
        double t = Math.Tanh(a.Value);
        return new(t, (1 - t * t) * a.Tangent);
    }

    /// <summary>Logistic sigmoid s(v) = 1/(1 + e⁻ᵛ): (s, s(1 − s)·v̇).</summary>
    public static Dual Sigmoid(Dual a)
    {
        double s = 1.0 / (1.0 + Math.Exp(-a.Value));
        return new(s, s * (1 - s) * a.Tangent);
    }

    /// <summary>Softplus log(1 + eᵛ), evaluated stably: (softplus v, s(v)·v̇).</summary>
    public static Dual Softplus(Dual a)
    {
        double v = a.Value;
        double value = Math.Max(v, 0) + Math.Log(1 + Math.Exp(-Math.Abs(v)));
        double s = 1.0 / (1.0 + Math.Exp(-v));
        return new(value, s * a.Tangent);
    }

    /// <summary>ReLU max(v, 0) with the project's convention σ′(0) := 0 (Gelada–Buckman spec §3.5).</summary>
    public static Dual Relu(Dual a) => a.Value > 0 ? a : new(0.0, 0.0);

    /// <summary>Square v²: (v², 2v·v̇).</summary>
    public static Dual Square(Dual a) => new(a.Value * a.Value, 2 * a.Value * a.Tangent);
}
