namespace GradientFlows.Flows;

/// <summary>
/// The two candidate homotopies between the standard field −Dᵀg and the adapted field −D⁺g of Chen–Muñoz Ewald
/// (arXiv 2408.01517, Theorem 2.3); the explicit family of the paper was not recovered (spec §9), so both are named.
/// </summary>
public enum InterpolationFamily
{
    /// <summary>Family A (the reference): V_α = −((1 − α)Dᵀ + αD⁺)g = −Dᵀ((1 − α)I + α(DDᵀ)⁺)g.</summary>
    Linear,

    /// <summary>Family B: V_α = −Dᵀ((DDᵀ)⁺)^α g, with ((DDᵀ)⁺)⁰ := P_out; in SVD terms −V_rΣ_r^{1−2α}U_rᵀg.</summary>
    Spectral,
}
