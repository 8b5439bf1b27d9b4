using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;

namespace GradientFlows.Proofs.Generators;

/// <summary>
/// A wall-clock budget for shrinking one failure of a property whose cases integrate flows. Every shrink candidate of a
/// flow instance is a new network that is integrated again, and a candidate that fails by exhausting its step budget
/// costs seconds: one CI failure of a Chen property spent more than 13 minutes shrinking before it reported. Once
/// <see cref="PerFailure"/> has passed since the first shrink of the current failure, no further candidates are offered
/// and FsCheck reports the smallest failing case found so far, with the Replay seed of the original case (which replays
/// the failure and the same shrinking).
/// </summary>
/// <remarks>
/// The clock is per thread (FsCheck generates, tests and shrinks a property on one thread) and restarts whenever the
/// generator draws a fresh instance, so each failure gets the whole budget.
/// </remarks>
public static class ShrinkBudget
{
    /// <summary>Shrinking time allowed per failure: a minute, a third of the suite's 3-minute budget.</summary>
    public static readonly TimeSpan PerFailure = TimeSpan.FromSeconds(60);

    [ThreadStatic]
    private static long t_shrinkStarted;

    /// <summary><see cref="Arb.From{T}(Gen{T}, Func{T, IEnumerable{T}})"/> with the shrinker limited to <see cref="PerFailure"/>.</summary>
    public static Arbitrary<T> Arbitrary<T>(Gen<T> generator, Func<T, IEnumerable<T>> shrinker) =>
        Arbitrary(generator, shrinker, PerFailure);

    /// <summary>As <see cref="Arbitrary{T}(Gen{T}, Func{T, IEnumerable{T}})"/> with another budget (for the budget's own test).</summary>
    internal static Arbitrary<T> Arbitrary<T>(Gen<T> generator, Func<T, IEnumerable<T>> shrinker, TimeSpan budget) =>
        Arb.From(generator.Select(Restart), value => Limit(shrinker(value), budget));

    private static T Restart<T>(T drawn)
    {
        t_shrinkStarted = 0;
        return drawn;
    }

    private static IEnumerable<T> Limit<T>(IEnumerable<T> candidates, TimeSpan budget)
    {
        if (t_shrinkStarted == 0)
        {
            t_shrinkStarted = Stopwatch.GetTimestamp();
        }
        foreach (var candidate in candidates)
        {
            if (Stopwatch.GetElapsedTime(t_shrinkStarted) > budget)
            {
                yield break;
            }
            yield return candidate;
        }
    }
}
