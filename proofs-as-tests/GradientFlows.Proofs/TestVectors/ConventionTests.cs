using GradientFlows.TestVectors;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.TestVectors;

/// <summary>
/// Every convention a port must get right is pinned by the published vectors: for each plausible alternative reading,
/// implemented here as a deliberately wrong port, at least <see cref="MinimumFailing"/> vectors disagree with it under the
/// reference tolerances — and the right reading, run through the same harness, agrees with every vector.
/// </summary>
/// <remarks>
/// A port recomputes from the file's inputs (θ, y, κ, X) the outputs, the cost and, for the rank readings, the rank and
/// the adapted direction; its values are judged by <see cref="QuantityDifference.Of"/> with the vector's pointwise and
/// adapted tolerances, exactly as <c>vectors check</c> judges a port's file.
/// </remarks>
public sealed class ConventionTests
{
    /// <summary>The least number of vectors that must catch each wrong reading.</summary>
    private const int MinimumFailing = 3;

    /// <summary>A port's values for one vector: outputs in its stacking, the cost, and optionally rank and adapted direction.</summary>
    private sealed record PortValues(double[] Outputs, double Cost, int? Rank = null, double[]? Adapted = null);

    /// <summary>The readings: name → port (null when the reading does not apply to the vector's kind).</summary>
    public static TheoryData<string> Readings => [.. Ports.Keys.Where(k => k != Right)];

    private const string Right = "right reading";

