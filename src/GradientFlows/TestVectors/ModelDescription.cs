using System.Collections.Immutable;
using GradientFlows.Models;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.TestVectors;

/// <summary>
/// The model of a <see cref="TestVector"/>: its kind, widths, activation, the parameter blocks in storage order, and
/// the inputs it is evaluated on.
/// </summary>
/// <remarks>
/// Kinds and their meaning (outputs stacked sample by sample, component (j, q) at index j·Q + q, except deep-linear):
/// <list type="bullet">
/// <item><c>two-layer-relu</c>: y = N·relu(Mx), widths [m, k, n], one input x ∈ ℝᵐ, blocks N (n×k), M (k×m); σ′(0) := 0.</item>
/// <item><c>deep-network</c>: Chen's network, widths [M₀, M₁, …, M_L, Q], hidden activation σ, affine output layer,
/// blocks W1, b1, …, W{L+1}, b{L+1} (Wₗ is Mₗ×Mₗ₋₁).</item>
/// <item><c>deep-linear</c>: Y = W_{H+1}⋯W₁X, widths [d₀, …, d_{H+1}], inputs are the m columns of X, blocks W1 … W{H+1}
/// (Wᵢ is dᵢ×dᵢ₋₁); outputs are Y stacked row-major, component (a, j) at index a·m + j (the linear-network convention).</item>
/// <item><c>linear-map</c>: x = Xw, widths [p, n], inputs are the n rows of X, block w (p×1).</item>
/// <item><c>saturating-exponential</c>: x(t) = b₁(1 − e^{−b₂t}), inputs are the sample times [tⱼ], blocks b1, b2.</item>
/// </list>
/// Every block is stored row-major; blocks follow one another in the order listed.
/// </remarks>
public sealed record ModelDescription
{
    /// <summary>The kind (see remarks).</summary>
    public required string Kind { get; init; }

    /// <summary>Layer widths (see remarks for each kind).</summary>
    public required ImmutableArray<int> Widths { get; init; }

    /// <summary>Hidden activation of a deep network (tanh, softplus, sigmoid, identity), else null.</summary>
    public string? Activation { get; init; }

    /// <summary>The parameter blocks in storage order.</summary>
    public required ImmutableArray<BlockDescription> Blocks { get; init; }

    /// <summary>The inputs, one array per sample.</summary>
    public required ImmutableArray<ImmutableArray<double>> Inputs { get; init; }

    /// <summary>The kinds this version of the format knows.</summary>
    public static ImmutableArray<string> Kinds { get; } = ["two-layer-relu", "deep-network", "deep-linear", "linear-map", "saturating-exponential"];

    /// <summary>Describes <paramref name="model"/> and its inputs.</summary>
    /// <exception cref="ArgumentException">The model is of a type the format does not describe.</exception>
    public static ModelDescription Of(IOutputModel model)
    {
        Preconditions.NotNull(model, nameof(model));
        var blocks = model.Layout.Blocks.Select(b => new BlockDescription(b.Name, b.Rows, b.Columns, b.Offset)).ToImmutableArray();
        static ImmutableArray<ImmutableArray<double>> Columns(Matrix<double> m) =>
            [.. Enumerable.Range(0, m.ColumnCount).Select(j => m.Column(j).ToArray().ToImmutableArray())];
        static ImmutableArray<ImmutableArray<double>> Rows(Matrix<double> m) =>
            [.. Enumerable.Range(0, m.RowCount).Select(i => m.Row(i).ToArray().ToImmutableArray())];
        return model switch
        {
            TwoLayerReluNetwork relu => new ModelDescription
            {
                Kind = "two-layer-relu",
                Widths = [relu.InputWidth, relu.HiddenWidth, relu.OutputWidth],
                Blocks = blocks,
                Inputs = [[.. relu.Input]],
            },
            DeepNetwork deep => new ModelDescription
            {
                Kind = "deep-network",
                Widths = deep.Widths,
                Activation = deep.Activation.Name,
                Blocks = blocks,
                Inputs = Columns(deep.Inputs),
            },
            DeepLinearNetwork deepLinear => new ModelDescription
            {
                Kind = "deep-linear",
                Widths = deepLinear.Widths,
                Blocks = blocks,
                Inputs = Columns(deepLinear.Inputs),
            },
            LinearMapModel linear => new ModelDescription
            {
                Kind = "linear-map",
                Widths = [linear.Layout.Dimension, linear.OutputCount],
                Blocks = blocks,
                Inputs = Rows(linear.Design),
            },
            SaturatingExponentialModel curve => new ModelDescription
            {
                Kind = "saturating-exponential",
                Widths = [1, 1],
                Blocks = blocks,
                Inputs = [.. curve.Times.Select(t => ImmutableArray.Create(t))],
            },
            _ => throw new ArgumentException(
                $"model is a {model.GetType().Name}; expected one of the kinds {string.Join(", ", Kinds)}.", nameof(model)),
        };
    }

