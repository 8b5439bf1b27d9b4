using System.Collections.Immutable;
using System.Globalization;
using GradientFlows.TestVectors;
using Newtonsoft.Json.Linq;
using Snapshooter;
using Snapshooter.Xunit;

namespace GradientFlows.Proofs.TestVectors;

/// <summary>
/// The published test vectors: pinned by snapshots, bit-exact through JSON, reproduced exactly by the check, and
/// rejected with a named field when malformed.
/// </summary>
public sealed class VectorTests
{
    /// <summary>Significant digits kept in a snapshot (see CONTRIBUTING.md: far above any tolerance, below bit level).</summary>
    private const string SnapshotDigits = "G12";

    /// <summary>The names of every catalogue vector, as test data.</summary>
    public static TheoryData<string> Names => [.. TestVectorCatalogue.All.Select(e => e.Name)];

    private static TestVector Vector(string name) => TestVectorCatalogue.All.Single(e => e.Name == name).Compute();

    /// <summary>There are at least 30 vectors and every model kind of the format has one.</summary>
    [Fact]
    [Trait("Theorem", "TV.Catalogue")]
    public void Catalogue_Covers_EveryKind()
    {
        var vectors = TestVectorCatalogue.All.Select(e => e.Compute()).ToList();
        Check.That(vectors.Count >= 30, $"{vectors.Count} vectors; expected at least 30");
        foreach (var kind in ModelDescription.Kinds)
        {
            Check.That(vectors.Any(v => v.Model.Kind == kind), $"no vector of kind {kind}");
        }
        Check.That(vectors.Any(v => v.Expected.Rank < Math.Min(v.Targets.Length, v.Parameters.Length)), "a rank-loss vector exists");
        Check.That(vectors.Any(v => v.Parameters.Length < v.Targets.Length) && vectors.Any(v => v.Parameters.Length == v.Targets.Length)
            && vectors.Any(v => v.Parameters.Length > v.Targets.Length), "over-, under- and borderline-parametrised vectors exist");
        Check.That(vectors.Select(v => v.Name).Distinct().Count() == vectors.Count, "names are unique");
    }

    /// <summary>Every vector is pinned: a change in any value (to 12 significant digits) fails with a readable diff.</summary>
    [Theory]
    [MemberData(nameof(Names))]
    [Trait("Theorem", "TV.Snapshot")]
    [Trait("Kind", "Snapshot")]
    public void Vector_Eq_Snapshot(string name)
    {
        var token = JToken.Parse(TestVectorJson.Write(Vector(name)));
        Round(token);
        Snapshot.Match(token, SnapshotNameExtension.Create(name));
    }

    /// <summary>Writing and reading a vector gives the same doubles bit for bit (shortest round-trip numbers).</summary>
    [Theory]
    [MemberData(nameof(Names))]
    [Trait("Theorem", "TV.RoundTrip")]
    public void Vector_RoundTrip_Eq_BitExact(string name)
    {
        var vector = Vector(name);
        var back = TestVectorJson.Read(TestVectorJson.Write(vector));
        Check.That(TestVectorJson.Write(back) == TestVectorJson.Write(vector), "re-serialised text is identical");
        Check.That(back.Parameters.SequenceEqual(vector.Parameters) && back.Expected.Gradient.SequenceEqual(vector.Expected.Gradient)
            && back.Expected.Jacobian.Zip(vector.Expected.Jacobian).All(p => p.First.SequenceEqual(p.Second)), "doubles equal bit for bit");
    }

    /// <summary>Recomputing a stored vector with this implementation reproduces every quantity exactly.</summary>
    [Theory]
    [MemberData(nameof(Names))]
    [Trait("Theorem", "TV.Check")]
    public void Check_Differences_Eq_Zero(string name)
    {
        var differences = TestVectorCheck.Compare(TestVectorJson.Read(TestVectorJson.Write(Vector(name))));
        foreach (var d in differences)
        {
            Check.That(d.MaxAbsolute == 0, $"{d.Quantity}: max |Δ| = {d.MaxAbsolute:R}; expected 0 when recomputing our own vector");
        }
    }

