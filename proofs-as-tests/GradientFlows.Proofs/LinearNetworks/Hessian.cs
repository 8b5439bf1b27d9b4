using GradientFlows.Objectives;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.LinearNetworks;

/// <summary>
/// The Hessian ∇²L(θ) by central differences of the exact gradient, (∇L(θ + h eₖ) − ∇L(θ − h eₖ))/2h column by column,
/// symmetrised, with its eigen-decomposition (linear-networks spec §4 BH check: h = 10⁻⁵).
/// </summary>
internal sealed class Hessian
{
    public Hessian(IObjective loss, Vector<double> theta)
    {
        int K = loss.Dimension;
        double h = Tolerances.HessianStep;
        var H = Matrix<double>.Build.Dense(K, K);
        for (int k = 0; k < K; k++)
        {
            var plus = theta.Clone();
            var minus = theta.Clone();
            plus[k] += h;
            minus[k] -= h;
            H.SetColumn(k, (loss.Gradient(plus) - loss.Gradient(minus)) / (2 * h));
        }
        Matrix = 0.5 * (H + H.Transpose());
        var evd = Matrix.Evd(Symmetricity.Symmetric);
        Eigenvalues = evd.EigenValues.Real();
        Eigenvectors = evd.EigenVectors;
        Norm = Eigenvalues.AbsoluteMaximum();
        ZeroThreshold = Tolerances.HessianZeroRelative * Norm;
    }

    public Matrix<double> Matrix { get; }

    /// <summary>Eigenvalues, ascending.</summary>
    public Vector<double> Eigenvalues { get; }

    public Matrix<double> Eigenvectors { get; }

    /// <summary>‖∇²L‖₂.</summary>
    public double Norm { get; }

    /// <summary>τ_H = 10⁻⁸‖∇²L‖₂ (<see cref="Tolerances.HessianZeroRelative"/>).</summary>
    public double ZeroThreshold { get; }

    /// <summary>Eigenvalues below −τ_H.</summary>
    public int NegativeCount => Eigenvalues.Count(l => l < -ZeroThreshold);

    /// <summary>Eigenvalues within ±τ_H.</summary>
    public int ZeroCount => Eigenvalues.Count(l => Math.Abs(l) <= ZeroThreshold);
}
