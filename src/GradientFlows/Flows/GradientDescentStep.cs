namespace GradientFlows.Flows;

/// <summary>The record of iterate j of gradient descent (Gelada–Buckman spec §4).</summary>
/// <param name="Index">j.</param>
/// <param name="Loss">f_j = f(w_j).</param>
/// <param name="GradientNormSquared">‖g_j‖², g_j = ∇f(w_j).</param>
/// <param name="Distance">‖w_j − w₀‖.</param>
/// <param name="Length">Λ_j = Σ_{i&lt;j} η‖g_i‖, the length of the piecewise-linear GD path.</param>
/// <param name="Energy">E_j = Σ_{i&lt;j} η‖g_i‖², its energy.</param>
public readonly record struct GradientDescentStep(
    int Index, double Loss, double GradientNormSquared, double Distance, double Length, double Energy);
