using System.Reflection;
using FsCheck.Xunit;

namespace GradientFlows.Proofs.Conventions;

/// <summary>
/// The 80 % rule (<see cref="Verdict"/>) reaches every property: a property that runs another number of cases than
/// FsCheck's default 100 also sets <c>MaxRejected = MaxTest / Verdict.InconclusivePerChecked</c>, so that at most one
/// instance in five may be inconclusive.
/// </summary>
public sealed class ConclusiveRuleTests
{
    [Fact]
    [Trait("Theorem", "META.Conclusive")]
    public void EveryProperty_MaxRejected_Le_QuarterOfMaxTest()
    {
        var assemblyDefault = typeof(ConclusiveRuleTests).Assembly.GetCustomAttribute<PropertiesAttribute>();
        Check.That(assemblyDefault is { MaxRejected: Verdict.MaxInconclusiveOf100 },
            $"the assembly's [Properties] sets MaxRejected = {Verdict.MaxInconclusiveOf100} (80 % of 100 cases conclusive)");
        var violations = new List<string>();
        foreach (var method in typeof(ConclusiveRuleTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)))
        {
            var data = method.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType == typeof(PropertyAttribute));
            if (data is null)
            {
                continue;
            }
            int maxTest = (int?)data.NamedArguments.FirstOrDefault(a => a.MemberName == nameof(PropertyAttribute.MaxTest)).TypedValue.Value ?? 100;
            int maxRejected = (int?)data.NamedArguments.FirstOrDefault(a => a.MemberName == nameof(PropertyAttribute.MaxRejected)).TypedValue.Value
                ?? Verdict.MaxInconclusiveOf100;
            if (maxRejected > maxTest / Verdict.InconclusivePerChecked)
            {
                violations.Add($"{method.DeclaringType!.Name}.{method.Name} (MaxTest = {maxTest}, MaxRejected = {maxRejected})");
            }
        }
        Check.That(violations.Count == 0,
            "properties that would accept more than one inconclusive instance in five; set MaxRejected = MaxTest / Verdict.InconclusivePerChecked: "
            + string.Join(", ", violations));
    }

    /// <summary>
    /// The certificate run (<c>verify</c>) instantiates every test class itself: each class with a Theorem-traited test
    /// has a parameterless constructor (no test-output helper, no fixture), so what the suite checks, verify checks.
    /// </summary>
    [Fact]
    [Trait("Theorem", "META.Conclusive")]
    public void EveryTestClass_Has_ParameterlessConstructor()
    {
        var classes = typeof(ConclusiveRuleTests).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && t.GetMethods().Any(m => m.GetCustomAttributes<FactAttribute>().Any()))
            .Where(t => t.GetConstructor(Type.EmptyTypes) is null)
            .Select(t => t.Name)
            .ToList();
        Check.That(classes.Count == 0, "test classes the certificate run cannot construct (no parameterless constructor): " + string.Join(", ", classes));
    }
}
