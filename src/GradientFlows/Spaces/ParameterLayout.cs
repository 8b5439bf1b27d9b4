using System.Collections.Immutable;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Spaces;

/// <summary>
/// The parameter space W = ℝᴷ as a direct sum of named matrix blocks, W = ⊕ₗ ℝ^{rₗ×cₗ}, with the inner product
/// ⟨u, v⟩ = Σₗ tr(uₗᵀvₗ) = uᵀv (Frobenius on each block, summed: Gelada–Buckman Definition 0.1).
/// </summary>
/// <remarks>
/// The flat vector θ concatenates the blocks in the order given, each stored row-major. This ordering is part of the
/// published test vectors: a port must use it to compare gradients and Jacobian columns entry by entry.
/// </remarks>
public sealed class ParameterLayout
{
    /// <summary>Creates a layout from (name, rows, columns) triples, in storage order.</summary>
    /// <exception cref="ArgumentException">A name repeats, or a dimension is below 1.</exception>
    public ParameterLayout(params (string Name, int Rows, int Columns)[] blocks)
    {
        Preconditions.NotNull(blocks, nameof(blocks));
        var builder = ImmutableArray.CreateBuilder<ParameterBlock>(blocks.Length);
        int offset = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, rows, columns) in blocks)
        {
            Preconditions.AtLeast(rows, 1, $"{nameof(blocks)}[{name}].Rows");
            Preconditions.AtLeast(columns, 1, $"{nameof(blocks)}[{name}].Columns");
            if (!seen.Add(name))
            {
                throw new ArgumentException($"block name '{name}' appears twice; expected distinct names.", nameof(blocks));
            }
            builder.Add(new ParameterBlock(name, rows, columns, offset));
            offset += rows * columns;
        }
        Blocks = builder.MoveToImmutable();
        Dimension = offset;
    }

    /// <summary>The blocks in storage order.</summary>
    public ImmutableArray<ParameterBlock> Blocks { get; }

    /// <summary>K = dim W, the total number of scalar parameters.</summary>
    public int Dimension { get; }

    /// <summary>The block called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No block has that name.</exception>
    public ParameterBlock this[string name] =>
        Blocks.FirstOrDefault(b => b.Name == name) is { Name: not null } block
            ? block
            : throw new KeyNotFoundException(
                $"no block named '{name}'; expected one of {string.Join(", ", Blocks.Select(b => b.Name))}.");

    /// <summary>A copy of block <paramref name="name"/> of θ as a matrix.</summary>
    public Matrix<double> Read(Vector<double> theta, string name)
    {
        var block = this[name];
        CheckLength(theta);
        return Matrix<double>.Build.Dense(block.Rows, block.Columns, (i, j) => theta[block.IndexOf(i, j)]);
    }

    /// <summary>Assembles θ from one matrix per block, in storage order.</summary>
    /// <exception cref="ArgumentException">A matrix is missing or has the wrong shape.</exception>
    public Vector<double> Assemble(params Matrix<double>[] blockValues)
    {
        Preconditions.NotNull(blockValues, nameof(blockValues));
        if (blockValues.Length != Blocks.Length)
        {
            throw new ArgumentException(
                $"{blockValues.Length} matrices given; expected {Blocks.Length}, one per block ({string.Join(", ", Blocks.Select(b => b.Name))}).",
                nameof(blockValues));
        }
        var theta = Vector<double>.Build.Dense(Dimension);
        for (int l = 0; l < Blocks.Length; l++)
        {
            var block = Blocks[l];
            var value = blockValues[l];
            if (value.RowCount != block.Rows || value.ColumnCount != block.Columns)
            {
                throw new ArgumentException(
                    $"block {block.Name} is {value.RowCount}×{value.ColumnCount}; expected {block.Rows}×{block.Columns}.",
                    nameof(blockValues));
            }
            for (int i = 0; i < block.Rows; i++)
            {
                for (int j = 0; j < block.Columns; j++)
                {
                    theta[block.IndexOf(i, j)] = value[i, j];
                }
            }
        }
        return theta;
    }

    /// <summary>Human-readable description, e.g. <c>N: 2×8 @0, M: 8×3 @16 (K = 40)</c>.</summary>
    public override string ToString() =>
        string.Join(", ", Blocks.Select(b => $"{b.Name}: {b.Rows}×{b.Columns} @{b.Offset}")) + $" (K = {Dimension})";

    private void CheckLength(Vector<double> theta)
    {
        Preconditions.NotNull(theta, nameof(theta));
        if (theta.Count != Dimension)
        {
            throw new ArgumentException($"theta has {theta.Count} entries; expected K = {Dimension} ({this}).", nameof(theta));
        }
    }
}
