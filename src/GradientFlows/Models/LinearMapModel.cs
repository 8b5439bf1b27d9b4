using GradientFlows.Differentiation;
using GradientFlows.Spaces;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Models;

/// <summary>
/// The linear model x(w) = Xw with X ∈ ℝ^{n×p}; with <see cref="SquaredErrorCost"/> (κ = 1) it is least squares
/// f(w) = ½‖Xw − q‖² (Gelada–Buckman spec, Result 2.1 numerical check (b)).
/// </summary>
/// <remarks>
/// D = X everywhere. When p ≥ n and X has full row rank, the loss has health constant α = 2λ_min(XXᵀ) and
/// smoothness constant ℒ = λ_max(XᵀX).
/// </remarks>
public sealed class LinearMapModel : IOutputModel
{
    private readonly Matrix<double> _x;

    /// <summary>Creates x(w) = Xw.</summary>
    /// <exception cref="ArgumentException">X has a non-finite entry.</exception>
    public LinearMapModel(Matrix<double> x)
    {
        Preconditions.FiniteMatrix(x, nameof(x), "the design matrix X ∈ ℝ^{n×p}");
        _x = x.Clone();
        Layout = new ParameterLayout(("w", x.ColumnCount, 1));
    }

    /// <inheritdoc />
    public ParameterLayout Layout { get; }

    /// <inheritdoc />
    public int OutputCount => _x.RowCount;

    /// <summary>The design matrix X (a copy).</summary>
    public Matrix<double> Design => _x.Clone();

    /// <inheritdoc />
    public Vector<double> Outputs(Vector<double> theta) => _x * Check(theta);

    /// <inheritdoc />
    public Matrix<double> Jacobian(Vector<double> theta)
    {
        Check(theta);
        return _x.Clone();
    }

    /// <inheritdoc />
    public Vector<double> JacobianTransposeTimes(Vector<double> theta, Vector<double> r)
    {
        Check(theta);
        Preconditions.FiniteVector(r, OutputCount, nameof(r), "a vector in output space ℝⁿ");
        return _x.TransposeThisAndMultiply(r);
    }

    /// <inheritdoc />
    public Dual[] Outputs(ReadOnlySpan<Dual> theta)
    {
        if (theta.Length != Layout.Dimension)
        {
            throw new ArgumentException($"theta has {theta.Length} entries; expected p = {Layout.Dimension}.", nameof(theta));
        }
        var result = new Dual[OutputCount];
        for (int i = 0; i < OutputCount; i++)
        {
            Dual sum = 0.0;
            for (int j = 0; j < theta.Length; j++)
            {
                sum += _x[i, j] * theta[j];
            }
            result[i] = sum;
        }
        return result;
    }

    private Vector<double> Check(Vector<double> theta) =>
        Preconditions.FiniteVector(theta, Layout.Dimension, nameof(theta), "w ∈ ℝᵖ");
}
