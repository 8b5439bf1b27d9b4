using System.Reflection;
using FsCheck.Xunit;
using Xunit;

namespace GradientFlows.Certificate;

/// <summary>How a proofs-as-tests method checks its theorem.</summary>
internal enum CheckKind
{
    /// <summary>An FsCheck property over generated instances.</summary>
    Property,

    /// <summary>A fixed construction (one instance).</summary>
    Fact,

    /// <summary>A fixed construction per data row.</summary>
    Theory,
}

/// <summary>One test method of the proofs-as-tests and the theorem id it checks.</summary>
/// <param name="Id">The theorem id (the test's Theorem trait), e.g. <c>GB.R1.3</c>.</param>
/// <param name="Method">The test method.</param>
/// <param name="Kind">Property, fact or theory.</param>
internal sealed record TheoremCheck(string Id, MethodInfo Method, CheckKind Kind)
{
    /// <summary>The source the id belongs to.</summary>
    public string Source => Id.Split('.')[0] switch
    {
        "GB" => "Gelada–Buckman",
        "CH" => "Chen",
        "CME" => "Chen–Muñoz Ewald",
        "LN" => "linear networks",
        "NUM" => "numerical core",
        "TV" => "test vectors",
        var other => other,
    };

    /// <summary>
    /// Every test method of the proofs-as-tests assembly with a Theorem trait, except the convention meta-tests (META.*)
    /// and the snapshot tests (trait Kind = Snapshot), which pin files rather than check theorems on fresh instances.
    /// </summary>
    public static IReadOnlyList<TheoremCheck> Discover()
    {
        var assembly = typeof(GradientFlows.Proofs.Check).Assembly;
        var checks = new List<TheoremCheck>();
        foreach (var type in assembly.GetTypes().Where(t => t.IsClass && !t.IsAbstract))
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                var traits = method.GetCustomAttributesData()
                    .Where(a => a.AttributeType == typeof(TraitAttribute))
                    .Select(a => ((string)a.ConstructorArguments[0].Value!, (string)a.ConstructorArguments[1].Value!))
                    .ToList();
                string? id = traits.FirstOrDefault(t => t.Item1 == "Theorem").Item2;
                if (id is null || id.StartsWith("META.", StringComparison.Ordinal) || traits.Contains(("Kind", "Snapshot")))
                {
                    continue;
                }
                CheckKind? kind = method.GetCustomAttribute<PropertyAttribute>() is not null ? CheckKind.Property
                    : method.GetCustomAttribute<TheoryAttribute>() is not null ? CheckKind.Theory
                    : method.GetCustomAttribute<FactAttribute>() is not null ? CheckKind.Fact
                    : null;
                if (kind is CheckKind k)
                {
                    checks.Add(new TheoremCheck(id, method, k));
                }
            }
        }
        return [.. checks.OrderBy(c => c.Id, StringComparer.Ordinal).ThenBy(c => c.Method.Name, StringComparer.Ordinal)];
    }
}
