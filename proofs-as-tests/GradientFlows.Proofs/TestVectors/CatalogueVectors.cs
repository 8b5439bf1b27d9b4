using GradientFlows.TestVectors;

namespace GradientFlows.Proofs.TestVectors;

/// <summary>The catalogue's vectors, computed once per test run and shared by the vector tests (each takes a few seconds).</summary>
internal static class CatalogueVectors
{
    private static readonly Lazy<IReadOnlyDictionary<string, TestVector>> Computed = new(() =>
        TestVectorCatalogue.All.AsParallel().Select(e => e.Compute()).ToDictionary(v => v.Name));

    /// <summary>The vector named <paramref name="name"/>.</summary>
    public static TestVector Get(string name) => Computed.Value[name];

    /// <summary>Every vector, in catalogue order.</summary>
    public static IEnumerable<TestVector> All => TestVectorCatalogue.All.Select(e => Computed.Value[e.Name]);
}
