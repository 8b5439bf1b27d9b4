using FsCheck;
using FsCheck.Fluent;
using GradientFlows.Proofs.Generators;

namespace GradientFlows.Proofs.Conventions;

/// <summary>
/// The shrink budget (<see cref="ShrinkBudget"/>) ends a failure's shrinking once its time is used, restarts with every
/// freshly drawn instance, and leaves the drawn values unchanged (so printed Replay seeds keep their meaning).
/// </summary>
public sealed class ShrinkBudgetTests
{
    private static readonly Gen<int> Sizes = Gen.Choose(10, 20);

    private static IEnumerable<int> Halves(int n) => n > 1 ? [n / 2, n - 1] : [];

    [Fact]
    [Trait("Theorem", "META.ShrinkBudget")]
    public void Shrinker_Eq_Empty_Of_SpentBudget()
    {
        var spent = ShrinkBudget.Arbitrary(Sizes, Halves, TimeSpan.Zero);
        int drawn = spent.Generator.Sample(1, 1).Single();
        Check.That(!spent.Shrinker(drawn).Any(), $"no candidates once the budget is spent (drawn {drawn})");
    }

    [Fact]
    [Trait("Theorem", "META.ShrinkBudget")]
    public void Shrinker_Eq_Unbudgeted_Of_BudgetLeft()
    {
        var budgeted = ShrinkBudget.Arbitrary(Sizes, Halves, TimeSpan.FromMinutes(1));
        var plain = Arb.From(Sizes, Halves);
        int drawn = budgeted.Generator.Sample(1, 1).Single();
        Check.That(budgeted.Shrinker(drawn).SequenceEqual(Halves(drawn)), $"all candidates of {drawn} within the budget");
        Check.That(budgeted.Generator.Sample(20, new Rnd(17UL, 23UL), 5).SequenceEqual(plain.Generator.Sample(20, new Rnd(17UL, 23UL), 5)),
            "the budgeted generator draws the same values from the same seed");
    }
}
