using GradientFlows.Integration;

namespace GradientFlows.Proofs.Numerics;

/// <summary>
/// The numerical core's own checks, run once before the first flow of a test run: the tableau laws (consistency,
/// measured order, error estimate) for every shipped tableau and the work of the adaptive integrator on the Arenstorf
/// orbit. Every flow tolerance of the proofs assumes these hold, so a broken core (a mistyped coefficient, an error
/// estimate without its factor h) fails every flow property at its first instance instead of stretching each flow
/// until it exhausts its budget.
/// </summary>
public static class NumericalCore
{
    private static readonly Lazy<string?> Failure = new(FirstFailure, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Throws <see cref="NumericalCoreBrokenException"/> if any core check fails (the checks run once per process).</summary>
    public static void RequireSound()
    {
        if (Failure.Value is { } failure)
        {
            throw new NumericalCoreBrokenException(failure);
        }
    }

    private static string? FirstFailure()
    {
        using var notTheTheorems = SlackLog.Suspend();
        var tableauLaws = new ButcherTableauTests();
        var integrator = new IntegratorTests();
        var checks = new List<(string Name, Action Run)>();
        foreach (var tableau in ButcherTableau.All)
        {
            checks.Add(($"{tableau.Name} consistency", () => tableauLaws.Tableau_WeightsSumToOne_And_RowSums_Eq_Nodes(tableau.Name)));
            checks.Add(($"{tableau.Name} order", () => tableauLaws.Tableau_EmpiricalOrder_Eq_Order(tableau.Name)));
            checks.Add(($"{tableau.Name} error estimate", () => tableauLaws.Tableau_ErrorEstimate_Tracks_LocalError_Of_Embedded(tableau.Name)));
        }
        checks.Add(("adaptive work on the Arenstorf orbit", integrator.Solve_Evaluations_Eq_Reference_Of_ArenstorfOrbit));
        foreach (var (name, run) in checks)
        {
            try
            {
                run();
            }
            catch (PropertyViolationException e)
            {
                return $"{name}: {e.Message}";
            }
        }
        return null;
    }
}

/// <summary>A check of the numerical core failed, so no flow result can be trusted.</summary>
public sealed class NumericalCoreBrokenException(string failure)
    : Exception($"numerical core broken, flow properties not run: {failure}");
