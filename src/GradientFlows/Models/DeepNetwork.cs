using System.Collections.Immutable;
using GradientFlows.Differentiation;
using GradientFlows.Spaces;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Models;

/// <summary>
/// The deep network of Chen (arXiv 2311.15487, §1.1) evaluated on its N training inputs:
/// x⁽ˡ⁾ⱼ = σ(Wₗx⁽ˡ⁻¹⁾ⱼ + bₗ) ∈ ℝ^{Mₗ} for ℓ = 1, …, L (1.3) and the affine output layer
/// xⱼ = x⁽ᴸ⁺¹⁾ⱼ = W_{L+1}x⁽ᴸ⁾ⱼ + b_{L+1} ∈ ℝ^Q (1.4), stacked as x = (x₁ᵀ, …, x_Nᵀ)ᵀ ∈ ℝ^{QN} (1.8) with component
/// (j, q) at flat index j·Q + q.
/// </summary>
/// <remarks>
/// <para>Widths M₀ = M (input), M₁, …, M_L (hidden), M_{L+1} = Q (output); Wₗ ∈ ℝ^{Mₗ×Mₗ₋₁}, bₗ ∈ ℝ^{Mₗ}.</para>
/// <para><b>Parameter ordering</b> (the paper leaves it open; every result is invariant under it): layer by layer,
/// ℓ = 1, …, L + 1, first Wₗ row-major (entry (a, b) at offset + a·Mₗ₋₁ + b), then bₗ. The blocks are named
/// <c>W1</c>, <c>b1</c>, …, <c>W{L+1}</c>, <c>b{L+1}</c>, and K = Σₗ Mₗ(Mₗ₋₁ + 1) (1.5).</para>
/// <para>L = 0 (the affine model x = W₁x⁽⁰⁾ + b₁) is allowed; there D does not depend on θ.</para>
/// </remarks>
public sealed partial class DeepNetwork : ITangentKernelModel
{
    private readonly Matrix<double> _inputs;

    /// <summary>Creates the network on the inputs X⁽⁰⁾.</summary>
    /// <param name="inputs">X⁽⁰⁾ ∈ ℝ^{M×N}, column j the input x⁽⁰⁾ⱼ; finite.</param>
    /// <param name="hiddenWidths">M₁, …, M_L, each ≥ 1 (L = count ≥ 0).</param>
    /// <param name="outputWidth">Q ≥ 1.</param>
    /// <param name="activation">σ, with Lipschitz derivative.</param>
    /// <exception cref="ArgumentException">X⁽⁰⁾ has a non-finite entry.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A width is below 1.</exception>
    public DeepNetwork(Matrix<double> inputs, IReadOnlyList<int> hiddenWidths, int outputWidth, Activation activation)
    {
        Preconditions.FiniteMatrix(inputs, nameof(inputs), "X⁽⁰⁾ ∈ ℝ^{M×N}, one input per column");
        Preconditions.NotNull(hiddenWidths, nameof(hiddenWidths));
        Preconditions.AtLeast(outputWidth, 1, nameof(outputWidth));
        Activation = Preconditions.NotNull(activation, nameof(activation));
        _inputs = inputs.Clone();
        var widths = ImmutableArray.CreateBuilder<int>(hiddenWidths.Count + 2);
        widths.Add(inputs.RowCount);
        for (int l = 0; l < hiddenWidths.Count; l++)
        {
            widths.Add(Preconditions.AtLeast(hiddenWidths[l], 1, $"{nameof(hiddenWidths)}[{l}]"));
        }
        widths.Add(outputWidth);
        Widths = widths.MoveToImmutable();
        var blocks = new List<(string, int, int)>();
        for (int l = 1; l <= Depth + 1; l++)
        {
            blocks.Add(($"W{l}", Widths[l], Widths[l - 1]));
            blocks.Add(($"b{l}", Widths[l], 1));
        }
        Layout = new ParameterLayout([.. blocks]);
    }

    /// <summary>Mₗ for ℓ = 0, …, L + 1: input width M, hidden widths, output width Q.</summary>
    public ImmutableArray<int> Widths { get; }

    /// <summary>L, the number of hidden layers.</summary>
    public int Depth => Widths.Length - 2;

    /// <summary>Q, the output width.</summary>
    public int Q => Widths[^1];

    /// <summary>N, the number of training inputs.</summary>
    public int N => _inputs.ColumnCount;

    /// <summary>σ.</summary>
    public Activation Activation { get; }

    /// <summary>X⁽⁰⁾ (a copy).</summary>
    public Matrix<double> Inputs => _inputs.Clone();

