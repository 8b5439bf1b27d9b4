using System.Collections.Immutable;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Theory.LinearNetworks;

/// <summary>
/// The conserved matrices of a deep linear network (linear-networks spec §2, C1):
/// Dᵢ := Wᵢ₊₁ᵀWᵢ₊₁ − WᵢWᵢᵀ ∈ ℝ^{dᵢ×dᵢ}, i = 1, …, H, constant along the gradient flow; and their exact change under one
/// gradient-descent step (C1-GD): Dᵢᵏ⁺¹ − Dᵢᵏ = η²(Gᵢ₊₁ᵀGᵢ₊₁ − GᵢGᵢᵀ), Gⱼ = ∇_{Wⱼ}L(Wᵏ). Derivation: docs/derivations.md §4.
/// </summary>
/// <remarks>
/// Sign convention of ACH and Bah et al. (DHL write the negative; erratum LN-G2). The key identity behind both is
/// Wᵢ₊₁ᵀGᵢ₊₁ = GᵢWᵢᵀ, valid for any loss of the form ℓ(W_{H+1}⋯W₁). For H = 0 the list is empty.
/// </remarks>
public static class LayerImbalance
{
    /// <summary>(D₁, …, D_H) of the weights (W₁, …, W_{H+1}).</summary>
    /// <exception cref="ArgumentException">Consecutive shapes do not chain.</exception>
    public static ImmutableArray<Matrix<double>> Of(IReadOnlyList<Matrix<double>> weights)
    {
        CheckChain(weights, nameof(weights));
        return [.. Enumerable.Range(0, weights.Count - 1).Select(i =>
            weights[i + 1].TransposeThisAndMultiply(weights[i + 1]) - weights[i].TransposeAndMultiply(weights[i]))];
    }

    /// <summary>The C1-GD increments η²(Gᵢ₊₁ᵀGᵢ₊₁ − GᵢGᵢᵀ), i = 1, …, H, of one step with gradients (G₁, …, G_{H+1}).</summary>
    /// <exception cref="ArgumentException">Shapes do not chain, or η is not finite.</exception>
    public static ImmutableArray<Matrix<double>> GradientDescentIncrement(IReadOnlyList<Matrix<double>> gradients, double eta)
    {
        Preconditions.Finite(eta, nameof(eta));
        return [.. Of(gradients).Select(d => eta * eta * d)];
    }

    /// <summary>
    /// The key-identity residuals Wᵢ₊₁ᵀGᵢ₊₁ − GᵢWᵢᵀ, i = 1, …, H (spec §2; zero for every loss ℓ(W_{H+1}⋯W₁)).
    /// </summary>
    /// <exception cref="ArgumentException">The lists differ in length or shapes do not chain.</exception>
    public static ImmutableArray<Matrix<double>> KeyIdentityResidual(
        IReadOnlyList<Matrix<double>> weights, IReadOnlyList<Matrix<double>> gradients)
    {
        CheckChain(weights, nameof(weights));
        CheckChain(gradients, nameof(gradients));
        if (weights.Count != gradients.Count)
        {
            throw new ArgumentException(
                $"{gradients.Count} gradients for {weights.Count} weights; expected one gradient per layer.", nameof(gradients));
        }
        return [.. Enumerable.Range(0, weights.Count - 1).Select(i =>
            weights[i + 1].TransposeThisAndMultiply(gradients[i + 1]) - gradients[i].TransposeAndMultiply(weights[i]))];
    }

    private static void CheckChain(IReadOnlyList<Matrix<double>> weights, string name)
    {
        Preconditions.NotNull(weights, name);
        if (weights.Count == 0)
        {
            throw new ArgumentException($"{name} is empty; expected W₁, …, W_{{H+1}} (at least one factor).", name);
        }
        for (int i = 0; i + 1 < weights.Count; i++)
        {
            if (weights[i + 1].ColumnCount != weights[i].RowCount)
            {
                throw new ArgumentException(
                    $"{name}[{i + 1}] is {weights[i + 1].RowCount}×{weights[i + 1].ColumnCount} and {name}[{i}] is " +
                    $"{weights[i].RowCount}×{weights[i].ColumnCount}; expected W_{{i+1}} ∈ ℝ^{{d_{{i+1}}×d_i}} to follow Wᵢ ∈ ℝ^{{d_i×d_{{i−1}}}}.",
                    name);
            }
        }
    }
}
