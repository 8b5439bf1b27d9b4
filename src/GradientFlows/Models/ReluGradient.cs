using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Models;

/// <summary>
/// The quantities of the backward pass of <see cref="TwoLayerReluNetwork"/> (spec §3.4); a hat denotes the gradient of
/// the loss with respect to the hatted variable.
/// </summary>
/// <param name="Pass">The forward pass.</param>
/// <param name="YHat">ŷ = y − q, with ‖ŷ‖² = 2L (erratum E9).</param>
/// <param name="BHat">b̂ = Nᵀŷ (erratum E8 corrects the derivation, not the result).</param>
/// <param name="AHat">â = D b̂, D = diag(σ′(a)).</param>
/// <param name="NHat">N̂ = ŷbᵀ ∈ ℝ^{n×k}.</param>
/// <param name="MHat">M̂ = âxᵀ ∈ ℝ^{k×m}.</param>
/// <param name="Flat">∇f(w) = (N̂, M̂) as a flat vector in the layout of the network.</param>
public sealed record ReluGradient(
    ReluForwardPass Pass,
    Vector<double> YHat,
    Vector<double> BHat,
    Vector<double> AHat,
    Matrix<double> NHat,
    Matrix<double> MHat,
    Vector<double> Flat)
{
    /// <summary>The loss L = f(w) = ½‖ŷ‖².</summary>
    public double Loss => 0.5 * YHat.DotProduct(YHat);

    /// <summary>‖∇f(w)‖² = ‖N̂‖² + ‖M̂‖² (erratum E10).</summary>
    public double GradientNormSquared => Flat.DotProduct(Flat);
}
