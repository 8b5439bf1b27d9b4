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
        for (int i = 0; i < tableau.Stages; i++)
        {
            Check.Close(tableau.A[i].Sum(), tableau.C[i], tol, $"row {i}: Σⱼ aᵢⱼ = cᵢ");
            Check.Close(tableau.P[i].Sum(), tableau.B[i], Tolerances.Rounding(1, 64 * tableau.P[i].Length), $"row {i}: Σⱼ Pᵢⱼ = bᵢ (dense output at θ = 1)");
        }
        Check.That(tableau.FirstSameAsLast, $"{name} is FSAL");
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
        double order = Math.Log2(Error(1.0 / 16) / Error(1.0 / 32));
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

    /// <summary>The dense output has local order ≥ p̂ + 1: halving h divides the mid-step interpolation error by ≥ 2^{p̂}·0.8.</summary>
    [Theory]
    [MemberData(nameof(Tableaus))]
    [Trait("Theorem", "NUM.RK.DenseOutput")]
    public void DenseOutput_LocalOrder_Ge_EmbeddedOrderPlusOne(string name)
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
        double expected = Math.Pow(2, integrator.Tableau.EmbeddedOrder + 1);
        Check.Le(expected * Math.Pow(2, -Tolerances.OrderSlack), ratio, Tolerances.Rounding(1),
            $"{name}: dense-output local error ratio ≥ 2^(p̂+1−0.3)");
    }
}
