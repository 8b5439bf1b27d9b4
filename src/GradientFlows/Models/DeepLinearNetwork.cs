using System.Collections.Immutable;
using GradientFlows.Differentiation;
using GradientFlows.Spaces;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Models;

/// <summary>
/// The deep linear network with H ≥ 0 hidden layers and no biases or activations (linear-networks spec §1):
/// x ↦ W x with the end-to-end matrix W := W_{H+1} W_H ⋯ W₁ ∈ ℝ^{d_y×d_x}, evaluated on the m training inputs, the
/// columns of X ∈ ℝ^{d_x×m}. The outputs are the entries of WX ∈ ℝ^{d_y×m}, stacked row-major: entry (a, j) at a·m + j.
/// </summary>
/// <remarks>
/// <para>
/// Widths d₀ := d_x, d₁, …, d_H, d_{H+1} := d_y; weights Wᵢ ∈ ℝ^{dᵢ×dᵢ₋₁} for i = 1, …, H+1, stored as blocks
/// <c>W1</c>, …, <c>W{H+1}</c>, each row-major. The product above layer i is Aᵢ := W_{H+1}⋯Wᵢ₊₁ and the product below it
/// Bᵢ := Wᵢ₋₁⋯W₁ (an empty product is the identity).
/// </para>
/// <para>
/// With <see cref="Loss"/> (κ = 1) the objective is L = ½‖Y − W_{H+1}⋯W₁X‖²_F, the spec's normalisation (no 1/m;
/// erratum LN-G1). The gradient ∇_{Wᵢ}L = −Aᵢᵀ(Y − WX)XᵀBᵢᵀ is computed by a backward pass (<see cref="JacobianTransposeTimes"/>).
/// </para>
/// </remarks>
public sealed partial class DeepLinearNetwork : IOutputModel
{
    private readonly Matrix<double> _x;
    private readonly double[] _xRowMajor;
    private readonly ParameterBlock[] _blocks;

    /// <summary>Creates the network with widths d₀ = d_x, d₁, …, d_{H+1} = d_y on the inputs X.</summary>
    /// <param name="widths">d₀, …, d_{H+1}: at least two entries (H = widths.Count − 2 ≥ 0), each ≥ 1.</param>
    /// <param name="x">X ∈ ℝ^{d₀×m}, finite, m ≥ 1; any rank.</param>
    /// <exception cref="ArgumentException">Fewer than two widths, a width below 1, or X of the wrong height or non-finite.</exception>
    public DeepLinearNetwork(IReadOnlyList<int> widths, Matrix<double> x)
    {
        Preconditions.NotNull(widths, nameof(widths));
        if (widths.Count < 2)
        {
            throw new ArgumentException(
                $"widths has {widths.Count} entries; expected d₀ = d_x, …, d_{{H+1}} = d_y with at least 2 entries (H ≥ 0).",
                nameof(widths));
        }
        for (int i = 0; i < widths.Count; i++)
        {
            Preconditions.AtLeast(widths[i], 1, $"{nameof(widths)}[{i}]");
        }
        Preconditions.NotNull(x, nameof(x));
        Preconditions.FiniteMatrix(x, widths[0], x.ColumnCount, nameof(x), "the inputs X ∈ ℝ^{d_x×m}, one sample per column");
        _x = x.Clone();
        Widths = [.. widths];
        Layout = new ParameterLayout(
            Enumerable.Range(1, widths.Count - 1).Select(i => (BlockName(i), widths[i], widths[i - 1])).ToArray());
        _blocks = [.. Layout.Blocks];
        _xRowMajor = Stack(_x).ToArray();
    }

    /// <summary>d₀, …, d_{H+1}.</summary>
    public ImmutableArray<int> Widths { get; }

    /// <summary>H, the number of hidden layers.</summary>
    public int HiddenLayers => Widths.Length - 2;

    /// <summary>N = H + 1, the number of weight matrices (factors of W).</summary>
    public int Factors => Widths.Length - 1;

    /// <summary>d_x = d₀.</summary>
    public int InputWidth => Widths[0];

    /// <summary>d_y = d_{H+1}.</summary>
    public int OutputWidth => Widths[^1];

    /// <summary>m, the number of samples.</summary>
    public int SampleCount => _x.ColumnCount;

    /// <summary>The bottleneck width r := min(d₁, …, d_H), or min(d_x, d_y) when H = 0 (spec §1).</summary>
    public int Bottleneck => HiddenLayers == 0 ? Math.Min(InputWidth, OutputWidth) : Widths.Skip(1).Take(HiddenLayers).Min();

    /// <summary>The inputs X (a copy).</summary>
    public Matrix<double> Inputs => _x.Clone();

    /// <inheritdoc />
    public ParameterLayout Layout { get; }

    /// <inheritdoc />
    public int OutputCount => OutputWidth * SampleCount;

    /// <summary>The name of block i, <c>W{i}</c>, for i = 1, …, H+1.</summary>
    public static string BlockName(int i) => $"W{i}";

    /// <summary>The loss L = ½‖Y − WX‖²_F as a <see cref="SquaredErrorCost"/> with κ = 1 (spec §1).</summary>
    /// <param name="y">Y ∈ ℝ^{d_y×m}, finite.</param>
    /// <exception cref="ArgumentException">Y has the wrong shape or a non-finite entry.</exception>
    public SquaredErrorCost Loss(Matrix<double> y)
    {
        Preconditions.FiniteMatrix(y, OutputWidth, SampleCount, nameof(y), "the targets Y ∈ ℝ^{d_y×m}");
        return new SquaredErrorCost(this, Stack(y), 1.0);
    }