    private static readonly Dictionary<string, Func<TestVector, PortValues?>> Ports = new()
    {
        [Right] = v => Port(v),
        ["blocks in reverse order"] = v => Port(v, theta: ReadBlocks(v, reverse: true, columnMajor: false)),
        ["blocks column-major"] = v => Port(v, theta: ReadBlocks(v, reverse: false, columnMajor: true)),
        ["outputs stacked the other way"] = v => OtherStacking(v),
        ["kappa = 1/(QN) instead of the stored 1/N"] = v => Port(v, kappa: v.Kappa / OutputWidth(v)),
        ["softplus as log(1 + e^z) (overflows beyond 709.78)"] = v => DeepPort(v, "softplus", z => Math.Log(1 + Math.Exp(z))),
        ["softplus as z above 20 (threshold)"] = v => DeepPort(v, "softplus", z => z > 20 ? z : Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z)))),
        ["sigmoid as e^z/(1 + e^z) (overflows beyond 709.78)"] = v => DeepPort(v, "sigmoid", z => Math.Exp(z) / (1 + Math.Exp(z))),
        ["rank cut-off 100 tau (too high)"] = v => CutOffPort(v, 100),
        ["rank cut-off tau/100 (too low)"] = v => CutOffPort(v, 0.01),
        ["no rank cut-off (every sigma > 0 inverted)"] = v => CutOffPort(v, 0),
    };

    /// <summary>The right reading of every convention reproduces every vector (so a failure below is the reading's fault).</summary>
    [Fact]
    [Trait("Theorem", "TV.Conventions")]
    public void RightReading_Agrees_With_EveryVector()
    {
        var failing = Failing(Ports[Right]);
        Check.That(failing.Count == 0, $"the right reading disagrees with {string.Join(", ", failing)}");
        failing = Failing(v => CutOffPort(v, 1));
        Check.That(failing.Count == 0, $"the right cut-off disagrees with {string.Join(", ", failing)}");
    }

    /// <summary>Each wrong reading of a convention fails at least three vectors.</summary>
    [Theory]
    [MemberData(nameof(Readings))]
    [Trait("Theorem", "TV.Conventions")]
    public void WrongReading_Fails_AtLeastThreeVectors(string reading)
    {
        var failing = Failing(Ports[reading]);
        Check.That(failing.Count >= MinimumFailing,
            $"'{reading}' fails only {failing.Count} vectors ({string.Join(", ", failing)}); expected at least {MinimumFailing}");
    }

    private static List<string> Failing(Func<TestVector, PortValues?> port)
    {
        var failing = new List<string>();
        foreach (var v in CatalogueVectors.All)
        {
            if (port(v) is not { } values)
            {
                continue;
            }
            var e = v.Expected;
            bool agrees = QuantityDifference.Of("outputs", values.Outputs, e.Outputs, v.Tolerances.Pointwise).Within
                && QuantityDifference.Of("cost", [values.Cost], [e.Cost], v.Tolerances.Pointwise).Within
                && (values.Rank is not { } rank || rank == e.Rank)
                && (values.Adapted is not { } adapted || QuantityDifference.Of("adapted", adapted, e.AdaptedDirection, v.Tolerances.Adapted).Within);
            if (!agrees)
            {
                failing.Add(v.Name);
            }
        }
        return failing;
    }

    /// <summary>Our model on the file's inputs, with θ and κ as the port reads them.</summary>
    private static PortValues Port(TestVector v, Vector<double>? theta = null, double? kappa = null)
    {
        var model = v.Model.Build();
        theta ??= Vector<double>.Build.Dense([.. v.Parameters]);
        var x = model.Outputs(theta);
        var y = Vector<double>.Build.Dense([.. v.Targets]);
        return new PortValues([.. x], (kappa ?? v.Kappa) / 2 * (x - y).DotProduct(x - y));
    }

    /// <summary>θ as a port reads it when it takes the blocks in reverse order and/or each block column-major.</summary>
    private static Vector<double> ReadBlocks(TestVector v, bool reverse, bool columnMajor)
    {
        var blocks = v.Model.Blocks;
        var theta = Vector<double>.Build.Dense(v.Parameters.Length);
        int position = 0;
        foreach (var b in reverse ? blocks.Reverse() : blocks)
        {
            for (int i = 0; i < b.Rows; i++)
            {
                for (int j = 0; j < b.Columns; j++)
                {
                    int read = position + (columnMajor ? j * b.Rows + i : i * b.Columns + j);
                    theta[b.Offset + i * b.Columns + j] = v.Parameters[read];
                }
            }
            position += b.Rows * b.Columns;
        }
        return theta;
    }

    /// <summary>
    /// A port that stacks outputs (and reads targets) the other way: (sample j, component q) at q·N + j instead of j·Q + q;
    /// for deep-linear, (sample j, row a) at j·d_y + a instead of a·m + j.
    /// </summary>
    private static PortValues OtherStacking(TestVector v)
    {
        int samples = v.Model.Inputs.Length, width = OutputWidth(v);
        bool linear = v.Model.Kind == "deep-linear";
        // index(j, q) in the reference's stacking and in the other one.
        int Reference(int j, int q) => linear ? q * samples + j : j * width + q;
        int Other(int j, int q) => linear ? j * width + q : q * samples + j;
        var model = v.Model.Build();
        var x = model.Outputs(Vector<double>.Build.Dense([.. v.Parameters]));
        var outputs = new double[x.Count];
        double cost = 0;
        for (int j = 0; j < samples; j++)
        {
            for (int q = 0; q < width; q++)
            {
                outputs[Other(j, q)] = x[Reference(j, q)];
                double r = x[Reference(j, q)] - v.Targets[Other(j, q)];
                cost += v.Kappa / 2 * r * r;
            }
        }
        return new PortValues(outputs, cost);
    }

    /// <summary>Q (outputs per sample); d_y for deep-linear.</summary>
    private static int OutputWidth(TestVector v) => v.Targets.Length / v.Model.Inputs.Length;

    /// <summary>
    /// An independent forward pass of a deep network with the port's own activation <paramref name="sigma"/>, for vectors
    /// whose activation is <paramref name="activation"/>: X⁽ˡ⁾ = σ(WₗX⁽ˡ⁻¹⁾ + bₗ), affine output layer, row-major blocks.
    /// </summary>
    private static PortValues? DeepPort(TestVector v, string activation, Func<double, double> sigma)
    {
        if (v.Model.Kind != "deep-network" || v.Model.Activation != activation)
        {
            return null;
        }
        var blocks = v.Model.Blocks;
        int layers = blocks.Length / 2, Q = v.Model.Widths[^1];
        var outputs = new double[v.Targets.Length];
        for (int j = 0; j < v.Model.Inputs.Length; j++)
        {
            double[] a = [.. v.Model.Inputs[j]];
            for (int l = 0; l < layers; l++)
            {
                var (W, b) = (blocks[2 * l], blocks[2 * l + 1]);
                var z = new double[W.Rows];
                for (int i = 0; i < W.Rows; i++)
                {
                    z[i] = v.Parameters[b.Offset + i];
                    for (int k = 0; k < W.Columns; k++)
                    {
                        z[i] += v.Parameters[W.Offset + i * W.Columns + k] * a[k];
                    }
                }
                a = l < layers - 1 ? [.. z.Select(sigma)] : z;
            }
            for (int q = 0; q < Q; q++)
            {
                outputs[j * Q + q] = a[q];
            }
        }
        double cost = v.Kappa / 2 * outputs.Zip(v.Targets, (x, y) => (x - y) * (x - y)).Sum();
        return new PortValues(outputs, cost);
    }

    /// <summary>
    /// A port whose rank cut-off is <paramref name="factor"/>·τ, τ = max(QN, K)·ε·σ₁ (factor 1 is the right one): its rank
    /// and its adapted direction −D⁺κ(x − y), from the SVD of the stored-input Jacobian.
    /// </summary>
    private static PortValues CutOffPort(TestVector v, double factor)
    {
        var model = v.Model.Build();
        var theta = Vector<double>.Build.Dense([.. v.Parameters]);
        var D = model.Jacobian(theta);
        var x = model.Outputs(theta);
        var g = (x - Vector<double>.Build.Dense([.. v.Targets])) * v.Kappa;
        var svd = D.Svd(true);
        double cut = factor * GradientFlows.Geometry.PenroseInverse.RankThreshold(D.RowCount, D.ColumnCount, svd.S[0]);
        int rank = svd.S.Count(s => s > cut);
        var direction = Vector<double>.Build.Dense(D.ColumnCount);
        for (int i = 0; i < rank; i++)
        {
            direction -= svd.VT.Row(i) * (svd.U.Column(i).DotProduct(g) / svd.S[i]);
        }
        var port = Port(v);
        return port with { Rank = rank, Adapted = [.. direction] };
    }
}