    /// <inheritdoc />
    public ParameterLayout Layout { get; }

    /// <inheritdoc />
    public int OutputCount => Q * N;

    /// <summary>A one-line description, e.g. <c>M=3 [5,4] Q=2 tanh, N=4, K=…</c>.</summary>
    public override string ToString() =>
        $"M={Widths[0]} [{string.Join(",", Widths.Skip(1).Take(Depth))}] Q={Q} {Activation}, N={N}, K={Layout.Dimension}, QN={OutputCount}";

    /// <inheritdoc />
    public Vector<double> Outputs(Vector<double> theta) => Vector<double>.Build.Dense(Forward(theta).Output);

    /// <summary>Wₗ as a matrix (a copy), ℓ = 1, …, L + 1.</summary>
    /// <exception cref="ArgumentException">θ has the wrong length or a non-finite entry.</exception>
    public Matrix<double> Weight(Vector<double> theta, int layer) => Layout.Read(Check(theta), $"W{layer}");

    /// <summary>bₗ as a vector (a copy), ℓ = 1, …, L + 1.</summary>
    /// <exception cref="ArgumentException">θ has the wrong length or a non-finite entry.</exception>
    public Vector<double> Bias(Vector<double> theta, int layer) => Layout.Read(Check(theta), $"b{layer}").Column(0);

    /// <summary>
    /// The forward pass (1.3)–(1.4) on all N inputs at once: Z⁽ˡ⁾ = WₗX⁽ˡ⁻¹⁾ + bₗ1ᵀ (rows of the row-major Wₗ against
    /// columns of X⁽ˡ⁻¹⁾), X⁽ˡ⁾ = σ(Z⁽ˡ⁾), S⁽ˡ⁾ = σ′(Z⁽ˡ⁾).
    /// </summary>
    internal DeepNetworkForwardPass Forward(Vector<double> theta)
    {
        Check(theta);
        var t = theta.AsArray() ?? theta.ToArray();
        int L = Depth;
        var activations = new double[L + 1][];
        var slopes = new double[L + 1][];
        activations[0] = _inputs.AsColumnMajorArray() ?? _inputs.ToColumnMajorArray();
        double[] output = [];
        for (int l = 1; l <= L + 1; l++)
        {
            int rows = Widths[l], inner = Widths[l - 1];
            var z = LinearAlgebra.DenseProduct.Dot(t, Layout[$"W{l}"].Offset, rows, inner, activations[l - 1], 0, N);
            int biasOffset = Layout[$"b{l}"].Offset;
            for (int j = 0; j < N; j++)
            {
                for (int a = 0; a < rows; a++)
                {
                    z[j * rows + a] += t[biasOffset + a];
                }
            }
            if (l == L + 1)
            {
                output = z;
                break;
            }
            var s = new double[z.Length];
            for (int i = 0; i < z.Length; i++)
            {
                s[i] = Activation.Derivative(z[i]);
                z[i] = Activation.Value(z[i]);
            }
            activations[l] = z;
            slopes[l] = s;
        }
        return new DeepNetworkForwardPass(t, activations, slopes, output);
    }

    /// <inheritdoc />
    public Dual[] Outputs(ReadOnlySpan<Dual> theta)
    {
        if (theta.Length != Layout.Dimension)
        {
            throw new ArgumentException(
                $"theta has {theta.Length} entries; expected K = Σₗ Mₗ(Mₗ₋₁ + 1) = {Layout.Dimension} ({Layout}).", nameof(theta));
        }
        var result = new Dual[OutputCount];
        for (int j = 0; j < N; j++)
        {
            var x = new Dual[Widths[0]];
            for (int b = 0; b < x.Length; b++)
            {
                x[b] = _inputs[b, j];
            }
            for (int l = 1; l <= Depth + 1; l++)
            {
                var W = Layout[$"W{l}"];
                var bias = Layout[$"b{l}"];
                var next = new Dual[Widths[l]];
                for (int a = 0; a < next.Length; a++)
                {
                    Dual sum = theta[bias.IndexOf(a, 0)];
                    for (int b = 0; b < x.Length; b++)
                    {
                        sum += theta[W.IndexOf(a, b)] * x[b];
                    }
                    next[a] = l <= Depth ? Activation.Value(sum) : sum;
                }
                x = next;
            }
            for (int q = 0; q < Q; q++)
            {
                result[j * Q + q] = x[q];
            }
        }
        return result;
    }

    private Vector<double> Check(Vector<double> theta) =>
        Preconditions.FiniteVector(theta, Layout.Dimension, nameof(theta), $"θ ∈ ℝᴷ with layout {Layout}");
}
