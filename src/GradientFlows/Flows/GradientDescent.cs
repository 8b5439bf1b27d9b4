using System.Collections.Immutable;
using GradientFlows.Objectives;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Flows;

/// <summary>
/// Gradient descent w_{j+1} = w_j − η∇f(w_j), the discrete dynamics whose step j is identified with time jη
/// (Gelada–Buckman spec §4).
/// </summary>
public static class GradientDescent
{
    /// <summary>Runs <paramref name="steps"/> steps from w₀ with step size η and records every iterate.</summary>
    /// <param name="objective">f.</param>
    /// <param name="w0">w₀, finite, of dimension K.</param>
    /// <param name="eta">η &gt; 0.</param>
    /// <param name="steps">T ≥ 0.</param>
    /// <param name="progress">Called after each step with the step count, for progress displays.</param>
    /// <exception cref="ArgumentException">w₀ has the wrong length or a non-finite entry.</exception>
    /// <exception cref="ArgumentOutOfRangeException">η is not a finite positive number, or T is negative.</exception>
    public static GradientDescentRun Run(
        IObjective objective, Vector<double> w0, double eta, int steps, Action<int>? progress = null)
    {
        Preconditions.NotNull(objective, nameof(objective));
        Preconditions.FiniteVector(w0, objective.Dimension, nameof(w0), "the initial point w₀ ∈ ℝᴷ");
        Preconditions.Positive(eta, nameof(eta));
        Preconditions.AtLeast(steps, 0, nameof(steps));

        var iterates = ImmutableArray.CreateBuilder<Vector<double>>(steps + 1);
        var records = ImmutableArray.CreateBuilder<GradientDescentStep>(steps + 1);
        var w = w0.Clone();
        double length = 0, energy = 0;
        for (int j = 0; ; j++)
        {
            double f = objective.Value(w);
            var g = objective.Gradient(w);
            double gSq = g.DotProduct(g);
            iterates.Add(w);
            records.Add(new GradientDescentStep(j, f, gSq, (w - w0).L2Norm(), length, energy));
            if (j == steps)
            {
                break;
            }
            length += eta * Math.Sqrt(gSq);
            energy += eta * gSq;
            w = w - eta * g;
            progress?.Invoke(j + 1);
        }
        return new GradientDescentRun(eta, iterates.MoveToImmutable(), records.MoveToImmutable());
    }
}
