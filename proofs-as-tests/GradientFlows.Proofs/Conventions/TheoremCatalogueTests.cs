using System.Reflection;
using System.Text.RegularExpressions;

namespace GradientFlows.Proofs.Conventions;

/// <summary>
/// Meta-tests that keep docs/theorems.md and the proofs-as-tests in step: every test carries a Theorem trait, every
/// trait id has a row, every row has a test, and every test named in a row exists under that id.
/// </summary>
public sealed partial class TheoremCatalogueTests
{
    private static readonly Assembly Tests = typeof(TheoremCatalogueTests).Assembly;

    /// <summary>(method, theorem id) for every test method of the assembly.</summary>
    private static IEnumerable<(MethodInfo Method, string? Theorem)> TestMethods() =>
        from type in Tests.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
        where method.GetCustomAttributes().Any(a => a is FactAttribute)
        select (method, method.GetCustomAttributesData()
            .Where(a => a.AttributeType == typeof(TraitAttribute) && (string?)a.ConstructorArguments[0].Value == "Theorem")
            .Select(a => (string?)a.ConstructorArguments[1].Value)
            .FirstOrDefault());

    /// <summary>The rows of docs/theorems.md: id → test names in the last column.</summary>
    private static Dictionary<string, string[]> CatalogueRows()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "docs", "theorems.md");
        var rows = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var cells = line.Split('|');
            if (cells.Length < 6 || !IdPattern().IsMatch(cells[1].Trim()))
            {
                continue;
            }
            var tests = TestNamePattern().Matches(cells[^2]).Select(m => m.Groups[1].Value).ToArray();
            rows[cells[1].Trim()] = tests;
        }
        return rows;
    }

    [Fact]
    [Trait("Theorem", "META.Catalogue")]
    public void EveryTest_Has_TheoremTrait()
    {
        var missing = TestMethods().Where(t => string.IsNullOrEmpty(t.Theorem)).Select(t => $"{t.Method.DeclaringType!.Name}.{t.Method.Name}").ToList();
        Check.That(missing.Count == 0, "tests without [Trait(\"Theorem\", …)]: " + string.Join(", ", missing));
    }

    [Fact]
    [Trait("Theorem", "META.Catalogue")]
    public void EveryTheoremId_Has_CatalogueRow_And_Back()
    {
        var rows = CatalogueRows();
        var ids = TestMethods().Select(t => t.Theorem!).Where(id => id is not null && !id.StartsWith("META.", StringComparison.Ordinal)).ToHashSet();
        var withoutRow = ids.Where(id => !rows.ContainsKey(id)).Order().ToList();
        var withoutTest = rows.Keys.Where(id => !ids.Contains(id)).Order().ToList();
        Check.That(withoutRow.Count == 0, "theorem ids with no row in docs/theorems.md: " + string.Join(", ", withoutRow));
        Check.That(withoutTest.Count == 0, "rows of docs/theorems.md with no test: " + string.Join(", ", withoutTest));
    }

    [Fact]
    [Trait("Theorem", "META.Catalogue")]
    public void EveryCatalogueTestName_Exists_Under_Its_Id()
    {
        var byName = TestMethods().GroupBy(t => t.Method.Name).ToDictionary(g => g.Key, g => g.Select(t => t.Theorem).ToHashSet());
        var problems = new List<string>();
        foreach (var (id, tests) in CatalogueRows())
        {
            if (tests.Length == 0)
            {
                problems.Add($"{id}: no test named");
            }
            foreach (var name in tests)
            {
                if (!byName.TryGetValue(name, out var theorems) || !theorems.Contains(id))
                {
                    problems.Add($"{id}: {name}");
                }
            }
        }
        Check.That(problems.Count == 0, "catalogue entries that do not name an existing test with that id: " + string.Join("; ", problems));
    }

    [GeneratedRegex(@"^[A-Z]+\.[A-Za-z0-9.]+$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"`([A-Za-z][A-Za-z0-9_]*)`")]
    private static partial Regex TestNamePattern();
}
