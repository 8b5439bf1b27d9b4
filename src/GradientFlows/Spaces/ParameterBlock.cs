namespace GradientFlows.Spaces;

/// <summary>
/// One named block of the flat parameter vector θ ∈ ℝᴷ: a weight matrix or a bias vector, stored row-major
/// (entry (i, j) at <c>Offset + i·Columns + j</c>).
/// </summary>
/// <param name="Name">The paper's symbol for the block, e.g. <c>N</c>, <c>M</c>, <c>W1</c>, <c>b1</c>.</param>
/// <param name="Rows">Number of rows (a bias vector has one column).</param>
/// <param name="Columns">Number of columns.</param>
/// <param name="Offset">Index of entry (0, 0) in θ.</param>
public readonly record struct ParameterBlock(string Name, int Rows, int Columns, int Offset)
{
    /// <summary>Number of scalar parameters in the block, Rows·Columns.</summary>
    public int Count => Rows * Columns;

    /// <summary>Index of entry (i, j) in the flat vector θ.</summary>
    public int IndexOf(int i, int j) => Offset + i * Columns + j;
}
