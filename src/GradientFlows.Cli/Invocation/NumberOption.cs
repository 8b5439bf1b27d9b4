using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace GradientFlows.Cli.Invocation;

/// <summary>
/// Numeric options that parse with the invariant culture and check their range in the parser, so a value that does not
/// parse, is out of range, NaN or infinite becomes one parse error naming the option, what was received and what was
/// expected (never an exception).
/// </summary>
internal static class NumberOption
{
    /// <summary>An integer option with a least admissible value (none: any 32-bit integer).</summary>
    public static Option<int> Integer(string name, string? alias, string description, int defaultValue, int? minimum = 1)
    {
        var option = alias is null ? new Option<int>(name) : new Option<int>(name, alias);
        option.Description = description;
        option.DefaultValueFactory = _ => defaultValue;
        string expected = minimum is int low
            ? $"a whole number from {low.ToString(CultureInfo.InvariantCulture)} to {int.MaxValue.ToString(CultureInfo.InvariantCulture)}"
            : $"a whole number from {int.MinValue.ToString(CultureInfo.InvariantCulture)} to {int.MaxValue.ToString(CultureInfo.InvariantCulture)}";
        option.CustomParser = result =>
        {
            if (Token(result) is not string text)
            {
                return defaultValue;
            }
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) && (minimum is null || value >= minimum))
            {
                return value;
            }
            result.AddError($"{Describe(option)}: expected {expected}, got '{text}'.");
            return defaultValue;
        };
        return option;
    }

    /// <summary>
    /// A real option whose admissible values satisfy <c>admissible</c> (NaN and ±∞ are always rejected); <c>expected</c>
    /// says what is admissible, for the message, e.g. "a finite number &gt; 0".
    /// </summary>
    public static Option<double> Real(string name, string description, double defaultValue, Func<double, bool> admissible, string expected)
    {
        var option = new Option<double>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.CustomParser = result =>
        {
            if (Token(result) is not string text)
            {
                return defaultValue;
            }
            if (ParseReal(text) is double value && admissible(value))
            {
                return value;
            }
            result.AddError($"{Describe(option)}: expected {expected}, got '{text}'.");
            return defaultValue;
        };
        return option;
    }

    /// <summary>An optional real option (null when absent), otherwise as <see cref="Real"/>.</summary>
    public static Option<double?> OptionalReal(string name, string description, Func<double, bool> admissible, string expected)
    {
        var option = new Option<double?>(name) { Description = description };
        option.CustomParser = result =>
        {
            if (Token(result) is not string text)
            {
                return null;
            }
            if (ParseReal(text) is double value && admissible(value))
            {
                return value;
            }
            result.AddError($"{Describe(option)}: expected {expected}, got '{text}'.");
            return null;
        };
        return option;
    }

    /// <summary>An optional unsigned 64-bit option (null when absent).</summary>
    public static Option<ulong?> OptionalUnsigned(string name, string description)
    {
        var option = new Option<ulong?>(name) { Description = description };
        option.CustomParser = result =>
        {
            if (Token(result) is not string text)
            {
                return null;
            }
            if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value))
            {
                return value;
            }
            result.AddError($"{Describe(option)}: expected a whole number from 0 to {ulong.MaxValue.ToString(CultureInfo.InvariantCulture)}, got '{text}'.");
            return null;
        };
        return option;
    }

    /// <summary>"--hidden (-k)": the option's name and its aliases.</summary>
    public static string Describe(Option option) =>
        option.Aliases.Count == 0 ? option.Name : $"{option.Name} ({string.Join(", ", option.Aliases.Order(StringComparer.Ordinal))})";

    private static string? Token(ArgumentResult result) => result.Tokens.Count == 0 ? null : result.Tokens[0].Value;

    /// <summary>A finite double in the invariant culture, or null (NaN, ±∞ and unparseable text).</summary>
    private static double? ParseReal(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) ? value : null;
}
