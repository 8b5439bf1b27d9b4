using System.Reflection;

namespace GradientFlows.Proofs.Conventions;

/// <summary>
/// docs/numerics.md lists every tolerance of the proofs with its derivation: each public member of
/// <see cref="Tolerances"/> appears there, in backticks, and the page names no member that does not exist.
/// </summary>
public sealed class ToleranceCatalogueTests
{
    [Fact]
    [Trait("Theorem", "META.Tolerances")]
    public void EveryTolerance_Has_NumericsRow_And_Back()
    {
        var members = typeof(Tolerances).GetMembers(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => m is FieldInfo or MethodInfo { IsSpecialName: false } or PropertyInfo)
            .Select(m => m.Name)
            .ToHashSet(StringComparer.Ordinal);
        string page = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "docs", "numerics.md"));
        var listed = System.Text.RegularExpressions.Regex.Matches(page, @"^\| `([A-Za-z][A-Za-z0-9]*)[`(]", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value)
            .ToHashSet(StringComparer.Ordinal);
        var missing = members.Where(m => !listed.Contains(m)).Order(StringComparer.Ordinal).ToList();
        var stale = listed.Where(m => !members.Contains(m)).Order(StringComparer.Ordinal).ToList();
        Check.That(missing.Count == 0, "tolerances with no row in docs/numerics.md: " + string.Join(", ", missing));
        Check.That(stale.Count == 0, "rows of docs/numerics.md naming no member of Tolerances: " + string.Join(", ", stale));
    }
}
