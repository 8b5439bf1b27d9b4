using System.Text.Json;
using System.Text.RegularExpressions;

namespace GradientFlows.TestVectors;

/// <summary>
/// Reads and writes test vectors as JSON (camelCase fields, shortest round-trip numbers, indented). Reading is strict:
/// unknown fields, duplicate fields, missing required fields and values of the wrong type are rejected with the JSON
/// path and what was expected, in plain words.
/// </summary>
public static partial class TestVectorJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        RespectNullableAnnotations = true,
    };

    /// <summary>Serialises one vector.</summary>
    public static string Write(TestVector vector) => JsonSerializer.Serialize(Preconditions.NotNull(vector, nameof(vector)), Options);

    /// <summary>Parses one vector.</summary>
    /// <exception cref="TestVectorFormatException">The text is not a valid vector (the message names the JSON path).</exception>
    public static TestVector Read(string json)
    {
        Preconditions.NotNull(json, nameof(json));
        try
        {
            return JsonSerializer.Deserialize<TestVector>(json, Options)
                ?? throw new TestVectorFormatException("$", "is null; expected a test-vector object");
        }
        catch (JsonException e)
        {
            throw new TestVectorFormatException(PathOf(e.Path), PlainWords(e));
        }
    }

    /// <summary>"$.expected.cost" → "expected.cost"; the root stays "$".</summary>
    private static string PathOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "$" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    /// <summary>System.Text.Json's message without .NET type names.</summary>
    private static string PlainWords(JsonException e)
    {
        string m = e.Message;
        if (UnmappedProperty().Match(m) is { Success: true } unmapped)
        {
            return $"has a field '{unmapped.Groups[1].Value}' that the format does not define; expected only the fields of docs/test-vectors.md";
        }
        if (DuplicateProperty().Match(m) is { Success: true } duplicate)
        {
            return $"has the field '{duplicate.Groups[1].Value}' twice; expected each field once";
        }
        if (Duplicate().IsMatch(m))
        {
            return "has a field twice; expected each field once";
        }
        if (MissingRequired().Match(m) is { Success: true } missing)
        {
            return $"lacks the required field(s) {missing.Groups[1].Value}";
        }
        if (ConvertTo().Match(m) is { Success: true } convert)
        {
            return $"has a value of the wrong type; expected {Plain(convert.Groups[1].Value.TrimEnd('.'))}";
        }
        if (NullForNonNullable().IsMatch(m))
        {
            return "is null; expected a value";
        }
        string reason = m.Split(" Path:", StringSplitOptions.None)[0].Split(" LineNumber:", StringSplitOptions.None)[0].TrimEnd('.');
        return "is not valid JSON: " + DotnetName().Replace(reason, "the value");
    }

    private static string Plain(string dotnetType) => dotnetType switch
    {
        "System.Double" => "a number",
        "System.Int32" => "an integer",
        "System.String" => "a string",
        _ when dotnetType.Contains("ImmutableArray", StringComparison.Ordinal) => "an array",
        _ => "an object",
    };

    [GeneratedRegex("property '([^']*)' could not be mapped")]
    private static partial Regex UnmappedProperty();

    [GeneratedRegex("'?(?:System|GradientFlows)\\.[A-Za-z0-9_.`\\[\\],]+'?")]
    private static partial Regex DotnetName();

    [GeneratedRegex("[Dd]uplicate property '([^']*)'")]
    private static partial Regex DuplicateProperty();

    [GeneratedRegex("[Dd]uplicate")]
    private static partial Regex Duplicate();

    [GeneratedRegex("missing required properties including: (.*?)\\.?$", RegexOptions.Multiline)]
    private static partial Regex MissingRequired();

    [GeneratedRegex("could not be converted to (\\S+)")]
    private static partial Regex ConvertTo();

    [GeneratedRegex("null.*non-nullable|non-nullable.*null|allow setting null", RegexOptions.IgnoreCase)]
    private static partial Regex NullForNonNullable();
}
