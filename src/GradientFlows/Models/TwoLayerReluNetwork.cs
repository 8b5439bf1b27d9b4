using GradientFlows.Differentiation;
using GradientFlows.Spaces;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Models;

/// <summary>
/// The 2-layer ReLU MLP on one data point, y = N·σ(Mx) with σ = ReLU, N ∈ ℝ^{n×k}, M ∈ ℝ^{k×m}, x ∈ ℝᵐ
/// (Gelada–Buckman §3; spec §3.1). Parameters w = (N, M) ∈ W = ℝ^{n×k} ⊕ ℝ^{k×m}, stored as blocks "N" then "M",
/// each row-major.
/// </summary>
/// <remarks>
/// Forward pass a = Mx, b = σ(a), y = Nb. Convention σ′(0) := 0 (spec §3.5): a unit at a kink is treated as dead, which
/// selects the Filippov solution in which dead units never revive. Idealisations of the source that this type does
/// not make: ‖x‖² = m is not assumed (only x ≠ 0 where a theorem needs it).
/// </remarks>
public sealed partial class TwoLayerReluNetwork : IOutputModel
{
    private readonly Vector<double> _input;

    /// <summary>Creates the network for the data point x.</summary>
    /// <param name="outputWidth">n ≥ 1, the output width.</param>
    /// <param name="hiddenWidth">k ≥ 1, the number of hidden units.</param>
    /// <param name="input">x ∈ ℝᵐ, finite, m ≥ 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A width is below 1.</exception>
    /// <exception cref="ArgumentException">x is empty or has a non-finite entry.</exception>
    public TwoLayerReluNetwork(int outputWidth, int hiddenWidth, Vector<double> input)
    {
        OutputWidth = Preconditions.AtLeast(outputWidth, 1, nameof(outputWidth));
        HiddenWidth = Preconditions.AtLeast(hiddenWidth, 1, nameof(hiddenWidth));
        Preconditions.NotNull(input, nameof(input));
        Preconditions.AtLeast(input.Count, 1, $"{nameof(input)}.Count");
        _input = Preconditions.FiniteVector(input, input.Count, nameof(input), "the data point x ∈ ℝᵐ").Clone();
        // m as a local: inside the tuple, a mutation of input.Count does not compile and costs the class its mutants.
        int m = _input.Count;
        Layout = new ParameterLayout(("N", outputWidth, hiddenWidth), ("M", hiddenWidth, m));
    }

    /// <summary>n, the output width.</summary>
    public int OutputWidth { get; }

    /// <summary>k, the hidden width.</summary>
    public int HiddenWidth { get; }

    /// <summary>m, the input width.</summary>
    public int InputWidth => _input.Count;

    /// <summary>The data point x (a copy).</summary>
    public Vector<double> Input => _input.Clone();

    /// <inheritdoc />
    public ParameterLayout Layout { get; }

    /// <inheritdoc />
    public int OutputCount => OutputWidth;

    /// <summary>The forward pass a = Mx, b = σ(a), y = Nb at w.</summary>
    public ReluForwardPass Forward(Vector<double> w)
    {
        Check(w);
        int n = OutputWidth, k = HiddenWidth, m = InputWidth;
        var N = Layout["N"];
        var M = Layout["M"];
        var a = Vector<double>.Build.Dense(k);
        var b = Vector<double>.Build.Dense(k);
        for (int i = 0; i < k; i++)
        {
            double sum = 0;
            for (int j = 0; j < m; j++)
            {
                sum += w[M.IndexOf(i, j)] * _input[j];
            }
            a[i] = sum;
            b[i] = sum > 0 ? sum : 0.0;
        }
        var y = Vector<double>.Build.Dense(n);
        for (int p = 0; p < n; p++)
        {
            double sum = 0;
            for (int i = 0; i < k; i++)
            {
                sum += w[N.IndexOf(p, i)] * b[i];
            }
            y[p] = sum;
        }
        return new ReluForwardPass(a, b, y);
    }

    /// <inheritdoc />
    public Vector<double> Outputs(Vector<double> theta) => Forward(theta).Y;

    /// <inheritdoc />
    public Dual[] Outputs(ReadOnlySpan<Dual> theta)
    {
        if (theta.Length != Layout.Dimension)
        {
            throw new ArgumentException(
                $"theta has {theta.Length} entries; expected K = nk + km = {Layout.Dimension} ({Layout}).", nameof(theta));
        }
        int n = OutputWidth, k = HiddenWidth, m = InputWidth;
        var N = Layout["N"];
        var M = Layout["M"];
        var b = new Dual[k];
        for (int i = 0; i < k; i++)
        {
            Dual a = 0.0;
            for (int j = 0; j < m; j++)
            {
                a += theta[M.IndexOf(i, j)] * _input[j];
            }
            b[i] = Dual.Relu(a);
        }
        var y = new Dual[n];
        for (int p = 0; p < n; p++)
        {
            Dual sum = 0.0;
            for (int i = 0; i < k; i++)
            {
                sum += theta[N.IndexOf(p, i)] * b[i];
            }
            y[p] = sum;
        }
        return y;
    }

    private Vector<double> Check(Vector<double> w) =>
        Preconditions.FiniteVector(w, Layout.Dimension, nameof(w), $"w = (N, M) with layout {Layout}");
}
