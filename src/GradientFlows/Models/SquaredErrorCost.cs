using GradientFlows.Differentiation;
using GradientFlows.Objectives;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Models;

/// <summary>
/// The squared-error cost of an output model, C(θ) = (κ/2)‖x(θ) − y‖², with gradient ∇C = κ·Dᵀ(x − y)
/// (Chen, arXiv 2311.15487, eqs. (1.7), (1.21), (1.23)).
/// </summary>
/// <remarks>
/// The normalisation κ is kept in one place: κ = 1 for Gelada–Buckman (f = ½‖y − q‖²) and for the linear networks of
/// Chitour–Liao–Couillet (½‖Y − WX‖²_F), κ = 1/N for Chen (C = (1/2N)‖x − y_ω‖²).
/// </remarks>
public sealed class SquaredErrorCost : IObjective
{
    private readonly Vector<double> _targets;

    /// <summary>Creates C(θ) = (κ/2)‖x(θ) − y‖².</summary>
    /// <param name="model">The output model x(θ).</param>
    /// <param name="targets">y ∈ ℝ^{QN}, finite.</param>
    /// <param name="kappa">The normalisation κ &gt; 0.</param>
    /// <exception cref="ArgumentException">y has the wrong length or a non-finite entry; κ is not positive.</exception>
    public SquaredErrorCost(IOutputModel model, Vector<double> targets, double kappa = 1.0)
    {
        Model = Preconditions.NotNull(model, nameof(model));
        Preconditions.FiniteVector(targets, model.OutputCount, nameof(targets), "y ∈ ℝ^{QN}, one target per model output");
        _targets = targets.Clone();
        Kappa = Preconditions.Positive(kappa, nameof(kappa));
    }

    /// <summary>The output model x(θ).</summary>
    public IOutputModel Model { get; }

    /// <summary>The targets y (a copy).</summary>
    public Vector<double> Targets => _targets.Clone();

    /// <summary>The normalisation κ.</summary>
    public double Kappa { get; }

    /// <inheritdoc />
    public int Dimension => Model.Layout.Dimension;

    /// <summary>The residual x(θ) − y.</summary>
    public Vector<double> Residual(Vector<double> theta) => Model.Outputs(theta) - _targets;

    /// <summary>The output-space gradient ∇ₓC = κ(x − y) (Chen eq. (1.23)).</summary>
    public Vector<double> OutputGradient(Vector<double> theta) => Kappa * Residual(theta);

    /// <inheritdoc />
    public double Value(Vector<double> theta)
    {
        var r = Residual(theta);
        return 0.5 * Kappa * r.DotProduct(r);
    }

    /// <inheritdoc />
    public Vector<double> Gradient(Vector<double> theta) =>
        Model.JacobianTransposeTimes(theta, OutputGradient(theta));

    /// <inheritdoc />
    public Dual Value(ReadOnlySpan<Dual> theta)
    {
        var x = Model.Outputs(theta);
        Dual sum = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += Dual.Square(x[i] - _targets[i]);
        }
        return 0.5 * Kappa * sum;
    }
}
