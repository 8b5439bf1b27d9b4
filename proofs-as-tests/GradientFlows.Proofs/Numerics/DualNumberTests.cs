using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GradientFlows.Differentiation;

namespace GradientFlows.Proofs.Numerics;

/// <summary>
/// The rules of the dual numbers themselves, one operation at a time, and the floating-point helpers beside them.
/// The gradient tests (<see cref="DifferentiationTests"/>) use dual numbers as the reference, so each rule is checked
/// here against an independent one: the primal against plain <c>double</c> arithmetic, the tangent against a central
/// difference of that arithmetic along the seeded line v + s·v̇. Tangents are drawn away from ±1 and 0, so a rule that
/// divides by the tangent instead of multiplying, or drops it, is caught.
/// </summary>
public sealed class DualNumberTests
{
    /// <summary>A unary rule: the dual operation and the plain function it lifts.</summary>
    private sealed record UnaryRule(string Name, Func<Dual, Dual> Lifted, Func<double, double> Plain);

    /// <summary>A binary rule: the dual operation and the plain function it lifts.</summary>
    private sealed record BinaryRule(string Name, Func<Dual, Dual, Dual> Lifted, Func<double, double, double> Plain);

    private static readonly UnaryRule[] UnaryRules =
    [
        new("−a", a => -a, v => -v),
        new("sin", Dual.Sin, Math.Sin),
        new("cos", Dual.Cos, Math.Cos),
        new("exp", Dual.Exp, Math.Exp),
        new("tanh", Dual.Tanh, Math.Tanh),
        new("sigmoid", Dual.Sigmoid, v => 1.0 / (1.0 + Math.Exp(-v))),
        new("softplus", Dual.Softplus, v => Math.Log(1.0 + Math.Exp(v))),
        new("relu", Dual.Relu, v => Math.Max(v, 0.0)),
        new("square", Dual.Square, v => v * v),
        new("a + c", a => a + 1.75, v => v + 1.75),
        new("a − c", a => a - 1.75, v => v - 1.75),
        new("c·a", a => 1.75 * a, v => 1.75 * v),
        new("a·c", a => a * 1.75, v => v * 1.75),
    ];

    private static readonly BinaryRule[] BinaryRules =
    [
        new("a + b", (a, b) => a + b, (x, y) => x + y),
        new("a − b", (a, b) => a - b, (x, y) => x - y),
        new("a·b", (a, b) => a * b, (x, y) => x * y),
        new("a/b", (a, b) => a / b, (x, y) => x / y),
    ];

    /// <summary>
    /// Every elementary rule maps v + v̇ε to f(v) + f′(v)·v̇ε: the primal equals f(v) up to rounding and the tangent equals
    /// the central difference of s ↦ f(v + s·v̇) at s = 0. Points are drawn with 1/4 ≤ |v| ≤ 3 (no ReLU kink within the
    /// difference step), the second operand of a binary rule with 1 ≤ |v| ≤ 3 (divisors away from 0), and tangents with
    /// 1/2 ≤ |v̇| ≤ 2 and |v̇| ≠ 1.
    /// </summary>
    [Property(MaxTest = 50, MaxRejected = 50 / Verdict.InconclusivePerChecked)]
    [Trait("Theorem", "NUM.AD.Dual")]
    public Property DualRules_Tangent_Eq_CentralDifference_And_Value_Eq_Plain(int seed)
    {
        var random = new Random(seed);
        double Point() => (random.NextDouble() < 0.5 ? -1 : 1) * (0.25 + 2.75 * random.NextDouble());
        double Tangent() => (random.NextDouble() < 0.5 ? -1 : 1) * (random.NextDouble() < 0.5
            ? 0.5 + 0.4 * random.NextDouble()
            : 1.1 + 0.9 * random.NextDouble());
        double h = Tolerances.CentralDifferenceStep(3.0);
        foreach (var rule in UnaryRules)
        {
            var a = new Dual(Point(), Tangent());
            var lifted = rule.Lifted(a);
            double plain = rule.Plain(a.Value);
            double central = (rule.Plain(a.Value + h * a.Tangent) - rule.Plain(a.Value - h * a.Tangent)) / (2 * h);
            // Σ|terms| ≤ |v̇|·(1 + |f(v)|): |f‴| ≤ max(1, |f|) on [−3.1, 3.1] for every rule here (eᵛ is its own f‴).
            double scale = Math.Abs(a.Tangent) * (1 + Math.Abs(plain));
            Check.Close(lifted.Value, plain, Tolerances.Rounding(1 + Math.Abs(plain)), $"{rule.Name}: primal = f(v)");
            Check.Close(lifted.Tangent, central, Tolerances.CentralDifference(scale), $"{rule.Name}: tangent = f′(v)·v̇");
        }
        foreach (var rule in BinaryRules)
        {
            var a = new Dual(Point(), Tangent());
            var b = new Dual(Math.Sign(Point()) * (1 + 2 * random.NextDouble()), Tangent());
            var lifted = rule.Lifted(a, b);
            double plain = rule.Plain(a.Value, b.Value);
            double central = (rule.Plain(a.Value + h * a.Tangent, b.Value + h * b.Tangent)
                - rule.Plain(a.Value - h * a.Tangent, b.Value - h * b.Tangent)) / (2 * h);
            // With |b| ≥ 1 and |v̇| ≤ 2 the third derivative along the line is ≤ 6·2³·(3 + 2) for a/b and 0 otherwise, so
            // the truncation h²|f‴|/6 ≈ 4·10⁻⁸ is far below 10⁻⁶ relative to Σ|terms| ≥ |v̇ₐ| + |v̇_b| ≥ 1.
            double scale = (Math.Abs(a.Tangent) + Math.Abs(b.Tangent)) * (1 + Math.Abs(plain));
            Check.Close(lifted.Value, plain, Tolerances.Rounding(1 + Math.Abs(plain)), $"{rule.Name}: primal = f(a, b)");
            Check.Close(lifted.Tangent, central, Tolerances.CentralDifference(scale), $"{rule.Name}: tangent = ∇f·(v̇ₐ, v̇_b)");
        }
        return Verdict.Checked();
    }

