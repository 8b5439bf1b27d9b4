using GradientFlows.Models;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.Numerics;

/// <summary>
/// NIST StRD nonlinear regression problem Misra1a (lower difficulty): y = b₁(1 − e^{−b₂x}) on 14 observations, with
/// certified values to 11 significant digits (NIST ITL, Statistical Reference Datasets, Misra1a.dat; Misra, 1978).
/// The model is <see cref="SaturatingExponentialModel"/> with t = x.
/// </summary>
internal static class Misra1a
{
    /// <summary>The predictor x (volume).</summary>
    public static Vector<double> X => Vector<double>.Build.DenseOfArray(
        [77.6, 114.9, 141.1, 190.8, 239.9, 289.0, 332.8, 378.4, 434.8, 477.3, 536.8, 593.1, 689.1, 760.0]);

    /// <summary>The response y (pressure).</summary>
    public static Vector<double> Y => Vector<double>.Build.DenseOfArray(
        [10.07, 14.73, 17.94, 23.93, 29.61, 35.18, 40.02, 44.82, 50.76, 55.05, 61.01, 66.40, 75.47, 81.78]);

    /// <summary>Certified b₁, b₂.</summary>
    public static double[] Certified => [2.3894212918E+02, 5.5015643181E-04];

    /// <summary>Certified standard deviations of b₁, b₂.</summary>
    public static double[] CertifiedStandardDeviations => [2.7070075241E+00, 7.2668688436E-06];

    /// <summary>Certified residual sum of squares.</summary>
    public const double CertifiedResidualSumOfSquares = 1.2455138894E-01;

    /// <summary>NIST start 1, b = (500, 10⁻⁴).</summary>
    public static double[] Start1 => [500, 1e-4];

    /// <summary>NIST start 2, b = (250, 5·10⁻⁴).</summary>
    public static double[] Start2 => [250, 5e-4];

    /// <summary>C(b) = ½‖x(b) − y‖² (κ = 1, so 2C is the residual sum of squares).</summary>
    public static SquaredErrorCost Cost => new(new SaturatingExponentialModel(X), Y);
}
