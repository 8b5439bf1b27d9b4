using System.Text.Json;

namespace GradientFlows.TestVectors;

/// <summary>Reads and writes test vectors as JSON (camelCase fields, shortest round-trip numbers, indented).</summary>
public static class TestVectorJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Serialises one vector.</summary>
    public static string Write(TestVector vector) => JsonSerializer.Serialize(Preconditions.NotNull(vector, nameof(vector)), Options);

    /// <summary>Parses one vector.</summary>
    /// <exception cref="TestVectorFormatException">The text is not a valid vector (the message names the JSON path).</exception>
    public static TestVector Read(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<TestVector>(json, Options)
                ?? throw new TestVectorFormatException("$", "is null; expected a test-vector object");
        }
        catch (JsonException e)
        {
            throw new TestVectorFormatException(e.Path ?? "$", e.Message);
        }
    }
}
