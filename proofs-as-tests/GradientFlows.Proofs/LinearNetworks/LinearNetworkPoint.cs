using System.Collections.Immutable;
using GradientFlows.Models;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.LinearNetworks;

/// <summary>
/// A point θ of a deep linear network with its factors Wᵢ, layer gradients Gᵢ = ∇_{Wᵢ}L (from the backward pass) and
/// the norms the tolerances of the linear-network spec §9 scale with.
/// </summary>
internal sealed class LinearNetworkPoint
{
    public LinearNetworkPoint(DeepLinearNetwork network, SquaredErrorCost loss, Vector<double> theta)
    {
        Theta = theta;
        Weights = network.Weights(theta);
        Gradient = loss.Gradient(theta);
        Gradients = network.Weights(Gradient);
        Loss = loss.Value(theta);
    }

    public Vector<double> Theta { get; }

    public ImmutableArray<Matrix<double>> Weights { get; }

    public Vector<double> Gradient { get; }

    public ImmutableArray<Matrix<double>> Gradients { get; }

    public double Loss { get; }

    /// <summary>Σᵢ‖Wᵢ‖²_F.</summary>
    public double WeightNormSq => Weights.Sum(w => Math.Pow(w.FrobeniusNorm(), 2));

    /// <summary>maxᵢ‖Wᵢ‖_F.</summary>
    public double MaxWeightNorm => Weights.Max(w => w.FrobeniusNorm());

    /// <summary>Σᵢ‖Gᵢ‖²_F = ‖∇L‖².</summary>
    public double GradientNormSq => Gradient.DotProduct(Gradient);

    /// <summary>The largest width, the inner dimension of every product in Dᵢ.</summary>
    public int MaxWidth => Weights.Max(w => Math.Max(w.RowCount, w.ColumnCount));
}
