using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GradientFlows.Differentiation;
using GradientFlows.Models;
using GradientFlows.Objectives;
using GradientFlows.Proofs.Generators;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.Numerics;

/// <summary>
/// Every analytic gradient and Jacobian against two independent references: forward-mode dual numbers and central
/// finite differences. One law, <see cref="GradientAgreesWithReferences"/>, runs for every objective.
/// </summary>
public sealed class DifferentiationTests
{
    /// <summary>The ReLU MLP (spec §3.4 (a), (b)): backprop = dual = central difference on a kink-free line.</summary>
    [Property(Arbitrary = [typeof(Arbitraries)])]
    [Trait("Theorem", "GB.S3.4")]
    public Property Section3_4_Gradient_Eq_Dual_Eq_CentralDifference_Of_Relu(ReluInstance instance)
    {
        var f = instance.Loss;
        var random = instance.Auxiliary;
        var w = random.NextDouble() < 0.5
            ? instance.W0
            : instance.W0 + Gaussian.LogUniform(random, -3, 2) * Gaussian.UnitSphere(random, f.Dimension);
        var u = Gaussian.UnitSphere(random, f.Dimension);
        double h = Tolerances.CentralDifferenceStep(w.L2Norm());
        // Along w ± h·u the pre-activations move by at most h‖x‖‖u‖ = h‖x‖: no kink is crossed if min|aᵢ| > 2h‖x‖.
        var a = instance.Network.Forward(w).A;
        bool kinkFree = a.Select(Math.Abs).Min() > 2 * h * instance.Network.Input.L2Norm();
        GradientAgreesWithReferences(f, w, u, Tolerances.DerivativeTermScale(f, w, u), checkFiniteDifference: kinkFree);
        return Prop.ToProperty(true).Classify(!kinkFree, "kink within 2h: finite difference skipped");
    }

    /// <summary>The ReLU MLP's Jacobian J = ∂y/∂w: Ju against dual numbers, Jᵀr against the reverse-mode product.</summary>
    [Property(Arbitrary = [typeof(Arbitraries)])]
    [Trait("Theorem", "GB.S3.4")]
    public void Section3_4_Jacobian_Eq_Dual_Of_Relu(ReluInstance instance)
    {
        var random = instance.Auxiliary;
        var w = instance.W0 + Gaussian.LogUniform(random, -3, 1) * Gaussian.UnitSphere(random, instance.Network.Layout.Dimension);
        JacobianAgreesWithReferences(instance.Network, w, random);
    }

    /// <summary>Least squares x(w) = Xw: Jacobian and gradient against the references.</summary>
    [Property(Arbitrary = [typeof(Arbitraries)])]
    [Trait("Theorem", "NUM.AD.LeastSquares")]
    public void Gradient_Eq_Dual_Eq_CentralDifference_Of_LeastSquares(LeastSquaresInstance instance)
    {
        var random = new Random(instance.Seed);
        var f = instance.Objective;
        var u = Gaussian.UnitSphere(random, f.Dimension);
        GradientAgreesWithReferences(f, instance.W0, u, Tolerances.DerivativeTermScale(f, instance.W0, u), checkFiniteDifference: true);
        JacobianAgreesWithReferences(f.Model, instance.W0, random);
    }

    /// <summary>Quadratics: gradient against the references.</summary>
    [Property(Arbitrary = [typeof(Arbitraries)])]
    [Trait("Theorem", "NUM.AD.Quadratic")]
    public void Gradient_Eq_Dual_Eq_CentralDifference_Of_Quadratic(QuadraticInstance instance)
    {
        var random = new Random(instance.Seed + 1);
        var f = instance.Objective;
        var u = Gaussian.UnitSphere(random, instance.Dimension);
        // Σ|terms| of ⟨A(w − w*), u⟩ ≤ ‖A‖_F‖w − w*‖‖u‖, plus the rounding of w − w* relative to ‖w‖ + ‖w*‖.
        double scale = f.A.FrobeniusNorm() * (instance.W0.L2Norm() + f.Minimiser.L2Norm()) * u.L2Norm();
        GradientAgreesWithReferences(f, instance.W0, u, scale, true);
    }