    /// <summary>The weights (W₁, …, W_{H+1}) of θ, as copies; element i − 1 is Wᵢ.</summary>
    /// <exception cref="ArgumentException">θ has the wrong length or a non-finite entry.</exception>
    public ImmutableArray<Matrix<double>> Weights(Vector<double> theta)
    {
        Check(theta);
        return [.. _blocks.Select(b => Matrix<double>.Build.Dense(b.Rows, b.Columns, (p, q) => theta[b.IndexOf(p, q)]))];
    }

    /// <summary>θ from the weights (W₁, …, W_{H+1}).</summary>
    /// <exception cref="ArgumentException">The number or shapes of the matrices do not match the widths.</exception>
    public Vector<double> Parameters(IReadOnlyList<Matrix<double>> weights)
    {
        Preconditions.NotNull(weights, nameof(weights));
        return Layout.Assemble([.. weights]);
    }

    /// <summary>The end-to-end matrix W = W_{H+1}⋯W₁ ∈ ℝ^{d_y×d_x}.</summary>
    /// <exception cref="ArgumentException">θ has the wrong length or a non-finite entry.</exception>
    public Matrix<double> EndToEnd(Vector<double> theta) => Product(Weights(theta), 1, Factors);

    /// <summary>The product W_{to}⋯W_{from} of the given weights (1-based, inclusive); the identity of size d_{from−1} when to &lt; from.</summary>
    /// <param name="weights">(W₁, …, W_N).</param>
    /// <param name="from">First factor, 1 ≤ from ≤ N + 1.</param>
    /// <param name="to">Last factor, from − 1 ≤ to ≤ N.</param>
    /// <exception cref="ArgumentOutOfRangeException">from or to out of range.</exception>
    public static Matrix<double> Product(IReadOnlyList<Matrix<double>> weights, int from, int to)
    {
        Preconditions.NotNull(weights, nameof(weights));
        if (from < 1 || from > weights.Count + 1 || to < from - 1 || to > weights.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(from),
                $"from = {from}, to = {to}; expected 1 ≤ from ≤ N + 1 and from − 1 ≤ to ≤ N = {weights.Count}.");
        }
        if (to < from)
        {
            int size = from <= weights.Count ? weights[from - 1].ColumnCount : weights[^1].RowCount;
            return Matrix<double>.Build.DenseIdentity(size);
        }
        var product = weights[from - 1].Clone();
        for (int i = from + 1; i <= to; i++)
        {
            product = weights[i - 1] * product;
        }
        return product;
    }

    /// <summary>Aᵢ := W_{H+1}⋯Wᵢ₊₁, the product above layer i (identity for i = H + 1).</summary>
    public static Matrix<double> Above(IReadOnlyList<Matrix<double>> weights, int i) => Product(weights, i + 1, weights.Count);

    /// <summary>Bᵢ := Wᵢ₋₁⋯W₁, the product below layer i (identity for i = 1).</summary>
    public static Matrix<double> Below(IReadOnlyList<Matrix<double>> weights, int i) => Product(weights, 1, i - 1);

    /// <summary>The network outputs WX ∈ ℝ^{d_y×m}.</summary>
    /// <exception cref="ArgumentException">θ has the wrong length or a non-finite entry.</exception>
    public Matrix<double> OutputMatrix(Vector<double> theta) => EndToEnd(theta) * _x;

    /// <inheritdoc />
    public Vector<double> Outputs(Vector<double> theta)
    {
        Check(theta);
        return Vector<double>.Build.Dense(ForwardPass(theta.AsArray() ?? theta.ToArray())[Factors]);
    }

    /// <summary>Forward mode: Z₀ = X, Zᵢ = WᵢZᵢ₋₁ on dual numbers; returns Z_{H+1} stacked row-major.</summary>
    /// <exception cref="ArgumentException">θ has the wrong length.</exception>
    public Dual[] Outputs(ReadOnlySpan<Dual> theta)
    {
        if (theta.Length != Layout.Dimension)
        {
            throw new ArgumentException(
                $"theta has {theta.Length} entries; expected K = Σᵢ dᵢdᵢ₋₁ = {Layout.Dimension} ({Layout}).", nameof(theta));
        }
        int m = SampleCount;
        var z = new Dual[InputWidth * m];
        for (int a = 0; a < InputWidth; a++)
        {
            for (int j = 0; j < m; j++)
            {
                z[a * m + j] = _x[a, j];
            }
        }
        for (int i = 1; i <= Factors; i++)
        {
            var block = Layout[BlockName(i)];
            var next = new Dual[block.Rows * m];
            for (int p = 0; p < block.Rows; p++)
            {
                for (int j = 0; j < m; j++)
                {
                    Dual sum = 0.0;
                    for (int q = 0; q < block.Columns; q++)
                    {
                        sum += theta[block.IndexOf(p, q)] * z[q * m + j];
                    }
                    next[p * m + j] = sum;
                }
            }
            z = next;
        }
        return z;
    }

    /// <summary>Stacks a d_y×m matrix row-major into the output space ℝ^{d_y·m}.</summary>
    internal static Vector<double> Stack(Matrix<double> a) =>
        Vector<double>.Build.Dense(a.RowCount * a.ColumnCount, k => a[k / a.ColumnCount, k % a.ColumnCount]);

    private Matrix<double> Unstack(Vector<double> r) =>
        Matrix<double>.Build.Dense(OutputWidth, SampleCount, (a, j) => r[a * SampleCount + j]);

    private Vector<double> Check(Vector<double> theta) =>
        Preconditions.FiniteVector(theta, Layout.Dimension, nameof(theta), $"θ = (W₁, …, W_{{H+1}}) with layout {Layout}");
}
