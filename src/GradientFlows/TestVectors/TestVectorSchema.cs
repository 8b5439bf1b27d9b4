namespace GradientFlows.TestVectors;

/// <summary>The JSON Schema of the test-vector format (docs/test-vector.schema.json, embedded in the library).</summary>
public static class TestVectorSchema
{
    /// <summary>The schema's text.</summary>
    public static string Text { get; } = Load();

    private static string Load()
    {
        using var stream = typeof(TestVectorSchema).Assembly.GetManifestResourceStream("GradientFlows.TestVectors.test-vector.schema.json")
            ?? throw new InvalidOperationException("the embedded schema GradientFlows.TestVectors.test-vector.schema.json is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