    /// <summary>The scalar families (sine well, two-factor model): gradient against the references.</summary>
    [Property(Arbitrary = [typeof(Arbitraries)])]
    [Trait("Theorem", "NUM.AD.Scalar")]
    public void Gradient_Eq_Dual_Eq_CentralDifference_Of_ScalarFamilies(ScalarInstance instance)
    {
        var random = new Random(instance.Seed + 2);
        var x0 = instance.SineWellStart;
        // f′(x) = 2x + 3 sin 2x: Σ|terms| ≤ 2|x| + 3.
        GradientAgreesWithReferences(new SineWellObjective(), x0, Gaussian.UnitSphere(random, 1), 2 * Math.Abs(x0[0]) + 3, true);
        var (w0, q) = instance.TwoFactor;
        // ∇f = (uv − q)(v, u): Σ|terms| ≤ (|uv| + |q|)(|u| + |v|).
        double scale = (Math.Abs(w0[0] * w0[1]) + Math.Abs(q)) * (Math.Abs(w0[0]) + Math.Abs(w0[1]));
        GradientAgreesWithReferences(new ScalarTwoFactorObjective(q), w0, Gaussian.UnitSphere(random, 2), scale, true);
    }

    /// <summary>
    /// The law: ⟨∇f(w), u⟩ equals the dual-number derivative f(w + uε) (rounding only), and, where f is smooth on
    /// [w − hu, w + hu], the central difference (f(w + hu) − f(w − hu))/2h within its truncation and rounding error.
    /// </summary>
    /// <param name="f">The objective.</param>
    /// <param name="w">The point.</param>
    /// <param name="u">The direction.</param>
    /// <param name="scale">
    /// A bound on Σ|terms| of the directional derivative, the quantity that floating-point rounding is relative to
    /// (Higham §3.1: fl(Σaᵢbᵢ) errs by at most γₙΣ|aᵢbᵢ|). It is family-specific; see <see cref="Tolerances.DerivativeTermScale"/>.
    /// </param>
    /// <param name="checkFiniteDifference">Whether f is smooth on [w − hu, w + hu].</param>
    internal static void GradientAgreesWithReferences(
        IObjective f, Vector<double> w, Vector<double> u, double scale, bool checkFiniteDifference)
    {
        var g = f.Gradient(w);
        double reverse = g.DotProduct(u);
        var dual = f.Value(Dual.Seed(w.AsArray(), u.AsArray()));
        Check.Close(dual.Tangent, reverse, Tolerances.DualVersusGradient(scale, f.Dimension), "⟨∇f(w), u⟩ = dual derivative");
        if (checkFiniteDifference)
        {
            double h = Tolerances.CentralDifferenceStep(w.L2Norm());
            double central = (f.Value(w + h * u) - f.Value(w - h * u)) / (2 * h);
            Check.Close(central, reverse, Tolerances.CentralDifference(scale), "⟨∇f(w), u⟩ = central difference");
        }
    }

    /// <summary>The law for models: D·u against the dual tangent of x(θ + uε), and Dᵀr against the reverse-mode product.</summary>
    internal static void JacobianAgreesWithReferences(IOutputModel model, Vector<double> theta, Random random)
    {
        int K = model.Layout.Dimension;
        var D = model.Jacobian(theta);
        Check.That(D.RowCount == model.OutputCount && D.ColumnCount == K, $"D is {D.RowCount}×{D.ColumnCount}, expected QN×K");
        var u = Gaussian.UnitSphere(random, K);
        var forward = model.Outputs(Dual.Seed(theta.AsArray(), u.AsArray()));
        var Du = D * u;
        var scale = Tolerances.Rounding(D.FrobeniusNorm() + model.Outputs(theta).L2Norm(), 16 * K);
        Check.Close(forward.Select(d => d.Tangent).ToArray(), Du.ToArray(), scale, "D·u = dual tangent of x(θ + uε)");
        Check.Close(forward.Select(d => d.Value).ToArray(), model.Outputs(theta).ToArray(), scale, "dual primal = x(θ)");
        var r = Gaussian.UnitSphere(random, model.OutputCount);
        Check.Close(model.JacobianTransposeTimes(theta, r).ToArray(), D.TransposeThisAndMultiply(r).ToArray(), scale,
            "reverse-mode Dᵀr = explicit Dᵀr");
    }
}
