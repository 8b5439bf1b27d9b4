using GradientFlows.Differentiation;
using GradientFlows.Models;
using GradientFlows.Spaces;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.Chen2311;

/// <summary>
/// A model in new coordinates θ = Sφ with S = diag(s) invertible: x̃(φ) = x(Sφ), D̃ = DS (spec C2(b), A14). The adapted
/// flow's output trajectory does not change; the standard flow's does (its output field becomes −DSSᵀDᵀg).
/// </summary>
internal sealed class ReparametrisedModel(IOutputModel model, Vector<double> scales) : IOutputModel
{
    public ParameterLayout Layout => model.Layout;

    public int OutputCount => model.OutputCount;

    public Vector<double> ToTheta(Vector<double> phi) => phi.PointwiseMultiply(scales);

    public Vector<double> ToPhi(Vector<double> theta) => theta.PointwiseDivide(scales);

    public Vector<double> Outputs(Vector<double> phi) => model.Outputs(ToTheta(phi));

    public Matrix<double> Jacobian(Vector<double> phi)
    {
        var D = model.Jacobian(ToTheta(phi));
        for (int k = 0; k < D.ColumnCount; k++)
        {
            D.SetColumn(k, D.Column(k) * scales[k]);
        }
        return D;
    }

    public Vector<double> JacobianTransposeTimes(Vector<double> phi, Vector<double> r) =>
        model.JacobianTransposeTimes(ToTheta(phi), r).PointwiseMultiply(scales);

    public Dual[] Outputs(ReadOnlySpan<Dual> phi)
    {
        var theta = new Dual[phi.Length];
        for (int i = 0; i < phi.Length; i++)
        {
            theta[i] = scales[i] * phi[i];
        }
        return model.Outputs(theta);
    }
}
