using System.Collections.Immutable;
using GradientFlows.Objectives;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Flows;

/// <summary>
/// Gradient descent with Armijo backtracking, w_{k+1} = w_k − η_k∇f(w_k), where η_k is the first of η₀, βη₀, β²η₀, …
/// with f(w_{k+1}) ≤ f(w_k) − c·η_k‖∇f(w_k)‖² (linear-networks spec §7.1, GD-2: monotone decrease by construction; with
/// bounded iterates on an analytic cost the iterates converge to a critical point, Absil–Mahony–Andrews 2005).
/// </summary>
public static class ArmijoGradientDescent
{
    /// <summary>The sufficient-decrease constant c = 10⁻⁴ of the spec (§7.1, GD-2).</summary>
    public const double SufficientDecrease = 1e-4;

    /// <summary>The backtracking factor β = ½.</summary>
    public const double Backtracking = 0.5;

    /// <summary>The most halvings per step, 60 (η shrinks by 2⁻⁶⁰ ≈ 10⁻¹⁸ before the run stops).</summary>
    public const int MaxHalvings = 60;

    /// <summary>
    /// The accepted step is at least min(η₀, 2β(1 − c)/L) when f is L-smooth on the segments searched: every trial
    /// η ≤ 2(1 − c)/L passes the test, since f(w − ηg) ≤ f − η‖g‖² + (L/2)η²‖g‖² ≤ f − cη‖g‖² there, so the search stops
    /// at the latest one halving below that threshold. Attained: on a quadratic with g along the top eigenvector
    /// (curvature L) the test passes exactly for η ≤ 2(1 − c)/L.
    /// </summary>
    /// <param name="eta0">η₀ &gt; 0.</param>
    /// <param name="smoothness">L &gt; 0.</param>
    /// <param name="sufficientDecrease">c ∈ (0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static double AcceptedStepLowerBound(double eta0, double smoothness, double sufficientDecrease = SufficientDecrease)
    {
        Preconditions.Positive(eta0, nameof(eta0));
        Preconditions.Positive(smoothness, nameof(smoothness));
        if (!(sufficientDecrease > 0 && sufficientDecrease < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(sufficientDecrease), sufficientDecrease,
                $"sufficientDecrease = {sufficientDecrease:R}; expected 0 < c < 1.");
        }
        return Math.Min(eta0, 2 * Backtracking * (1 - sufficientDecrease) / smoothness);
    }

    /// <summary>Runs up to <paramref name="steps"/> Armijo steps from w₀, each starting its search at η₀.</summary>
    /// <remarks>
    /// With c = 10⁻⁴ a step is accepted up to η ≈ 2(1 − c)/λ along a direction of curvature λ: at the edge of stability,
    /// where that component barely contracts (|1 − ηλ| ≈ 1). c = ½ (the descent lemma's constant) caps η near 1/λ.
    /// </remarks>
    /// <param name="objective">f.</param>
    /// <param name="w0">w₀, finite, of dimension K.</param>
    /// <param name="eta0">η₀ &gt; 0, the first trial step of every search.</param>
    /// <param name="steps">Number of steps ≥ 0.</param>
    /// <param name="sufficientDecrease">c ∈ (0, 1); default <see cref="SufficientDecrease"/> = 10⁻⁴.</param>
    /// <returns>The iterates and accepted step sizes; fewer steps if ∇f = 0 or no step within <see cref="MaxHalvings"/> halvings decreased f.</returns>
    /// <exception cref="ArgumentException">w₀ has the wrong length or a non-finite entry.</exception>
    /// <exception cref="ArgumentOutOfRangeException">η₀ is not positive, steps is negative, or c is not in (0, 1).</exception>
    public static ArmijoRun Run(IObjective objective, Vector<double> w0, double eta0, int steps, double sufficientDecrease = SufficientDecrease)
    {
        if (!(sufficientDecrease > 0 && sufficientDecrease < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(sufficientDecrease), sufficientDecrease,
                $"sufficientDecrease = {sufficientDecrease:R}; expected 0 < c < 1.");
        }
        Preconditions.NotNull(objective, nameof(objective));
        Preconditions.FiniteVector(w0, objective.Dimension, nameof(w0), "the initial point w₀ ∈ ℝᴷ");
        Preconditions.Positive(eta0, nameof(eta0));
        Preconditions.AtLeast(steps, 0, nameof(steps));
        var iterates = ImmutableArray.CreateBuilder<Vector<double>>();
        var losses = ImmutableArray.CreateBuilder<double>();
        var etas = ImmutableArray.CreateBuilder<double>();
        var w = w0.Clone();
        double f = objective.Value(w);
        iterates.Add(w);
        losses.Add(f);
        for (int k = 0; k < steps; k++)
        {
            var g = objective.Gradient(w);
            double gSq = g.DotProduct(g);
            if (gSq == 0)
            {
                break;
            }
            double eta = eta0;
            Vector<double>? next = null;
            double fNext = double.NaN;
            for (int h = 0; h <= MaxHalvings; h++, eta *= Backtracking)
            {
                var trial = w - eta * g;
                double fTrial = objective.Value(trial);
                if (double.IsFinite(fTrial) && fTrial <= f - sufficientDecrease * eta * gSq)
                {
                    next = trial;
                    fNext = fTrial;
                    break;
                }
            }
            if (next is null)
            {
                break;
            }
            w = next;
            f = fNext;
            iterates.Add(w);
            losses.Add(f);
            etas.Add(eta);
        }
        return new ArmijoRun(iterates.ToImmutable(), losses.ToImmutable(), etas.ToImmutable());
    }
}

/// <summary>A finished <see cref="ArmijoGradientDescent"/> run.</summary>
/// <param name="Iterates">w₀, …, w_K (do not mutate).</param>
/// <param name="Losses">f(w₀), …, f(w_K), non-increasing by construction.</param>
/// <param name="StepSizes">η₀, …, η_{K−1}, the accepted steps.</param>
public sealed record ArmijoRun(ImmutableArray<Vector<double>> Iterates, ImmutableArray<double> Losses, ImmutableArray<double> StepSizes);
