using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Theory.LinearNetworks;

/// <summary>
/// The per-neuron imbalance of Du, Hu &amp; Lee (linear-networks spec §7.4, D1): for hidden unit i between the incoming
/// matrix W⁽ʰ⁾ and the outgoing matrix W⁽ʰ⁺¹⁾, δᵢ := ‖W⁽ʰ⁾[i,:]‖² − ‖W⁽ʰ⁺¹⁾[:,i]‖². It is conserved by the gradient flow
/// of any network with a positively 1-homogeneous activation (φ(z) = φ′(z)z: linear, ReLU, leaky ReLU), and one gradient
/// step changes it by exactly η²(‖G⁽ʰ⁾[i,:]‖² − ‖G⁽ʰ⁺¹⁾[:,i]‖²) (D-GD).
/// </summary>
/// <remarks>
/// Du, Hu, Lee, NeurIPS 2018, Thm 2.1; the per-layer form (Cor. 2.1) is the sum Σᵢδᵢ = ‖W⁽ʰ⁾‖²_F − ‖W⁽ʰ⁺¹⁾‖²_F,
/// the negative of tr Dₕ in the convention of <see cref="LayerImbalance"/>. The identity behind D1 is
/// ⟨W⁽ʰ⁾[i,:], G⁽ʰ⁾[i,:]⟩ = ⟨W⁽ʰ⁺¹⁾[:,i], G⁽ʰ⁺¹⁾[:,i]⟩.
/// </remarks>
public static class NeuronImbalance
{
    /// <summary>(δ₁, …, δ_k) for the hidden units between <paramref name="incoming"/> (k×·) and <paramref name="outgoing"/> (·×k).</summary>
    /// <exception cref="ArgumentException">The hidden widths disagree.</exception>
    public static Vector<double> Of(Matrix<double> incoming, Matrix<double> outgoing)
    {
        Check(incoming, outgoing);
        return Vector<double>.Build.Dense(incoming.RowCount, i =>
            incoming.Row(i).DotProduct(incoming.Row(i)) - outgoing.Column(i).DotProduct(outgoing.Column(i)));
    }

    /// <summary>
    /// The two sides of the D1 identity per unit, ⟨W⁽ʰ⁾[i,:], G⁽ʰ⁾[i,:]⟩ − ⟨W⁽ʰ⁺¹⁾[:,i], G⁽ʰ⁺¹⁾[:,i]⟩ (zero for homogeneous φ).
    /// </summary>
    /// <exception cref="ArgumentException">Shapes disagree.</exception>
    public static Vector<double> IdentityResidual(
        Matrix<double> incoming, Matrix<double> outgoing, Matrix<double> incomingGradient, Matrix<double> outgoingGradient)
    {
        Check(incoming, outgoing);
        Check(incomingGradient, outgoingGradient);
        return Vector<double>.Build.Dense(incoming.RowCount, i =>
            incoming.Row(i).DotProduct(incomingGradient.Row(i)) - outgoing.Column(i).DotProduct(outgoingGradient.Column(i)));
    }

    /// <summary>The D-GD increment η²(‖G⁽ʰ⁾[i,:]‖² − ‖G⁽ʰ⁺¹⁾[:,i]‖²) per unit.</summary>
    /// <exception cref="ArgumentException">Shapes disagree or η is not finite.</exception>
    public static Vector<double> GradientDescentIncrement(Matrix<double> incomingGradient, Matrix<double> outgoingGradient, double eta)
    {
        Preconditions.Finite(eta, nameof(eta));
        return eta * eta * Of(incomingGradient, outgoingGradient);
    }

    /// <summary>
    /// The bound on the drift of every δᵢ over a gradient-descent run, maxᵢ|δᵢ(T) − δᵢ(0)| ≤ η·E_η(T) with
    /// E_η(T) = Σ_{k&lt;T} η‖g_k‖² the run's energy: summing the D-GD increments, each at most η²‖g_k‖² in modulus.
    /// Approached when the gradient lies almost entirely in unit i's incoming weights, every step.
    /// </summary>
    /// <param name="eta">η &gt; 0.</param>
    /// <param name="energy">E_η(T) ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">η is not positive or the energy is negative.</exception>
    public static double GradientDescentDriftBound(double eta, double energy)
    {
        Preconditions.Positive(eta, nameof(eta));
        Preconditions.NonNegative(energy, nameof(energy));
        return eta * energy;
    }

    private static void Check(Matrix<double> incoming, Matrix<double> outgoing)
    {
        Preconditions.FiniteMatrix(incoming, nameof(incoming), "the incoming weights W⁽ʰ⁾ ∈ ℝ^{k×·}");
        Preconditions.FiniteMatrix(outgoing, nameof(outgoing), "the outgoing weights W⁽ʰ⁺¹⁾ ∈ ℝ^{·×k}");
        if (incoming.RowCount != outgoing.ColumnCount)
        {
            throw new ArgumentException(
                $"W⁽ʰ⁾ has {incoming.RowCount} rows but W⁽ʰ⁺¹⁾ has {outgoing.ColumnCount} columns; expected both to equal the hidden width k.",
                nameof(outgoing));
        }
    }
}
