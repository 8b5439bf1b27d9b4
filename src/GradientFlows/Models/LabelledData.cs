using System.Collections.Immutable;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Models;

/// <summary>
/// The training data of Chen (arXiv 2311.15487, §1.1): N inputs x⁽⁰⁾ⱼ ∈ ℝᴹ, a list of labels yᵢ ∈ ℝ^Q and the map
/// ω: {1, …, N} → labels (1.1) giving input j the label y_ω(j); the stacked target
/// y_ω = (y_ω(1)ᵀ, …, y_ω(N)ᵀ)ᵀ ∈ ℝ^{QN} (1.2), component (j, q) at flat index j·Q + q (0-based).
/// </summary>
/// <remarks>
/// The paper has exactly Q labels (one per class); no theorem uses that, so any number of labels is allowed (spec A16).
/// Repeated inputs with different labels are the main source of rank loss (spec C3, C8, C9).
/// The cost normalisation is κ = 1/N (spec A1): C = (1/2N)|x − y_ω|², kept here and nowhere else.
/// </remarks>
public sealed class LabelledData
{
    private readonly Matrix<double> _inputs;
    private readonly Matrix<double> _labels;

    /// <summary>Creates the data set.</summary>
    /// <param name="inputs">X⁽⁰⁾ ∈ ℝ^{M×N}: column j is the input x⁽⁰⁾ⱼ; finite, M ≥ 1, N ≥ 1.</param>
    /// <param name="labels">Y ∈ ℝ^{Q×P}: column i is the label yᵢ; finite, Q ≥ 1, P ≥ 1.</param>
    /// <param name="omega">ω as 0-based label indices, one per input (length N), each in [0, P).</param>
    /// <exception cref="ArgumentException">A matrix has a non-finite entry, or ω has the wrong length or an index out of range.</exception>
    public LabelledData(Matrix<double> inputs, Matrix<double> labels, IReadOnlyList<int> omega)
    {
        Preconditions.FiniteMatrix(inputs, nameof(inputs), "X⁽⁰⁾ ∈ ℝ^{M×N}, one input per column");
        Preconditions.FiniteMatrix(labels, nameof(labels), "Y ∈ ℝ^{Q×P}, one label per column");
        Preconditions.NotNull(omega, nameof(omega));
        if (omega.Count != inputs.ColumnCount)
        {
            throw new ArgumentException(
                $"omega has {omega.Count} entries; expected N = {inputs.ColumnCount}, one label index per input.", nameof(omega));
        }
        for (int j = 0; j < omega.Count; j++)
        {
            if (omega[j] < 0 || omega[j] >= labels.ColumnCount)
            {
                throw new ArgumentException(
                    $"omega[{j}] = {omega[j]}; expected a label index in [0, {labels.ColumnCount}).", nameof(omega));
            }
        }
        _inputs = inputs.Clone();
        _labels = labels.Clone();
        Omega = [.. omega];
    }

    /// <summary>N, the number of training inputs.</summary>
    public int N => _inputs.ColumnCount;

    /// <summary>M = M₀, the input dimension.</summary>
    public int M => _inputs.RowCount;

    /// <summary>Q, the output dimension (length of each label).</summary>
    public int Q => _labels.RowCount;

    /// <summary>QN, the length of the stacked output and target vectors.</summary>
    public int QN => Q * N;

    /// <summary>ω (0-based label index of each input).</summary>
    public ImmutableArray<int> Omega { get; }

    /// <summary>X⁽⁰⁾ ∈ ℝ^{M×N} (a copy).</summary>
    public Matrix<double> Inputs => _inputs.Clone();

    /// <summary>Y ∈ ℝ^{Q×P} (a copy).</summary>
    public Matrix<double> Labels => _labels.Clone();

    /// <summary>The cost normalisation κ = 1/N of the paper: C = (κ/2)|x − y_ω|² (eq. (1.7); spec A1).</summary>
    public double Kappa => 1.0 / N;

    /// <summary>y_ω ∈ ℝ^{QN} (eq. (1.2)), entry j·Q + q = (y_ω(j))_q.</summary>
    public Vector<double> Targets =>
        Vector<double>.Build.Dense(QN, i => _labels[i % Q, Omega[i / Q]]);

    /// <summary>The cost C[x(θ)] = (1/2N)|x(θ) − y_ω|² of <paramref name="model"/> on this data (eq. (1.7)).</summary>
    /// <exception cref="ArgumentException">The model has OutputCount ≠ QN.</exception>
    public SquaredErrorCost Cost(IOutputModel model)
    {
        Preconditions.NotNull(model, nameof(model));
        if (model.OutputCount != QN)
        {
            throw new ArgumentException(
                $"model has {model.OutputCount} outputs; expected QN = {Q}·{N} = {QN}.", nameof(model));
        }
        return new SquaredErrorCost(model, Targets, Kappa);
    }
}
