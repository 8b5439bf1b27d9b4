using System.Diagnostics;
using System.Reflection;
using FsCheck;
using FsCheck.Xunit;
using GradientFlows.Proofs;
using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;
using Xunit;

namespace GradientFlows.Certificate;

/// <summary>
/// Runs the proofs-as-tests' checks outside the test runner: every property with <see cref="Count"/> fresh instances
/// from a seed derived from <see cref="Seed"/> and the test's name, every fixed construction once, recording the worst
/// tolerance slack through <see cref="SlackLog"/>.
/// </summary>
/// <param name="Count">Instances per property at the default size (a property whose attribute asks for fewer, because each
/// case is expensive, gets the same proportion of <paramref name="Count"/>).</param>
/// <param name="Seed">The run's seed.</param>
internal sealed record CertificateRunner(int Count, ulong Seed)
{
    /// <summary>Runs one check.</summary>
    public CheckOutcome Run(TheoremCheck check)
    {
        var clock = Stopwatch.StartNew();
        var log = SlackLog.Begin();
        try
        {
            var target = Activator.CreateInstance(check.Method.DeclaringType!);
            return check.Kind switch
            {
                CheckKind.Property => RunProperty(check, target, log, clock),
                CheckKind.Theory => RunRows(check, target, log, clock),
                _ => RunOnce(check, target, [], log, clock, 1),
            };
        }
        finally
        {
            SlackLog.End();
        }
    }

    private CheckOutcome RunProperty(TheoremCheck check, object? target, SlackLog log, Stopwatch clock)
    {
        var attribute = check.Method.GetCustomAttribute<PropertyAttribute>()!;
        // FsCheck's default is 100 cases; an attribute that asks for fewer scales the run's count down in proportion.
        int attributeMaxTest = attribute.MaxTest > 0 ? attribute.MaxTest : 100;
        int maxTest = Math.Max(1, (int)Math.Round(Count * attributeMaxTest / 100.0));
        // The 80 % rule (Verdict): at most one inconclusive instance per four checked ones, at every count.
        int maxRejected = maxTest / Verdict.InconclusivePerChecked;
        var runner = new CountingRunner();
        var config = Config.Default
            .WithMaxTest(maxTest)
            .WithMaxRejected(maxRejected)
            .WithArbitrary(attribute.Arbitrary)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(SeedFor(check)), FSharpOption<int>.None)))
            .WithRunner(runner);
        FsCheck.Check.Method(config, check.Method, FSharpOption<object>.Some(target!));
        var result = runner.Result;
        bool passed = result is { IsPassed: true };
        string? failure = passed ? null : result is null ? "no result" : Runner.onFinishedToString(check.Method.Name, result);
        var inconclusive = log.Inconclusive;
        int drawn = Math.Max(runner.Instances, inconclusive.Values.Sum());
        return new CheckOutcome(check, drawn, drawn - inconclusive.Values.Sum(), inconclusive, log.ByTolerance, log.Worst, passed, failure, clock.Elapsed.TotalSeconds);
    }

    private static CheckOutcome RunRows(TheoremCheck check, object? target, SlackLog log, Stopwatch clock)
    {
        var rows = check.Method.GetCustomAttributes<MemberDataAttribute>()
            .SelectMany(d => (IEnumerable<object[]>)(d.MemberType ?? check.Method.DeclaringType!)
                .GetProperty(d.MemberName, BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!)
            .ToList();
        foreach (var row in rows)
        {
            var outcome = RunOnce(check, target, row, log, clock, rows.Count);
            if (!outcome.Passed)
            {
                return outcome;
            }
        }
        return CheckOutcome.Fixed(check, rows.Count, log.ByTolerance, log.Worst, true, null, clock.Elapsed.TotalSeconds);
    }

    private static CheckOutcome RunOnce(TheoremCheck check, object? target, object[] arguments, SlackLog log, Stopwatch clock, int instances)
    {
        try
        {
            check.Method.Invoke(target, arguments);
            return CheckOutcome.Fixed(check, instances, log.ByTolerance, log.Worst, true, null, clock.Elapsed.TotalSeconds);
        }
        catch (TargetInvocationException e)
        {
            return CheckOutcome.Fixed(check, instances, log.ByTolerance, log.Worst, false, e.InnerException?.Message ?? e.Message, clock.Elapsed.TotalSeconds);
        }
    }

    /// <summary>A per-test seed: the run's seed mixed with a stable (FNV-1a) hash of the test's full name.</summary>
    private ulong SeedFor(TheoremCheck check)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in $"{check.Method.DeclaringType!.FullName}.{check.Method.Name}")
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        return Seed ^ hash;
    }

    /// <summary>An FsCheck runner that counts the generated cases (checked and discarded) and keeps the result instead of printing it.</summary>
    private sealed class CountingRunner : IRunner
    {
        public int Instances { get; private set; }

        public TestResult? Result { get; private set; }

        public void OnStartFixture(Type type)
        {
        }

        public void OnArguments(int ntest, FSharpList<object> args, FSharpFunc<int, FSharpFunc<FSharpList<object>, string>> every) =>
            Instances++;

        public void OnShrink(FSharpList<object> args, FSharpFunc<FSharpList<object>, string> everyShrink)
        {
        }

        public void OnFinished(string name, TestResult testResult) => Result = testResult;
    }
}
