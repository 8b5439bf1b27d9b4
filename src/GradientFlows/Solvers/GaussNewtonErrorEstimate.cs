using System.Collections.Immutable;
using GradientFlows.Geometry;
using GradientFlows.Models;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Solvers;

/// <summary>
/// The error estimate of a parameter vector θ for the least-squares problem min (κ/2)‖x(θ) − y‖²: the Gauss–Newton step
/// δ = D⁺[θ]·r(θ), r = x(θ) − y, whose length ‖δ‖ estimates the distance from θ to the nearest stationary point, and
/// whose entries |δᵢ| estimate the error of each parameter. Optionally the statistical standard errors
/// seᵢ = σ̂·√((DᵀD)⁻¹)ᵢᵢ with σ̂² = ‖r‖²/(QN − K).
/// </summary>
/// <remarks>
/// <para><b>What it is.</b> Linearising x at θ, x(θ − δ) ≈ x(θ) − Dδ, the linearised residual r − Dδ is least-squares
/// minimal, with δ of minimum norm, exactly at δ = D⁺r. For a full column rank D (rank D = K ≤ QN) the stationary point
/// θ* of the linearised problem is θ − δ, so θ − θ* = δ. For a <b>linear</b> model x = Aθ with full column rank this is
/// exact: θ − A⁺y = A⁺(Aθ − y). For a nonlinear model θ − θ* = δ + O(‖θ − θ*‖²·(‖x″‖/σ_min + ‖r*‖·‖x″‖/σ_min²)), i.e.
/// the estimate is first-order accurate near a nondegenerate minimiser θ* (rank D[θ*] = K) where the residual curvature
/// term ‖r*‖·‖x″‖/σ_min² is below 1 (the Gauss–Newton iteration converges there).</para>
/// <para><b>When it is not valid.</b> Far from θ* (the quadratic term dominates), at a rank-deficient D (then
/// <see cref="IsFullRank"/> is false and no estimate is offered), and for K &gt; QN, where the minimisers form a manifold:
/// there ‖δ‖ = ‖D⁺r‖ is the first-order distance to the nearest point of that manifold, not to any particular point.</para>
/// <para><b>Rounding.</b> r = x − y is computed with an absolute error of about u·(‖x‖ + ‖y‖) per entry (cancellation
/// as the fit improves), which D⁺ amplifies by 1/σ_min: no estimate, and no solver, resolves θ* better than
/// ≈ u·‖y‖/σ_min(D) (docs/solver.md measures this on Misra1a).</para>
/// </remarks>
public sealed class GaussNewtonErrorEstimate
{
    private readonly Vector<double> _step;

    /// <summary>Computes δ = D⁺[θ]r(θ) and, where defined, the standard errors.</summary>
    /// <param name="cost">C = (κ/2)‖x(θ) − y‖².</param>
    /// <param name="theta">θ ∈ ℝᴷ, finite.</param>
    /// <exception cref="ArgumentException">θ has the wrong length or a non-finite entry.</exception>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public GaussNewtonErrorEstimate(SquaredErrorCost cost, Vector<double> theta)
    {
        Preconditions.NotNull(cost, nameof(cost));
        Preconditions.FiniteVector(theta, cost.Dimension, nameof(theta), "θ ∈ ℝᴷ, one entry per parameter of the model");
        var inverse = new PenroseInverse(cost.Model.Jacobian(theta));
        var r = cost.Residual(theta);
        int K = cost.Dimension, QN = cost.Model.OutputCount;
        Rank = inverse.Rank;
        IsFullRank = inverse.IsFullRank;
        SmallestSingularValue = inverse.SmallestSingularValue;
        LargestSingularValue = inverse.LargestSingularValue;
        _step = inverse.Apply(r);
        Length = _step.L2Norm();
        ParameterErrors = [.. _step.Select(Math.Abs)];
        if (IsFullRank && QN > K)
        {
            double sigmaHatSq = r.DotProduct(r) / (QN - K);
            var v = inverse.ParameterBasis!;
            StandardErrors = [.. Enumerable.Range(0, K).Select(i =>
            {
                double sum = 0;
                for (int m = 0; m < K; m++)
                {
                    sum += v[i, m] * v[i, m] / (inverse.SingularValues[m] * inverse.SingularValues[m]);
                }
                return Math.Sqrt(sigmaHatSq * sum);
            })];
        }
    }

    /// <summary>δ = D⁺r, the Gauss–Newton step: θ − δ is the stationary point of the linearised problem (a copy).</summary>
    public Vector<double> Step => _step.Clone();

    /// <summary>‖δ‖ = ‖D⁺r‖, the estimated distance from θ to the nearest stationary point.</summary>
    public double Length { get; }

    /// <summary>|δᵢ|, the estimated error of each parameter.</summary>
    public ImmutableArray<double> ParameterErrors { get; }

    /// <summary>
    /// seᵢ = σ̂·√((DᵀD)⁻¹)ᵢᵢ with σ̂² = ‖r‖²/(QN − K), computed as σ̂²·Σₘ Vᵢₘ²/σₘ² from the SVD (never forming DᵀD): the
    /// asymptotic standard errors of nonlinear regression (the "approximate standard deviations" of NIST StRD). A
    /// statistical spread of the fitted parameters under noise of the data, not a numerical error. Empty unless
    /// QN &gt; K and rank D = K.
    /// </summary>
    public ImmutableArray<double> StandardErrors { get; } = [];

    /// <summary>The numerical rank of D[θ].</summary>
    public int Rank { get; }

    /// <summary>True when rank D[θ] = min(QN, K): the estimate is defined (see the remarks for when it is valid).</summary>
    public bool IsFullRank { get; }

    /// <summary>σ_min(D[θ]).</summary>
    public double SmallestSingularValue { get; }

    /// <summary>σ_max(D[θ]).</summary>
    public double LargestSingularValue { get; }
}