    /// <summary>
    /// The conventions that a central difference cannot see: ReLU at and below its kink is the constant 0 (σ′(0) := 0),
    /// constants have tangent 0, and <see cref="Dual.Seed"/> pairs point and direction entrywise and rejects a
    /// direction of the wrong length, naming it.
    /// </summary>
    [Fact]
    [Trait("Theorem", "NUM.AD.Dual")]
    public void DualConventions_ReluAtKink_Eq_Zero_And_Seed_Pairs_Entries()
    {
        Check.That(Dual.Relu(new Dual(0.0, 2.5)) == new Dual(0.0, 0.0), "relu(0 + 2.5ε) = 0 (σ′(0) := 0)");
        Check.That(Dual.Relu(new Dual(-0.5, 2.5)) == new Dual(0.0, 0.0), "relu(−0.5 + 2.5ε) = 0");
        Check.That(Dual.Relu(new Dual(0.5, 2.5)) == new Dual(0.5, 2.5), "relu(0.5 + 2.5ε) = 0.5 + 2.5ε");
        Check.That(Dual.Constant(3.0) == new Dual(3.0, 0.0) && (Dual)3.0 == new Dual(3.0, 0.0), "constants have tangent 0");
        var seeded = Dual.Seed([1.0, -2.0, 3.0], [0.5, 0.25, -4.0]);
        Check.That(seeded.SequenceEqual([new Dual(1.0, 0.5), new Dual(-2.0, 0.25), new Dual(3.0, -4.0)]), "Seed pairs θᵢ with uᵢ");
        var error = Assert.Throws<ArgumentException>(() => Dual.Seed([1.0, 2.0], [1.0]));
        Assert.Equal("direction", error.ParamName);
        Assert.Contains("expected 2", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// eˣ − 1 without cancellation: it equals the Taylor polynomial x + x²/2 + x³/6 + x⁴/24 for |x| ≤ 10⁻³ (remainder
    /// ≤ |x|⁵/100, far below u·|x|), returns x itself where fl(eˣ) = 1, equals fl(eˣ) − 1 within a few u·eˣ for
    /// |x| ≥ 1, and is exactly −1 where eˣ underflows.
    /// </summary>
    [Property(MaxTest = 50, MaxRejected = 50 / Verdict.InconclusivePerChecked)]
    [Trait("Theorem", "NUM.FP.ExpMinusOne")]
    public Property ExpMinusOne_Eq_Taylor_Of_Small_And_Eq_Exp_Of_Large(int seed)
    {
        var random = new Random(seed);
        double sign = random.NextDouble() < 0.5 ? -1 : 1;
        double small = sign * Math.Pow(10, -12 + 9 * random.NextDouble());
        double taylor = small + small * small / 2 + small * small * small / 6 + small * small * small * small / 24;
        Check.Close(FloatingPoint.ExpMinusOne(small), taylor, Tolerances.Rounding(Math.Abs(small), 8), "expm1(x) = Taylor, |x| ≤ 1e-3");
        double large = sign * (1 + 19 * random.NextDouble());
        double expected = Math.Exp(large) - 1;
        Check.Close(FloatingPoint.ExpMinusOne(large), expected, Tolerances.Rounding(1 + Math.Exp(large), 8), "expm1(x) = eˣ − 1, |x| ≥ 1");
        double tiny = sign * Math.Pow(10, -30 + 10 * random.NextDouble());
        Check.That(FloatingPoint.ExpMinusOne(tiny) == tiny, "expm1(x) = x where fl(eˣ) = 1");
        Check.That(FloatingPoint.ExpMinusOne(-800 - 100 * random.NextDouble()) == -1.0, "expm1(x) = −1 where eˣ underflows");
        return Verdict.Checked();
    }
}