    /// <summary>Builds the model this description names.</summary>
    /// <exception cref="TestVectorFormatException">The description is inconsistent (the message names the field).</exception>
    public IOutputModel Build()
    {
        Matrix<double> SamplesAsColumns(int rows)
        {
            for (int j = 0; j < Inputs.Length; j++)
            {
                if (Inputs[j].Length != rows)
                {
                    throw new TestVectorFormatException($"model.inputs[{j}]", $"has {Inputs[j].Length} entries; expected {rows} (the input width)");
                }
            }
            return Matrix<double>.Build.Dense(rows, Inputs.Length, (i, j) => Inputs[j][i]);
        }
        void RequireWidths(int count)
        {
            if (Widths.Length != count && count > 0)
            {
                throw new TestVectorFormatException("model.widths", $"has {Widths.Length} entries; expected {count} for kind '{Kind}'");
            }
            if (Widths.Any(w => w < 1))
            {
                throw new TestVectorFormatException("model.widths", "has an entry below 1; expected positive widths");
            }
        }
        if (Widths.IsDefault)
        {
            throw new TestVectorFormatException("model.widths", "is missing; expected an array of layer widths");
        }
        if (Blocks.IsDefault)
        {
            throw new TestVectorFormatException("model.blocks", "is missing; expected the parameter blocks in storage order");
        }
        if (Inputs.IsDefaultOrEmpty)
        {
            throw new TestVectorFormatException("model.inputs", "is empty; expected at least one sample");
        }
        if (Kind != "deep-network" && Activation is not null)
        {
            throw new TestVectorFormatException("model.activation",
                $"is '{Activation}', but a '{Kind}' model has no activation to choose; expected null or no field (only 'deep-network' has one)");
        }
        IOutputModel model;
        try
        {
            switch (Kind)
            {
                case "two-layer-relu":
                    RequireWidths(3);
                    if (Inputs.Length != 1)
                    {
                        throw new TestVectorFormatException("model.inputs", $"has {Inputs.Length} samples; expected exactly 1 for kind 'two-layer-relu'");
                    }
                    model = new TwoLayerReluNetwork(Widths[2], Widths[1], SamplesAsColumns(Widths[0]).Column(0));
                    break;
                case "deep-network":
                    if (Widths.Length < 2)
                    {
                        throw new TestVectorFormatException("model.widths", $"has {Widths.Length} entries; expected [M₀, …, Q] with at least 2");
                    }
                    RequireWidths(0);
                    var activation = Models.Activation.All.FirstOrDefault(a => a.Name == Activation)
                        ?? throw new TestVectorFormatException("model.activation",
                            $"is {(Activation is null ? "missing" : $"'{Activation}'")}; expected one of {string.Join(", ", Models.Activation.All.Select(a => a.Name))} for kind 'deep-network'");
                    model = new DeepNetwork(SamplesAsColumns(Widths[0]), [.. Widths.Skip(1).Take(Widths.Length - 2)], Widths[^1], activation);
                    break;
                case "deep-linear":
                    if (Widths.Length < 2)
                    {
                        throw new TestVectorFormatException("model.widths", $"has {Widths.Length} entries; expected [d₀, …, d_(H+1)] with at least 2");
                    }
                    RequireWidths(0);
                    model = new DeepLinearNetwork(Widths, SamplesAsColumns(Widths[0]));
                    break;
                case "linear-map":
                    RequireWidths(2);
                    if (Inputs.Length != Widths[1])
                    {
                        throw new TestVectorFormatException("model.inputs", $"has {Inputs.Length} rows; expected n = {Widths[1]}");
                    }
                    model = new LinearMapModel(SamplesAsColumns(Widths[0]).Transpose());
                    break;
                case "saturating-exponential":
                    RequireWidths(2);
                    if (Widths[0] != 1 || Widths[1] != 1)
                    {
                        throw new TestVectorFormatException("model.widths", $"is [{string.Join(", ", Widths)}]; expected [1, 1] for kind 'saturating-exponential'");
                    }
                    model = new SaturatingExponentialModel(SamplesAsColumns(1).Row(0));
                    break;
                default:
                    throw new TestVectorFormatException("model.kind", $"is '{Kind}'; expected one of {string.Join(", ", Kinds)}");
            }
        }
        catch (ArgumentException e)
        {
            // ArgumentException appends " (Parameter 'x')"; the file's reader needs only the sentence.
            int cut = e.Message.IndexOf(" (Parameter '", StringComparison.Ordinal);
            throw new TestVectorFormatException("model", (cut < 0 ? e.Message : e.Message[..cut]).TrimEnd('.'));
        }
        var expected = model.Layout.Blocks;
        if (Blocks.Length != expected.Length)
        {
            throw new TestVectorFormatException("model.blocks", $"has {Blocks.Length} blocks; expected {expected.Length} ({string.Join(", ", expected.Select(b => $"{b.Name} {b.Rows}×{b.Columns}"))})");
        }
        for (int i = 0; i < Blocks.Length; i++)
        {
            var b = expected[i];
            if (Blocks[i] != new BlockDescription(b.Name, b.Rows, b.Columns, b.Offset))
            {
                var f = Blocks[i];
                throw new TestVectorFormatException($"model.blocks[{i}]",
                    $"is {f?.Name} {f?.Rows}×{f?.Columns} at offset {f?.Offset}; expected {b.Name} {b.Rows}×{b.Columns} at offset {b.Offset}");
            }
        }
        return model;
    }
}

/// <summary>One parameter block: name, shape, and offset of entry (0, 0) in θ; stored row-major.</summary>
/// <param name="Name">The block's symbol.</param>
/// <param name="Rows">Rows.</param>
/// <param name="Columns">Columns.</param>
/// <param name="Offset">Index of entry (0, 0) in θ.</param>
public sealed record BlockDescription(string Name, int Rows, int Columns, int Offset);
