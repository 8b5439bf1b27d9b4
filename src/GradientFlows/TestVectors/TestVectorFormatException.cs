namespace GradientFlows.TestVectors;

/// <summary>A test-vector file is malformed or inconsistent; the message names the field and the problem.</summary>
public sealed class TestVectorFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="field"/> (a JSON path such as <c>expected.jacobian[3]</c>).</summary>
    public TestVectorFormatException(string field, string problem)
        : base($"{field}: {problem}.")
    {
        Field = field;
        Problem = problem;
    }

    /// <summary>The JSON path of the offending field.</summary>
    public string Field { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }
}
