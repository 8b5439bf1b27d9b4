using GradientFlows.Integration;

namespace GradientFlows.Proofs.Numerics;

/// <summary>
/// Laws every <see cref="ButcherTableau"/> satisfies, written once and run for each shipped tableau: consistency
/// (Σb = Σb̂ = 1, A·1 = c), dense-output consistency (Σⱼ Pᵢⱼ = bᵢ), and the empirical order of the b-weights, the
/// embedded b̂-weights and the dense output.
/// </summary>
public sealed class ButcherTableauTests
{
    /// <summary>The shipped tableaus, as test data.</summary>
    public static TheoryData<string> Tableaus => [.. ButcherTableau.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Tableaus))]
    [Trait("Theorem", "NUM.RK.Consistency")]
    public void Tableau_WeightsSumToOne_And_RowSums_Eq_Nodes(string name)
    {
        var tableau = ButcherTableau.All.Single(t => t.Name == name);
        var tol = Tolerances.Rounding(1, 2 * tableau.Stages);
        Check.Close(tableau.B.Sum(), 1, tol, "Σb = 1");
        Check.Close(tableau.BHat.Sum(), 1, tol, "Σb̂ = 1");
        Check.Close(tableau.E.Sum(), 0, Tolerances.Rounding(tableau.E.Sum(Math.Abs), 2 * tableau.Stages), "ΣE = 0 (the estimate vanishes on y′ = 1)");
        Check.Close(tableau.E3.Sum(), 0, Tolerances.Rounding(tableau.E3.Sum(Math.Abs), 2 * tableau.Stages), "ΣE₃ = 0");
        for (int i = 0; i < tableau.DenseStages; i++)
        {
            double bi = i < tableau.Stages ? tableau.B[i] : 0;
            Check.Close(tableau.A[i].Sum(), tableau.C[i], Tolerances.Rounding(tableau.A[i].Sum(Math.Abs) + 1, 2 * tableau.DenseStages), $"row {i}: Σⱼ aᵢⱼ = cᵢ");
            Check.Close(tableau.P[i].Sum(), bi, Tolerances.Rounding(tableau.P[i].Sum(Math.Abs) + 1, 64 * tableau.P[i].Length), $"row {i}: Σⱼ Pᵢⱼ = bᵢ (dense output at θ = 1)");
        }
        Check.That(tableau.FirstSameAsLast, $"{name} is FSAL");
    }

    /// <summary>
    /// The quadrature order conditions Σᵢ bᵢcᵢ^{q−1} = 1/q for q = 1, …, p (the bushy trees of Butcher's theory) and
    /// Σᵢ b̂ᵢcᵢ^{q−1} = 1/q for q ≤ p̂: necessary for order p, and a mistyped node or weight breaks them.
    /// </summary>
    [Theory]
    [MemberData(nameof(Tableaus))]
    [Trait("Theorem", "NUM.RK.Consistency")]
    public void Tableau_QuadratureConditions_Eq_InverseDegree(string name)
    {
        var tableau = ButcherTableau.All.Single(t => t.Name == name);
        foreach (var (weights, order, label) in new[] { (tableau.B, tableau.Order, "b"), (tableau.BHat, tableau.EmbeddedOrder, "b̂") })
        {
            for (int q = 1; q <= order; q++)
            {
                double sum = 0, magnitude = 0;
                for (int i = 0; i < tableau.Stages; i++)
                {
                    double term = weights[i] * Math.Pow(tableau.C[i], q - 1);
                    sum += term;
                    magnitude += Math.Abs(term);
                }
                Check.Close(sum, 1.0 / q, Tolerances.Rounding(magnitude, 4 * q * tableau.Stages), $"Σ {label}ᵢcᵢ^{q - 1} = 1/{q}");
            }
        }
    }

    /// <summary>log₂(e_h/e_{h/2}) ≈ p on the rotation y″ = −y, whose solution (cos t, −sin t) is exact.</summary>
    [Theory]
    [MemberData(nameof(Tableaus))]
    [Trait("Theorem", "NUM.RK.Order")]
    public void Tableau_EmpiricalOrder_Eq_Order(string name)
    {
        var integrator = new EmbeddedRungeKutta(ButcherTableau.All.Single(t => t.Name == name));
        static void Rotation(double t, ReadOnlySpan<double> y, Span<double> dy)
        {
            dy[0] = y[1];
            dy[1] = -y[0];
        }
        double Error(double h)
        {
            int steps = (int)Math.Round(1 / h);
            var (y, _) = integrator.FixedSteps(Rotation, 0, [1.0, 0.0], h, steps);
            return Math.Sqrt(Math.Pow(y[0] - Math.Cos(1), 2) + Math.Pow(y[1] + Math.Sin(1), 2));
        }
        double h = Tolerances.OrderTestStep(integrator.Tableau.Order);
        double order = Math.Log2(Error(h) / Error(h / 2));
        Check.Close(order, integrator.Tableau.Order, new(Tolerances.OrderSlack, "asymptotic regime of the order test"),
            $"empirical order of {name}");
    }

    /// <summary>
    /// The embedded error estimate has order p̂ + 1 as a local error, and its size bounds the true local error of the
    /// p̂-order solution: on y′ = y one step of size h gives |e_est| ≥ ½|e_true(b̂)| in the asymptotic regime.
    /// </summary>
    [Theory]
    [MemberData(nameof(Tableaus))]
    [Trait("Theorem", "NUM.RK.ErrorEstimate")]
    public void Tableau_ErrorEstimate_Tracks_LocalError_Of_Embedded(string name)
    {
        var tableau = ButcherTableau.All.Single(t => t.Name == name);
        foreach (double h in new[] { 1.0 / 8, 1.0 / 16 })
        {
            // For y′ = y, stage k_i = y₀·Πᵢ(h), so the weights applied to k give polynomials in h.
            var k = new double[tableau.Stages];
            for (int i = 0; i < tableau.Stages; i++)
            {
                double stage = 1;
                for (int j = 0; j < tableau.A[i].Length; j++)
                {
                    stage += h * tableau.A[i][j] * k[j];
                }
                k[i] = stage;
            }
            double high = 1, low = 1;
            for (int i = 0; i < tableau.Stages; i++)
            {
                high += h * tableau.B[i] * k[i];
                low += h * tableau.BHat[i] * k[i];
            }
            double trueLowError = Math.Abs(low - Math.Exp(h));
            double estimate = Math.Abs(high - low);
            Check.Le(trueLowError, 2 * estimate, Tolerances.Rounding(1), $"{name}, h = {h}: true error of b̂ ≤ 2·estimate");
            Check.Le(estimate, 2 * trueLowError, Tolerances.Rounding(1), $"{name}, h = {h}: estimate ≤ 2·true error of b̂");
        }
    }

    /// <summary>
    /// The dense output has order q (<see cref="ButcherTableau.DenseOutputOrder"/>), i.e. local error O(h^{q+1}): halving h
    /// divides the interpolation error at h/3 by ≥ 2^{q+1−0.3}.
    /// </summary>
    [Theory]
    [MemberData(nameof(Tableaus))]
    [Trait("Theorem", "NUM.RK.DenseOutput")]
    public void DenseOutput_LocalOrder_Ge_DenseOrderPlusOne(string name)
    {
        var integrator = new EmbeddedRungeKutta(ButcherTableau.All.Single(t => t.Name == name));
        static void Rotation(double t, ReadOnlySpan<double> y, Span<double> dy)
        {
            dy[0] = y[1];
            dy[1] = -y[0];
        }
        double MidStepError(double h)
        {
            // One step of size h, its continuous extension sampled at h/3.
            var (_, dense) = integrator.FixedSteps(Rotation, 0, [1.0, 0.0], h, 1);
            var y = dense.Evaluate(h / 3);
            return Math.Sqrt(Math.Pow(y[0] - Math.Cos(h / 3), 2) + Math.Pow(y[1] + Math.Sin(h / 3), 2));
        }
        double ratio = MidStepError(0.2) / MidStepError(0.1);
        double expected = Math.Pow(2, integrator.Tableau.DenseOutputOrder + 1);
        Check.Le(expected * Math.Pow(2, -Tolerances.OrderSlack), ratio, Tolerances.Rounding(1),
            $"{name}: dense-output local error ratio ≥ 2^(q+1−0.3)");
    }
}
