using FsCheck.Xunit;
using GradientFlows.Flows;
using GradientFlows.Models;
using GradientFlows.Proofs.Generators;
using GradientFlows.Theory.LinearNetworks;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.LinearNetworks;

/// <summary>
/// Linear-networks spec §7.5: the scalar two-factor flow (the network y = vux with x = 1, widths 1–1–1) against its exact
/// implicit solution t = Φ(p(t)) − Φ(p₀), including unbalanced starts (c ≠ 0), and the sign recovery of (u, v).
/// </summary>
public sealed class Section7_5_ScalarTwoFactorFlow
{
    /// <summary>
    /// The integrated product p = uv equals the oracle's p(t) (bisection of Φ) at 41 times in [0, 4/s], and (u, v) equal
    /// the oracle's factors with their signs; tolerance: 10× the coarse-to-fine distance (spec §9) plus the oracle's
    /// rounding |ṗ|·γ·(|Φ(p)| + |Φ(p₀)|).
    /// </summary>
    [Property(Arbitrary = [typeof(LinearArbitraries)])]
    [Trait("Theorem", "LN.Scalar")]
    public void Scalar_Product_Eq_ImplicitSolution(ScalarFactorInstance instance)
    {
        var oracle = new ScalarTwoFactorFlow(instance.Y, instance.U0, instance.V0);
        var network = new DeepLinearNetwork([1, 1, 1], Matrix<double>.Build.Dense(1, 1, 1.0));
        var loss = network.Loss(Matrix<double>.Build.Dense(1, 1, instance.Y));
        var theta0 = Vector<double>.Build.DenseOfArray([instance.U0, instance.V0]);
        double T = 4 / oracle.S;
        var fine = LinearFlowRun.Integrate(loss, theta0, T, 41, Tolerances.LinearFlowFine);
        var coarse = LinearFlowRun.Integrate(loss, theta0, T, 41, Tolerances.LinearFlowCoarse);
        double errorTheta = Section2_InvarianceProperty.ThetaError(fine, coarse);
        for (int k = 0; k < fine.Points.Length; k++)
        {
            double t = fine.Points[k].Time;
            var theta = fine.StateAt(k);
            double p = oracle.Product(t);
            double oracleRounding = Tolerances.LinearAlgebraRounding(
                Math.Abs(oracle.ProductVelocity(p)) * (Math.Abs(oracle.Phi(p)) + Math.Abs(oracle.Phi(oracle.P0))) + Math.Abs(instance.Y)).Value;
            var tolP = new Tolerance(errorTheta * theta.L2Norm() * 2 + oracleRounding, "2‖θ‖ε_θ (product of two factors) + oracle rounding");
            Check.Close(theta[0] * theta[1], p, tolP, $"p(t = {t:G4}) = Φ⁻¹(t + Φ(p₀))");
            var (u, v) = oracle.Factors(p);
            // u = (c + r(p))/2 under a square root: near u = 0 the error in p is amplified by 1/u, so (u, v) are
            // compared through u² and v², which are smooth in p.
            Check.Close(theta[0] * theta[0], u * u, new Tolerance(2 * tolP.Value + errorTheta * theta.L2Norm() * 2, "∂u²/∂p ≤ 1 (|∂r/∂p| ≤ 2)"), $"u(t)² at t = {t:G4}");
            Check.That(Math.Sign(theta[0]) == Math.Sign(u) || Math.Abs(theta[0]) <= errorTheta, $"sign u(t) at t = {t:G4}");
            Check.That(Math.Sign(theta[1]) == Math.Sign(v) || Math.Abs(theta[1]) <= errorTheta, $"sign v(t) at t = {t:G4}");
        }
    }
}
