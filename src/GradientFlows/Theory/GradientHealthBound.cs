namespace GradientFlows.Theory;

/// <summary>
/// The rigorous gradient-health lower bound of the 2-layer ReLU MLP (spec §3.6, errata E11, E12): for every w,
/// ‖∇f(w)‖² ≥ ‖N̂‖² = 2L‖b‖² ≥ 2L·(‖b₀‖ − ‖x‖r)₊² ≥ 2L·(‖b₀‖² − 2‖b₀‖‖x‖r), r = ‖w − w₀‖.
/// </summary>
public static class GradientHealthBound
{
    /// <summary>
    /// The right-hand side 2L·max(‖b₀‖² − 2‖b₀‖‖x‖r, (‖b₀‖ − ‖x‖r)₊²), the larger of the two forms.
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
        double linear = activationNorm0 * activationNorm0 - 2 * activationNorm0 * inputNorm * distance;
        double gap = Math.Max(activationNorm0 - inputNorm * distance, 0);
        return 2 * loss * Math.Max(linear, gap * gap);
    }
}
