namespace GradientFlows.Theory;

/// <summary>
/// The rigorous gradient-health lower bound of the 2-layer ReLU MLP (spec §3.6, errata E11, E12): for every w,
/// ‖∇f(w)‖² ≥ ‖N̂‖² = 2L‖b‖² ≥ 2L·(‖b₀‖ − ‖x‖r)₊² ≥ 2L·(‖b₀‖² − 2‖b₀‖‖x‖r), r = ‖w − w₀‖. The last form is the
/// second's tangent at r = 0 and never exceeds it ((a − b)² ≥ a² − 2ab); the earlier max of the two forms always
/// equalled the second.
/// </summary>
public static class GradientHealthBound
{
    /// <summary>
    /// The right-hand side 2L·(‖b₀‖ − ‖x‖r)₊². It is attained: along the ray w = w₀ − r·(b₀/‖b₀‖)(x/‖x‖)ᵀ in M, ‖N̂‖²
    /// equals it for r ≤ ‖b₀‖/‖x‖.
    /// </summary>
    /// <param name="loss">L = f(w) ≥ 0.</param>
    /// <param name="activationNorm0">‖b₀‖ ≥ 0.</param>
    /// <param name="inputNorm">‖x‖ ≥ 0.</param>
    /// <param name="distance">r = ‖w − w₀‖ ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is negative or not finite.</exception>
    public static double LowerBound(double loss, double activationNorm0, double inputNorm, double distance)
    {
        Preconditions.NonNegative(loss, nameof(loss));
        Preconditions.NonNegative(activationNorm0, nameof(activationNorm0));
        Preconditions.NonNegative(inputNorm, nameof(inputNorm));
        Preconditions.NonNegative(distance, nameof(distance));
        double gap = Math.Max(activationNorm0 - inputNorm * distance, 0);
        return 2 * loss * gap * gap;
    }

    /// <summary>
    /// The linearised form 2L·(‖b₀‖² − 2‖b₀‖‖x‖r) = L·(α − βr) with α = 2‖b₀‖², β = 4‖b₀‖‖x‖ (the constants of the §3.7
    /// guarantee): the tangent of <see cref="LowerBound"/> at r = 0, below it by exactly 2L‖x‖²r² while ‖x‖r ≤ ‖b₀‖,
    /// hence a weaker bound that is exact to first order in r.
    /// </summary>
    /// <param name="loss">L = f(w) ≥ 0.</param>
    /// <param name="activationNorm0">‖b₀‖ ≥ 0.</param>
    /// <param name="inputNorm">‖x‖ ≥ 0.</param>
    /// <param name="distance">r = ‖w − w₀‖ ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is negative or not finite.</exception>
    public static double Linearised(double loss, double activationNorm0, double inputNorm, double distance)
    {
        Preconditions.NonNegative(loss, nameof(loss));
        Preconditions.NonNegative(activationNorm0, nameof(activationNorm0));
        Preconditions.NonNegative(inputNorm, nameof(inputNorm));
        Preconditions.NonNegative(distance, nameof(distance));
        return 2 * loss * (activationNorm0 * activationNorm0 - 2 * activationNorm0 * inputNorm * distance);
    }
}
