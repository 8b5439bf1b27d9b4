using GradientFlows.Flows;
using GradientFlows.Proofs.Generators;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.Chen2311;

/// <summary>
/// The exact oracle of spec C8 for duplicate inputs: range D ⊂ S = {x : xⱼ = xₖ for equal inputs}; if rank D = Qm then
/// P_out = P_S is constant, x(s) = P_S y + e^{−s/N}(x₀ − P_S y) and C(s) = C_* + e^{−2s/N}(C₀ − C_*), where P_S y
/// replaces each label by its group mean and C_* = (1/2N)|y − P_S y|².
/// </summary>
internal static class DuplicateInputOracle
{
    /// <summary>P_S y: group means of the labels.</summary>
    public static Vector<double> ProjectedTargets(DuplicateInputInstance instance)
    {
        var y = instance.Data.Targets;
        int Q = instance.Q;
        var result = y.Clone();
        for (int q = 0; q < Q; q++)
        {
            double mean = 0;
            for (int j = 0; j < instance.Copies; j++)
            {
                mean += y[j * Q + q];
            }
            mean /= instance.Copies;
            for (int j = 0; j < instance.Copies; j++)
            {
                result[j * Q + q] = mean;
            }
        }
        return result;
    }

    /// <summary>
    /// Runs the least-squares adapted flow to s = 15N inside the constant-rank region rank D = Qm and returns θ_* there
    /// (an equilibrium up to e^{−15}), or null if the orbit left the region.
    /// </summary>
    public static Vector<double>? ReachEquilibrium(DuplicateInputInstance instance)
    {
        var theta0 = instance.Theta0;
        var geometry = new Geometry.OutputGeometry(instance.Network.Jacobian(theta0), instance.Cost.OutputGradient(theta0));
        if (!GuardedFlowRun.ConstantRank(instance.GenericRank).Contains(geometry))
        {
            return null;
        }
        var run = new GuardedFlowRun(new LeastSquaresAdaptedFlow(instance.Cost), theta0, 15.0 * instance.N, 2,
            1.0 / instance.N, GuardedFlowRun.ConstantRank(instance.GenericRank));
        return run.Stopped ? null : run.States[^1];
    }
}
