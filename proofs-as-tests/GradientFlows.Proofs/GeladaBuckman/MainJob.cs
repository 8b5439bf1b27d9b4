using System.Globalization;
using GradientFlows.Experiments;
using Snapshooter.Xunit;

namespace GradientFlows.Proofs.GeladaBuckman;

/// <summary>
/// The main job (the source's interactive experiment, <see cref="HealthExperiment.Default"/>) pinned by a snapshot, so
/// the numbers quoted in README.md and docs/gelada-buckman.md cannot drift silently.
/// </summary>
public sealed class MainJob
{
    /// <summary>Significant digits kept in the snapshot: far above the integrator's rtol 10⁻¹⁰, far below bit-exactness.</summary>
    private const string Digits = "G9";

    /// <summary>The default run's constants and checkpoint rows equal the committed snapshot (9 significant digits).</summary>
    [Fact]
    [Trait("Theorem", "GB.Experiment")]
    [Trait("Kind", "Snapshot")]
    public void MainJob_Default_Eq_Snapshot()
    {
        var result = HealthExperiment.Default.Run();
        string F(double? v) => v is double d ? d.ToString(Digits, CultureInfo.InvariantCulture) : "null";
        var checkpoints = new[] { 0, 10, 20, 50, 100, 150, 200 };
        var pinned = new
        {
            Eta = F(result.Eta),
            LambdaMaxK0 = F(result.KernelMaxEigenvalue),
            Theta = F(result.Efficiency),
            Alpha = F(result.Guarantee.Alpha),
            Beta = F(result.Guarantee.Beta),
            CriticalTime = F(result.Guarantee.Rigorous?.CriticalTime),
            Rows = checkpoints.Select(j => result.Rows[j]).Select(r => new
            {
                r.Step,
                GdLoss = F(r.DescentLoss),
                FlowLoss = F(r.FlowLoss),
                Rigorous = F(r.RigorousBound),
                Sharp = F(r.SharpBound),
                DescentBound = F(r.DescentBound),
                Idealised = F(r.IdealisedBound),
            }).ToArray(),
        };
        Snapshot.Match(pinned);
        Check.That(result.Rows.All(r => r.FlowLoss <= Math.Max(r.RigorousBound, Tolerances.LossFloor(result.Rows[0].FlowLoss)) * (1 + Tolerances.FlowBoundRelative)),
            "the default run respects the rigorous bound");
        Check.That(result.Rows.All(r => r.DescentBound is double b && r.DescentLoss <= b * (1 + Tolerances.FlowBoundRelative)),
            "the default GD run respects D2.2 with its realised θ");
    }
}
