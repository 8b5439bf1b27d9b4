using GradientFlows.Flows;
using GradientFlows.Geometry;
using GradientFlows.Models;
using GradientFlows.Theory;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.Chen2311;

/// <summary>
/// The worked example of docs/chen.md, fully specified (no random draws) so that a port can reproduce every number:
/// M = 2, one tanh hidden layer of width 3, Q = 1, N = 3 (K = 13 &gt; QN = 3).
/// </summary>
public sealed class WorkedExample
{
    /// <summary>The example's network on x⁽⁰⁾ = (1, 0), (0, 1), (1, 1).</summary>
    internal static DeepNetwork Network =>
        new(Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 0, 1 }, { 0, 1, 1 } }), [3], 1, Activation.Tanh);

    /// <summary>Labels y = (1, −1, 0.5), ω = identity.</summary>
    internal static LabelledData Data =>
        new(Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 0, 1 }, { 0, 1, 1 } }),
            Matrix<double>.Build.DenseOfArray(new double[,] { { 1, -1, 0.5 } }), [0, 1, 2]);

    /// <summary>θ₀ in the documented order W₁ (row-major), b₁, W₂, b₂.</summary>
    internal static Vector<double> Theta0 => Vector<double>.Build.DenseOfArray(
        [0.5, -0.3, 0.2, 0.8, -0.6, 0.4, 0.1, -0.2, 0.3, 0.7, -0.5, 0.9, 0.05]);

    /// <summary>
    /// Theorem 2.3 on the worked example: C₀, σ_min(D[θ₀]), T_ε = (N/2)ln(C₀/ε) for ε = 10⁻³C₀, and the adapted flow's
    /// cost there, C(T_ε)/ε = 1; the numbers are those printed in docs/chen.md.
    /// </summary>
    [Fact]
    [Trait("Theorem", "CH.T2.3")]
    public void Theorem2_3_StoppingTime_Eq_HalfNLogRatio_Of_WorkedExample()
    {
        var network = Network;
        var cost = Data.Cost(network);
        var theta0 = Theta0;
        var x0 = network.Outputs(theta0);
        double cost0 = cost.Value(theta0);
        var inverse = new PenroseInverse(network.Jacobian(theta0));
        double epsilon = cost0 / 1000;
        double stoppingTime = StoppingTime.Of(cost0, epsilon, Data.Kappa);
        var trajectory = new AdaptedFlow(cost).Solve(theta0, stoppingTime, [0.0, 3.0, stoppingTime], Tolerances.Flow);
        double ratio = trajectory.Points[^1].Loss / epsilon;
        var x3 = network.Outputs(trajectory.StateAt(1));
        Check.That(network.Layout.Dimension == 13 && network.OutputCount == 3, "K = 13, QN = 3");
        var printed = Tolerances.PrintedDigits;
        Check.Close(x0[0], 0.163753, printed, "x₀,₁");
        Check.Close(x0[1], 0.187243, printed, "x₀,₂");
        Check.Close(x0[2], 0.011602, printed, "x₀,₃");
        Check.Close(cost0, 0.39123142, printed, "C₀");
        Check.Close(inverse.SmallestSingularValue, 0.658251, printed, "σ_min(D[θ₀])");
        Check.Close(stoppingTime, 1.5 * Math.Log(1000), Tolerances.Rounding(stoppingTime), "T_ε = (N/2)ln 1000");
        Check.Close(ratio, 1.0, new Tolerance(Tolerances.StoppingTimeCostRatio, "spec C4"), "C(T_ε)/ε");
        var expected = ComparisonModel.Outputs(x0, Data.Targets, Data.Kappa, 3.0);
        Check.Close(x3.ToArray(), expected.ToArray(), Tolerances.ExactFlow((x0 - Data.Targets).L2Norm()), "x(3) = y + e⁻¹(x₀ − y)");
    }
}
