namespace GradientFlows.Proofs;

/// <summary>
/// Records, for every tolerance check made on the current logical thread while a log is open, the fraction of the
/// tolerance that was used: (lhs − rhs)/tol for ≤, |actual − expected|/tol for ≈. A check passes while this is ≤ 1;
/// negative values are margin. It also counts the inconclusive instances by reason (<see cref="Verdict.Inconclusive"/>).
/// The certificate run (<c>verify</c>) reports the worst value and the inconclusive reasons per theorem.
/// </summary>
public sealed class SlackLog
{
    private static readonly AsyncLocal<SlackLog?> Current = new();

    /// <summary>The largest used fraction recorded, or −∞ if none.</summary>
    public double Worst { get; private set; } = double.NegativeInfinity;

    /// <summary>The number of tolerance checks recorded.</summary>
    public int Checks { get; private set; }

    private readonly Dictionary<string, int> inconclusive = new(StringComparer.Ordinal);

    private readonly Dictionary<string, ToleranceUse> byTolerance = new(StringComparer.Ordinal);

    /// <summary>For each tolerance (by <see cref="Tolerance.Name"/>): how many checks used it and the largest fraction used.</summary>
    public IReadOnlyDictionary<string, ToleranceUse> ByTolerance
    {
        get
        {
            lock (this)
            {
                return new Dictionary<string, ToleranceUse>(byTolerance, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Inconclusive instances recorded, by reason.</summary>
    public IReadOnlyDictionary<string, int> Inconclusive
    {
        get
        {
            lock (this)
            {
                return new Dictionary<string, int>(inconclusive, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Opens a log for the current logical thread (replacing any open one) and returns it.</summary>
    public static SlackLog Begin()
    {
        var log = new SlackLog();
        Current.Value = log;
        return log;
    }

    /// <summary>Closes the log of the current logical thread.</summary>
    public static void End() => Current.Value = null;

    /// <summary>
    /// Stops recording on the current logical thread until the result is disposed (for checks that are not the
    /// theorem's own, such as the numerical core's checks run before a first flow).
    /// </summary>
    public static IDisposable Suspend()
    {
        var saved = Current.Value;
        Current.Value = null;
        return new Resumption(saved);
    }

    private sealed class Resumption(SlackLog? saved) : IDisposable
    {
        public void Dispose() => Current.Value = saved;
    }

    /// <summary>Records one check: <paramref name="excess"/> is lhs − rhs (or |actual − expected|), <paramref name="tolerance"/> the allowance.</summary>
    internal static void Record(double excess, double tolerance, string name)
    {
        var log = Current.Value;
        if (log is null || double.IsNaN(excess))
        {
            return;
        }
        double used = tolerance > 0 ? excess / tolerance : excess > 0 ? double.PositiveInfinity : double.NegativeInfinity;
        lock (log)
        {
            log.Checks++;
            log.Worst = Math.Max(log.Worst, used);
            var previous = log.byTolerance.GetValueOrDefault(name, new ToleranceUse(0, double.NegativeInfinity));
            log.byTolerance[name] = new ToleranceUse(previous.Checks + 1, Math.Max(previous.Worst, used));
        }
    }

    /// <summary>Records one inconclusive instance and its reason.</summary>
    internal static void RecordInconclusive(string reason)
    {
        var log = Current.Value;
        if (log is null)
        {
            return;
        }
        lock (log)
        {
            log.inconclusive[reason] = log.inconclusive.GetValueOrDefault(reason) + 1;
        }
    }
}

