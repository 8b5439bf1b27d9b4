namespace GradientFlows.TestVectors;

/// <summary>
/// The tolerances a port should meet for one vector: an entry a of a quantity agrees with the stored e when
/// |a − e| ≤ tol·max(1, max|e| over the quantity).
/// </summary>
public sealed record PortTolerances
{
    /// <summary>
    /// Outputs, cost, gradient, Jacobian, NTK, standard direction and singular values: 10⁻¹¹, room for a different
    /// summation order (γₙ ≈ n·u with n up to a few thousand terms) with two orders to spare.
    /// </summary>
    public required double Pointwise { get; init; }

    /// <summary>
    /// The adapted direction: 10⁻¹¹·max(1, σ₁/σ_r), since a (pseudo-)inverse amplifies rounding by the condition number of D.
    /// </summary>
    public required double Adapted { get; init; }

    /// <summary>
    /// Flow samples: 10⁻⁶, relative to max(1, C(0)) for cost and max(1, ‖θ₀‖) for distance — an adaptive integrator at
    /// rtol 10⁻¹⁰ has global error well below 10⁻⁷ of that scale (docs/numerics.md, τ_int), and a port's own integrator
    /// at the stated settings adds the same again.
    /// </summary>
    public required double Trajectory { get; init; }

    /// <summary>How the numbers were derived (one line each).</summary>
    public required string Derivation { get; init; }
}
