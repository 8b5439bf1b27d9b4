using GradientFlows.Proofs.Generators;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.Chen2311;

/// <summary>
/// The explicit equilibrium family of spec C7(1): W₁ = 0, W_{L+1} = 0, b_{L+1} = (1/N)Σⱼ y_ω(j), every other entry as
/// drawn. Every hidden feature is then the same for all inputs, ∇_θC = 0, C &gt; 0 when the labels differ, and
/// rank D = Q (for tanh, softplus and sigmoid alike).
/// </summary>
internal static class SpuriousEquilibrium
{
    public static Vector<double> Construct(NetworkInstance instance)
    {
        var network = instance.Network;
        var layout = network.Layout;
        var theta = instance.Theta0;
        int last = network.Depth + 1;
        foreach (string name in new[] { "W1", $"W{last}" })
        {
            var block = layout[name];
            for (int i = 0; i < block.Count; i++)
            {
                theta[block.Offset + i] = 0;
            }
        }
        var bias = layout[$"b{last}"];
        var y = instance.Data.Targets;
        for (int q = 0; q < instance.Q; q++)
        {
            double mean = 0;
            for (int j = 0; j < instance.N; j++)
            {
                mean += y[j * instance.Q + q];
            }
            theta[bias.IndexOf(q, 0)] = mean / instance.N;
        }
        return theta;
    }
}