    /// <summary>The check detects a perturbation of one stored value beyond its tolerance, and names the quantity.</summary>
    [Fact]
    [Trait("Theorem", "TV.Check")]
    public void Check_Detects_PerturbedValue()
    {
        var vector = Vector("deep-tanh-over-a");
        var gradient = vector.Expected.Gradient.SetItem(2, vector.Expected.Gradient[2] + 1e-6);
        var perturbed = vector with { Expected = vector.Expected with { Gradient = gradient } };
        var differences = TestVectorCheck.Compare(perturbed);
        var failing = differences.Where(d => !d.Within).Select(d => d.Quantity).ToList();
        Check.That(failing.SequenceEqual(["expected.gradient"]), $"failing quantities: {string.Join(", ", failing)}; expected exactly expected.gradient");
    }

    /// <summary>Malformed or inconsistent files raise <see cref="TestVectorFormatException"/> naming the field.</summary>
    [Fact]
    [Trait("Theorem", "TV.Format")]
    public void MalformedFiles_Name_The_Field()
    {
        var vector = Vector("relu-n2-k4-m3");
        string json = TestVectorJson.Write(vector);
        void Rejects(string text, string field)
        {
            var error = Assert.Throws<TestVectorFormatException>(() => TestVectorCheck.Compare(TestVectorJson.Read(text)));
            Assert.StartsWith(field, error.Field, StringComparison.Ordinal);
        }
        Rejects(TestVectorJson.Write(vector with { Parameters = vector.Parameters.RemoveAt(0) }), "parameters");
        Rejects(TestVectorJson.Write(vector with { Expected = vector.Expected with { Jacobian = vector.Expected.Jacobian.RemoveAt(0) } }), "expected.jacobian");
        Rejects(TestVectorJson.Write(vector with { Model = vector.Model with { Kind = "transformer" } }), "model.kind");
        Rejects(TestVectorJson.Write(vector with { Kappa = -1 }), "kappa");
        Rejects(TestVectorJson.Write(vector with { Version = 2 }), "version");
        Rejects(json.Replace("\"format\"", "\"formats\"", StringComparison.Ordinal), "$");
        Rejects(json.Replace("\"cost\": ", "\"cost\": \"NaN\", \"ignored\": ", StringComparison.Ordinal), "$");
        Rejects(TestVectorJson.Write(vector with { Model = vector.Model with { Blocks = vector.Model.Blocks.Reverse().ToImmutableArray() } }), "model.blocks");
    }

    /// <summary>The embedded schema is the documented file and names every top-level field the writer emits.</summary>
    [Fact]
    [Trait("Theorem", "TV.Format")]
    public void Schema_Names_EveryField()
    {
        var schema = JObject.Parse(TestVectorSchema.Text);
        var written = JObject.Parse(TestVectorJson.Write(Vector("saturating-exponential-3")));
        var properties = (JObject)schema["properties"]!;
        foreach (var field in written.Properties())
        {
            Check.That(properties.ContainsKey(field.Name), $"schema lacks top-level field {field.Name}");
        }
        var expectedProperties = (JObject)properties["expected"]!["properties"]!;
        foreach (var field in ((JObject)written["expected"]!).Properties())
        {
            Check.That(expectedProperties.ContainsKey(field.Name), $"schema lacks expected.{field.Name}");
        }
    }

    private static void Round(JToken token)
    {
        foreach (var value in ((JContainer)token).DescendantsAndSelf().OfType<JValue>().Where(v => v.Type == JTokenType.Float).ToList())
        {
            double d = value.Value<double>();
            value.Value = double.Parse(d.ToString(SnapshotDigits, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }
    }
}
