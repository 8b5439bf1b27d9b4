using FsCheck;
using FsCheck.Fluent;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.Generators;

/// <summary>
/// A random smooth path h: [0, t] → ℝᵈ with an exact derivative (Result 1.4 numerical check (a)): a polynomial
/// h(s) = Σ_{r≤R} c_r s^r or a trigonometric sum h(s) = Σ_{r≤R} (a_r cos rs + b_r sin rs), random coefficient vectors.
/// </summary>
public sealed class SmoothPathInstance
{
    private readonly Lazy<Matrix<double>> _coefficients;

    /// <summary>Creates the instance.</summary>
    public SmoothPathInstance(int dimension, int degree, bool trigonometric, double horizon, int seed)
    {
        Dimension = dimension;
        Degree = degree;
        Trigonometric = trigonometric;
        Horizon = horizon;
        Seed = seed;
        _coefficients = new(() => Gaussian.Matrix(new Random(seed), 2 * degree + 1, dimension));
    }

    /// <summary>d.</summary>
    public int Dimension { get; }

    /// <summary>R.</summary>
    public int Degree { get; }

    /// <summary>Trigonometric sum instead of polynomial.</summary>
    public bool Trigonometric { get; }

    /// <summary>t, the length of the parameter interval.</summary>
    public double Horizon { get; }

    /// <summary>Seed of the coefficients.</summary>
    public int Seed { get; }

    /// <summary>h′(s), exact.</summary>
    public Vector<double> Derivative(double s)
    {
        var c = _coefficients.Value;
        var v = Vector<double>.Build.Dense(Dimension);
        for (int r = 1; r <= Degree; r++)
        {
            var row = c.Row(r);
            if (Trigonometric)
            {
                v += r * (-Math.Sin(r * s) * row + Math.Cos(r * s) * c.Row(Degree + r));
            }
            else
            {
                v += r * Math.Pow(s, r - 1) * row;
            }
        }
        return v;
    }

    /// <summary>The generator: d ≤ 20, R ≤ 6, t log-uniform in [10⁻², 10].</summary>
    /// <summary>
    /// The path h(s) = Σᵣ cᵣsʳ (polynomial) or Σᵣ cos(rs)cᵣ + sin(rs)c_{R+r} (trigonometric), whose derivative is
    /// <see cref="Derivative"/>.
    /// </summary>
    public Vector<double> Position(double s)
    {
        var c = _coefficients.Value;
        var h = Vector<double>.Build.Dense(Dimension);
        for (int r = 1; r <= Degree; r++)
        {
            h += Trigonometric
                ? Math.Cos(r * s) * c.Row(r) + Math.Sin(r * s) * c.Row(Degree + r)
                : Math.Pow(s, r) * c.Row(r);
        }
        return h;
    }

    /// <summary>
    /// en(h) = ∫₀ᵗ‖h′‖² in closed form, with the sum of the magnitudes of its terms (for rounding): polynomial
    /// Σ_{r,r′} rr′⟨cᵣ, c_{r′}⟩t^{r+r′−1}/(r + r′ − 1); trigonometric by the product-to-sum formulas.
    /// </summary>
    public (double Energy, double TermScale) ExactEnergy(double t)
    {
        var c = _coefficients.Value;
        double energy = 0, scale = 0;
        void Add(double term)
        {
            energy += term;
            scale += Math.Abs(term);
        }
        // ∫₀ᵗcos(ks)ds and ∫₀ᵗsin(ks)ds for an integer k ≥ 0.
        double Cos(int k) => k == 0 ? t : Math.Sin(k * t) / k;
        double Sin(int k) => k == 0 ? 0 : (1 - Math.Cos(k * t)) / k;
        for (int r = 1; r <= Degree; r++)
        {
            for (int p = 1; p <= Degree; p++)
            {
                if (!Trigonometric)
                {
                    Add(r * p * c.Row(r).DotProduct(c.Row(p)) * Math.Pow(t, r + p - 1) / (r + p - 1));
                    continue;
                }
                int minus = Math.Abs(r - p), plus = r + p;
                double ss = 0.5 * (Cos(minus) - Cos(plus));
                double cc = 0.5 * (Cos(minus) + Cos(plus));
                // sin(rs)cos(ps) = ½[sin((r + p)s) + sin((r − p)s)].
                double sc = 0.5 * (Sin(plus) + Math.Sign(r - p) * Sin(minus));
                double cs = 0.5 * (Sin(plus) + Math.Sign(p - r) * Sin(minus));
                Add(r * p * c.Row(r).DotProduct(c.Row(p)) * ss);
                Add(-r * p * c.Row(r).DotProduct(c.Row(Degree + p)) * sc);
                Add(-r * p * c.Row(Degree + r).DotProduct(c.Row(p)) * cs);
                Add(r * p * c.Row(Degree + r).DotProduct(c.Row(Degree + p)) * cc);
            }
        }
        return (energy, scale);
    }

    public static Gen<SmoothPathInstance> Generator =>
        from d in Dimensions.LogUniform(20)
        from r in Dimensions.Uniform(1, 6)
        from trig in Gen.Elements(false, true)
        from e in Gen.Choose(-200, 100)
        from seed in Dimensions.Seed
        select new SmoothPathInstance(d, r, trig, Math.Pow(10, e / 100.0), seed);

    /// <summary>Smaller instances with the same seed.</summary>
    public IEnumerable<SmoothPathInstance> Shrink() =>
        Dimensions.Shrink(Dimension).Select(d => new SmoothPathInstance(d, Degree, Trigonometric, Horizon, Seed))
            .Concat(Dimensions.Shrink(Degree).Select(r => new SmoothPathInstance(Dimension, r, Trigonometric, Horizon, Seed)));

    /// <inheritdoc />
    public override string ToString() =>
        $"SmoothPathInstance(d={Dimension}, R={Degree}, {(Trigonometric ? "trigonometric" : "polynomial")}, t={Horizon:R}, seed={Seed})";
}
