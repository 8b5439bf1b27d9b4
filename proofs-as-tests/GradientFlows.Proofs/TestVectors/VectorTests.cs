using System.Collections.Immutable;
using System.Globalization;
using GradientFlows.TestVectors;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
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
    /// <summary>The error a port makes in one flow sample that the check must catch above the floor: 1 % (the issue's bar).</summary>
    private const double OnePercent = 0.01;

    /// <summary>Significant digits kept in a snapshot (see CONTRIBUTING.md: far above any tolerance, below bit level).</summary>
    private const string SnapshotDigits = "G12";

    /// <summary>The names of every catalogue vector, as test data.</summary>
    public static TheoryData<string> Names => [.. TestVectorCatalogue.All.Select(e => e.Name)];

    private static TestVector Vector(string name) => CatalogueVectors.Get(name);

    /// <summary>There are at least 30 vectors and every model kind of the format has one.</summary>
    [Fact]
    [Trait("Theorem", "TV.Catalogue")]
    public void Catalogue_Covers_EveryKind()
    {
        var vectors = CatalogueVectors.All.ToList();
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

    /// <summary>
    /// The per-vector table of docs/test-vectors.md lists every catalogue vector once, with its regime, K, QN, rank, κ and
    /// the end of its time grid (— when it has no trajectories).
    /// </summary>
    [Fact]
    [Trait("Theorem", "TV.Catalogue")]
    public void DocsTable_Eq_Catalogue()
    {
        var rows = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(RepositoryFile("docs", "test-vectors.md")))
        {
            var cells = line.Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length == 11 && cells[1].StartsWith('`'))
            {
                Check.That(rows.TryAdd(cells[1].Trim('`'), cells), $"{cells[1]} is listed once");
            }
        }
        Check.That(rows.Count == TestVectorCatalogue.All.Count, $"{rows.Count} rows; expected {TestVectorCatalogue.All.Count}");
        static double Number(string cell)
        {
            var parts = cell.Split(' ')[0].Split('/');
            double value = double.Parse(parts[^1], CultureInfo.InvariantCulture);
            return parts.Length == 2 ? double.Parse(parts[0], CultureInfo.InvariantCulture) / value : value;
        }
        foreach (var v in CatalogueVectors.All)
        {
            Check.That(rows.TryGetValue(v.Name, out var c), $"docs/test-vectors.md lists {v.Name}");
            Check.That(c![2] == v.Regime && int.Parse(c[3], CultureInfo.InvariantCulture) == v.Parameters.Length
                && int.Parse(c[4], CultureInfo.InvariantCulture) == v.Targets.Length && int.Parse(c[5], CultureInfo.InvariantCulture) == v.Expected.Rank
                && Number(c[6]) == v.Kappa, $"{v.Name}: the row {string.Join(" | ", c)} matches regime, K, QN, rank and κ");
            Check.That(v.Trajectories is { } t ? Number(c[7]) == t.Standard[^1].Time : c[7] == "—", $"{v.Name}: t_end {c[7]}");
        }
    }

    private static string RepositoryFile(string folder, string file, [System.Runtime.CompilerServices.CallerFilePath] string source = "")
    {
        // The test project keeps source paths (no PathMap, see CONTRIBUTING.md), so the repository is above this file.
        var directory = new DirectoryInfo(Path.GetDirectoryName(source)!);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Reference.sln")))
        {
            directory = directory.Parent;
        }
        return Path.Combine(directory?.FullName ?? throw new InvalidOperationException($"no Reference.sln above {source}"), folder, file);
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

    /// <summary>
    /// Recomputing a stored vector with this implementation reproduces every quantity exactly, and the stored tolerances
    /// are the reference rule's (no note).
    /// </summary>
    [Theory]
    [MemberData(nameof(Names))]
    [Trait("Theorem", "TV.Check")]
    public void Check_Differences_Eq_Zero(string name)
    {
        var result = TestVectorCheck.Compare(TestVectorJson.Read(TestVectorJson.Write(Vector(name))));
        foreach (var d in result.Differences)
        {
            Check.That(d.MaxAbsolute == 0, $"{d.Quantity}: max |Δ| = {d.MaxAbsolute:R}; expected 0 when recomputing our own vector");
        }
        Check.That(result.Agrees && result.ToleranceNotes.IsEmpty, $"agrees, no tolerance notes: {string.Join("; ", result.ToleranceNotes)} {result.RegimeMismatch}");
    }

    /// <summary>The check detects a perturbation of one stored value beyond its tolerance, and names the quantity.</summary>
    [Fact]
    [Trait("Theorem", "TV.Check")]
    public void Check_Detects_PerturbedValue()
    {
        var vector = Vector("deep-tanh-over-a");
        var gradient = vector.Expected.Gradient.SetItem(2, vector.Expected.Gradient[2] + 1e-6);
        var perturbed = vector with { Expected = vector.Expected with { Gradient = gradient }, Trajectories = null };
        var failing = TestVectorCheck.Compare(perturbed).Failing.Select(d => d.Quantity).ToList();
        Check.That(failing.SequenceEqual(["expected.gradient"]), $"failing quantities: {string.Join(", ", failing)}; expected exactly expected.gradient");
        var fromZero = QuantityDifference.Of("expected.cost", [vector.Expected.Cost], [0.0], vector.Tolerances.Pointwise);
        Check.That(!fromZero.Within && fromZero.RelativeUndefined, "a stored 0 that differs is reported as differing, with an undefined (not 0) relative difference");
    }

    /// <summary>
    /// Every flow sample is judged on its own: a 1 % error in the last cost and distance sample of both flows fails
    /// whenever the sample lies above the floor's 1 % threshold φ/(0.01 − ρ) (end to end through the check, one run per
    /// vector), and so does a 1 % error in any single sample above it (through the per-sample rule the check applies).
    /// </summary>
    [Theory]
    [MemberData(nameof(Names))]
    [Trait("Theorem", "TV.Trajectory")]
    public void Check_Fails_On_OnePercentSampleError_Of_AboveFloor(string name)
    {
        var vector = Vector(name);
        if (vector.Trajectories is not { } t)
        {
            return;
        }
        var tol = vector.Tolerances;
        double costThreshold = tol.TrajectoryCostFloor / (OnePercent - tol.Trajectory), distanceThreshold = tol.TrajectoryDistanceFloor / (OnePercent - tol.Trajectory);
        static TrajectorySample Bump(TrajectorySample s) => s with { Cost = s.Cost * (1 + OnePercent), Distance = s.Distance * (1 + OnePercent) };
        var perturbed = vector with
        {
            Trajectories = t with { Standard = t.Standard.SetItem(t.Standard.Length - 1, Bump(t.Standard[^1])), Adapted = t.Adapted.SetItem(t.Adapted.Length - 1, Bump(t.Adapted[^1])) },
        };
        var failing = TestVectorCheck.Compare(perturbed).Failing.Select(d => d.Quantity).ToHashSet();
        foreach (var (label, samples) in new[] { ("trajectories.standard", t.Standard), ("trajectories.adapted", t.Adapted) })
        {
            var last = samples[^1];
            Check.That(last.Cost <= costThreshold || failing.Contains($"{label}.cost"),
                $"{label}.cost[last] = {last.Cost:R} is above the 1 % threshold {costThreshold:G3}; a 1 % error must fail the check");
            Check.That(last.Distance <= distanceThreshold || failing.Contains($"{label}.distance"),
                $"{label}.distance[last] = {last.Distance:R} is above the 1 % threshold {distanceThreshold:G3}; a 1 % error must fail the check");
            for (int i = 0; i < samples.Length; i++)
            {
                double[] costs = [.. samples.Select(s => s.Cost)];
                double[] bumped = [.. costs];
                bumped[i] *= 1 + OnePercent;
                bool caught = !QuantityDifference.PerSample(label, bumped, costs, tol.Trajectory, tol.TrajectoryCostFloor).Within;
                Check.That(costs[i] <= costThreshold || caught, $"{label}.cost[{i}] = {costs[i]:R}: a 1 % error must fail");
            }
        }
    }

    /// <summary>
    /// A file cannot loosen the bar: with every stored tolerance set to 1 and the outputs off by a relative 10⁻⁶, the check
    /// still fails (it applies the reference rule) and notes each loosened tolerance.
    /// </summary>
    [Fact]
    [Trait("Theorem", "TV.Tolerances")]
    public void Check_Fails_Of_LoosenedTolerances()
    {
        var vector = Vector("deep-tanh-over-b");
        var loose = new PortTolerances { Pointwise = 1, Adapted = 1, Trajectory = 1, TrajectoryCostFloor = 1, TrajectoryDistanceFloor = 1, Derivation = "loosened by hand" };
        var perturbed = vector with
        {
            Tolerances = loose,
            Expected = vector.Expected with { Outputs = [.. vector.Expected.Outputs.Select(x => x * (1 + 1e-6))] },
        };
        var result = TestVectorCheck.Compare(TestVectorJson.Read(TestVectorJson.Write(perturbed)));
        Check.That(!result.Agrees && result.Failing.Select(d => d.Quantity).SequenceEqual(["expected.outputs"]),
            $"failing: {string.Join(", ", result.Failing.Select(d => d.Quantity))}; expected exactly expected.outputs");
        foreach (string field in new[] { "pointwise", "adapted", "trajectory", "trajectoryCostFloor", "trajectoryDistanceFloor" })
        {
            Check.That(result.ToleranceNotes.Any(n => n.StartsWith($"tolerances.{field}:", StringComparison.Ordinal) && n.Contains("looser", StringComparison.Ordinal)),
                $"a note names the loosened tolerances.{field}");
        }
    }

    /// <summary>Every stored tolerance is the reference rule's for that vector (so a port that copies them copies the rule).</summary>
    [Theory]
    [MemberData(nameof(Names))]
    [Trait("Theorem", "TV.Tolerances")]
    public void StoredTolerances_Eq_ReferenceRule(string name)
    {
        var v = Vector(name);
        var rule = PortTolerances.Reference(v.Kappa, Norm(v.Targets), Norm(v.Parameters), TestVectorComputation.Condition(v.Expected),
            TestVectorComputation.TrajectoryTolerances);
        Check.That(rule == v.Tolerances, $"stored {v.Tolerances}; the rule gives {rule}");
    }

    /// <summary>
    /// The declared regime is the measured one (K vs QN and rank D), the catalogue's label agrees with the file's, and the
    /// regime's literal formula — −Dᵀ(DDᵀ)⁻¹g, −(DᵀD)⁻¹Dᵀg or −D⁻¹g, g = ∇ₓC = κ(x − y), solved by QR/LU without the SVD —
    /// reproduces the stored adapted direction within the vector's adapted tolerance; under rank loss only the SVD form does.
    /// </summary>
    [Theory]
    [MemberData(nameof(Names))]
    [Trait("Theorem", "TV.Regime")]
    public void Regime_Eq_Measured(string name)
    {
        var v = Vector(name);
        int K = v.Parameters.Length, QN = v.Targets.Length;
        string measured = VectorRegime.Of(K, QN, v.Expected.Rank);
        Check.That(v.Regime == measured, $"{name}: declared '{v.Regime}', measured '{measured}' (K = {K}, QN = {QN}, rank = {v.Expected.Rank})");
        Check.That(TestVectorCatalogue.All.Single(e => e.Name == name).Regime == v.Regime, "the catalogue entry declares the same regime");
        var D = Matrix<double>.Build.DenseOfRows(v.Expected.Jacobian.Select(r => r.ToArray()));
        var g = Vector<double>.Build.Dense(QN, i => v.Kappa * (v.Expected.Outputs[i] - v.Targets[i]));
        var literal = measured switch
        {
            VectorRegime.Over => -MinimumNormSolution(D, g),
            VectorRegime.Under => -D.QR().Solve(g),
            VectorRegime.Borderline => -D.LU().Solve(g),
            _ => null,
        };
        if (literal is null)
        {
            Check.That(v.Expected.SingularValues[^1] <= PenroseThreshold(v), "rank loss: the smallest singular value lies below the cut-off");
            return;
        }
        var difference = QuantityDifference.Of("adaptedDirection", [.. literal], v.Expected.AdaptedDirection, v.Tolerances.Adapted);
        Check.That(difference.Within, $"{name} ({measured}): the literal formula misses the stored adapted direction by {difference.MaxAbsolute:G3} (allowed {difference.Allowed:G3})");
    }

    private static double PenroseThreshold(TestVector v) =>
        GradientFlows.Geometry.PenroseInverse.RankThreshold(v.Targets.Length, v.Parameters.Length, v.Expected.SingularValues[0]);

    private static double Norm(ImmutableArray<double> x) => Vector<double>.Build.Dense([.. x]).L2Norm();

    /// <summary>Dᵀ(DDᵀ)⁻¹g for D of full row rank, as Q·R⁻ᵀg with Dᵀ = QR (no normal equations, no SVD).</summary>
    private static Vector<double> MinimumNormSolution(Matrix<double> D, Vector<double> g)
    {
        var qr = D.Transpose().QR(QRMethod.Thin);
        return qr.Q * qr.R.Transpose().Solve(g);
    }

    /// <summary>
    /// Malformed, inconsistent or physically impossible files raise <see cref="TestVectorFormatException"/> naming the JSON
    /// path, in plain words (no .NET type names): wrong lengths, unknown kinds, duplicate or unknown fields, fields that do
    /// not belong to the model kind, negative κ, costs or distances, times that do not increase, an unknown regime.
    /// </summary>
    [Fact]
    [Trait("Theorem", "TV.Format")]
    public void MalformedFiles_Name_The_Field()
    {
        var vector = Vector("relu-n2-k4-m3");
        string json = TestVectorJson.Write(vector);
        void Rejects(string text, string field)
        {
            var error = Assert.Throws<TestVectorFormatException>(() => TestVectorCheck.Compare(TestVectorJson.Read(text)));
            Check.That(error.Field.StartsWith(field, StringComparison.Ordinal), $"the error names {error.Field}; expected {field} ({error.Message})");
            Check.That(!error.Message.Contains("System.", StringComparison.Ordinal) && !error.Message.Contains("GradientFlows.", StringComparison.Ordinal)
                && !error.Message.Contains("(Parameter", StringComparison.Ordinal), $"plain words, no .NET names: {error.Message}");
        }
        string Write(TestVector v) => TestVectorJson.Write(v);
        var t = vector.Trajectories!;
        Rejects(Write(vector with { Parameters = vector.Parameters.RemoveAt(0) }), "parameters");
        Rejects(Write(vector with { Expected = vector.Expected with { Jacobian = vector.Expected.Jacobian.RemoveAt(0) } }), "expected.jacobian");
        Rejects(Write(vector with { Model = vector.Model with { Kind = "transformer" } }), "model.kind");
        Rejects(Write(vector with { Kappa = -1 }), "kappa");
        Rejects(Write(vector with { Version = 1 }), "version");
        Rejects(Write(vector with { Regime = "overparametrised" }), "regime");
        Rejects(Write(vector with { Expected = vector.Expected with { Cost = -0.5 } }), "expected.cost");
        Rejects(Write(vector with { Expected = vector.Expected with { SingularValues = [.. vector.Expected.SingularValues.Reverse()] } }), "expected.singularValues");
        Rejects(Write(vector with { Trajectories = t with { Standard = t.Standard.SetItem(2, t.Standard[2] with { Cost = -1e-3 }) } }), "trajectories.standard[2].cost");
        Rejects(Write(vector with { Trajectories = t with { Adapted = t.Adapted.SetItem(3, t.Adapted[3] with { Distance = -1 }) } }), "trajectories.adapted[3].distance");
        var swapped = t.Standard.SetItem(2, t.Standard[3]).SetItem(3, t.Standard[2]);
        Rejects(Write(vector with { Trajectories = t with { Standard = swapped, Adapted = t.Adapted.SetItem(2, t.Adapted[3]).SetItem(3, t.Adapted[2]) } }), "trajectories.standard[3].time");
        Rejects(Write(vector with { Model = vector.Model with { Blocks = vector.Model.Blocks.Reverse().ToImmutableArray() } }), "model.blocks");
        Rejects(Write(Vector("deep-linear-2-4-2") with { Model = Vector("deep-linear-2-4-2").Model with { Activation = "tanh" } }), "model.activation");
        Rejects(json.Replace("\"format\"", "\"formats\"", StringComparison.Ordinal), "formats");
        Rejects(json.Replace("\"cost\": ", "\"cost\": \"NaN\", \"ignored\": ", StringComparison.Ordinal), "expected.cost");
        Rejects(json.Replace("\"kappa\": 1,", "\"kappa\": 1000, \"kappa\": 1,", StringComparison.Ordinal), "kappa");
        Rejects(json.Replace("\"kappa\": 1,", "\"kappa\": \"one\",", StringComparison.Ordinal), "kappa");
    }

    /// <summary>
    /// The embedded schema is the documented file, names every field the writer emits (top level, model, expected,
    /// trajectories, samples, tolerances), and pins the version and the regimes.
    /// </summary>
    [Fact]
    [Trait("Theorem", "TV.Format")]
    public void Schema_Names_EveryField()
    {
        var schema = JObject.Parse(TestVectorSchema.Text);
        var written = JObject.Parse(TestVectorJson.Write(Vector("saturating-exponential-3")));
        var properties = (JObject)schema["properties"]!;
        void Names(JObject writtenObject, JObject schemaProperties, string path)
        {
            foreach (var field in writtenObject.Properties())
            {
                Check.That(schemaProperties.ContainsKey(field.Name), $"schema lacks {path}{field.Name}");
            }
        }
        Names(written, properties, "");
        foreach (string nested in new[] { "model", "expected", "trajectories", "tolerances" })
        {
            Names((JObject)written[nested]!, (JObject)properties[nested]!["properties"]!, nested + ".");
        }
        Names((JObject)written["trajectories"]!["standard"]![0]!, (JObject)schema["$defs"]!["sample"]!["properties"]!, "trajectories.standard[0].");
        Check.That((int)properties["version"]!["const"]! == TestVector.FormatVersion, "the schema's version is the format's");
        Check.That(properties["regime"]!["enum"]!.Select(r => (string)r!).SequenceEqual(VectorRegime.All), "the schema lists every regime");
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
