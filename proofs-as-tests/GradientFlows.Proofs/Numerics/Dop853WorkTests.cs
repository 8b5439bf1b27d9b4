using GradientFlows.Integration;

namespace GradientFlows.Proofs.Numerics;

/// <summary>
/// DOP853 does the work of SciPy's DOP853 on the non-stiff problems of Hairer, Nørsett and Wanner (the Arenstorf orbit,
/// the Lorenz system, the Brusselator): same tableau, error norm (the combined 5th/3rd-order estimate), controller
/// (exponent −1/8) and initial step, so the evaluation counts recorded from <c>solve_ivp(method='DOP853')</c> are met
/// within 5 %.
/// </summary>
public sealed class Dop853WorkTests
{
    /// <summary>The problems, as test data.</summary>
    public static TheoryData<string> Problems => ["Arenstorf", "Lorenz", "Brusselator"];

    [Theory]
    [MemberData(nameof(Problems))]
    [Trait("Theorem", "NUM.RK.Work")]
    public void Dop853_Evaluations_Eq_SciPy_Of_HairerProblems(string problem)
    {
        var (field, initial, end, reference) = problem switch
        {
            "Arenstorf" => ((OdeRightHandSide)ArenstorfOrbit.Field, ArenstorfOrbit.Initial, ArenstorfOrbit.Period, Tolerances.ArenstorfDop853Evaluations),
            "Lorenz" => (LorenzSystem.Field, LorenzSystem.Initial, LorenzSystem.End, Tolerances.LorenzDop853Evaluations),
            _ => (Brusselator.Field, Brusselator.Initial, Brusselator.End, Tolerances.BrusselatorDop853Evaluations),
        };
        foreach (var (tol, evaluations) in reference)
        {
            var result = EmbeddedRungeKutta.Dop853.Solve(field, 0, initial, end, new IntegrationTolerances(tol, tol));
            Check.That(result.Status == IntegrationStatus.Finished, $"{problem}, tol {tol:G2}: {result}");
            Check.Close(result.FunctionEvaluations, evaluations, Tolerances.EvaluationCount(evaluations),
                $"{problem}, tol {tol:G2}: evaluations against SciPy DOP853");
            if (problem == "Arenstorf")
            {
                double closure = Math.Abs(result.State[0] - ArenstorfOrbit.Initial[0]) + Math.Abs(result.State[1] - ArenstorfOrbit.Initial[1]);
                Check.Le(closure, 0, Tolerances.ArenstorfClosure(tol), $"tol {tol:G2}: the orbit closes after one period");
            }
        }
    }
}
