using System.Globalization;

namespace GradientFlows.Proofs;

/// <summary>
/// Assertions of the proofs-as-tests. A failure prints both sides, their difference, the tolerance and its derivation.
/// NaN never passes.
/// </summary>
public static class Check
{
    /// <summary>Asserts |actual − expected| ≤ tol.</summary>
    public static void Close(double actual, double expected, Tolerance tol, string what)
    {
        double diff = Math.Abs(actual - expected);
        SlackLog.Record(diff, tol.Value, tol.Name);
        if (!(diff <= tol.Value))
        {
            Fail($"{what}: |{S(actual)} − {S(expected)}| = {S(diff)} > tolerance {S(tol.Value)} [{tol.Derivation}]");
        }
    }

    /// <summary>Asserts lhs ≤ rhs + tol.</summary>
    public static void Le(double lhs, double rhs, Tolerance tol, string what)
    {
        SlackLog.Record(lhs - rhs, tol.Value, tol.Name);
        if (!(lhs <= rhs + tol.Value))
        {
            Fail($"{what}: {S(lhs)} ≤ {S(rhs)} fails by {S(lhs - rhs)} > tolerance {S(tol.Value)} [{tol.Derivation}]");
        }
    }

    /// <summary>Asserts lhs &lt; rhs exactly (strict inequalities that the theorem asserts, e.g. positivity).</summary>
    public static void Lt(double lhs, double rhs, string what)
    {
        if (!(lhs < rhs))
        {
            Fail($"{what}: expected {S(lhs)} < {S(rhs)}");
        }
    }

    /// <summary>Asserts a condition that involves no tolerance.</summary>
    public static void That(bool condition, string what)
    {
        if (!condition)
        {
            Fail(what);
        }
    }

    /// <summary>Asserts two vectors agree entrywise within tol (max norm).</summary>
    public static void Close(IReadOnlyList<double> actual, IReadOnlyList<double> expected, Tolerance tol, string what)
    {
        That(actual.Count == expected.Count, $"{what}: lengths {actual.Count} and {expected.Count} differ");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < actual.Count; i++)
        {
            double d = Math.Abs(actual[i] - expected[i]);
            if (!(d <= worst))
            {
                worst = d;
                at = i;
            }
        }
        SlackLog.Record(worst, tol.Value, tol.Name);
        if (!(worst <= tol.Value))
        {
            Fail($"{what}: entry {at}: |{S(actual[at])} − {S(expected[at])}| = {S(worst)} > tolerance {S(tol.Value)} [{tol.Derivation}]");
        }
    }

    private static string S(double v) => v.ToString("G17", CultureInfo.InvariantCulture);

    private static void Fail(string message) => throw new PropertyViolationException(message);
}

/// <summary>A property of a theorem was violated on a generated instance.</summary>
public sealed class PropertyViolationException(string message) : Exception(message);
