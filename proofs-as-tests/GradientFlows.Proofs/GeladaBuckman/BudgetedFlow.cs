using GradientFlows.Flows;
using GradientFlows.Integration;
using GradientFlows.Objectives;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.GeladaBuckman;

/// <summary>
/// The gradient flow of a Gelada–Buckman property, integrated with a step budget derived from the work expected
/// (<see cref="Tolerances.FlowStepBudget"/>). An integration that ends with any status other than Finished throws
/// <see cref="IntegrationFailedException"/>, whose message names the status: the property FAILS on that instance (it is
/// never counted as inconclusive).
/// </summary>
internal static class BudgetedFlow
{
    /// <summary>Integrates γ′ = −∇f(γ) from w₀ to <paramref name="horizon"/>, sampled at the given times.</summary>
    /// <param name="f">The loss.</param>
    /// <param name="w0">w₀.</param>
    /// <param name="horizon">T.</param>
    /// <param name="times">Ascending sample times in [0, T].</param>
    /// <param name="fastestRate">An estimate of the largest Hessian eigenvalue along the flow (ℒ, λ_max(K₀), …).</param>
    /// <param name="tolerances">Integrator tolerances; default <see cref="Tolerances.Flow"/>.</param>
    public static FlowTrajectory Solve(
        IObjective f, Vector<double> w0, double horizon, IReadOnlyList<double> times, double fastestRate, IntegrationTolerances? tolerances = null)
    {
        var tol = tolerances ?? Tolerances.Flow;
        return new GradientFlow(f).Solve(w0, horizon, times, tol, maxSteps: Tolerances.FlowStepBudget(fastestRate, horizon, tol));
    }

    /// <summary>The same with <paramref name="samples"/> uniform sample times 0, …, T.</summary>
    public static FlowTrajectory Solve(
        IObjective f, Vector<double> w0, double horizon, int samples, double fastestRate, IntegrationTolerances? tolerances = null) =>
        Solve(f, w0, horizon, UniformTimes(horizon, samples), fastestRate, tolerances);

    /// <summary>The times 0, T/(count − 1), …, T (the last exactly T).</summary>
    public static IReadOnlyList<double> UniformTimes(double horizon, int count) =>
        [.. Enumerable.Range(0, count).Select(i => i == count - 1 ? horizon : horizon * i / (count - 1))];
}
