namespace GradientFlows.Integration;

/// <summary>
/// An event of an integration: a sign change of g(t, y(t)) located on the dense output of the step in which it happens
/// (Brent's method, see <see cref="EmbeddedRungeKutta.Solve"/>). A terminal event ends the integration there with status
/// <see cref="IntegrationStatus.Event"/>.
/// </summary>
/// <param name="Name">A name for reports ("rank event", "C = ε").</param>
/// <param name="Function">g(t, y).</param>
/// <param name="Terminal">True if the integration stops at the first occurrence.</param>
/// <param name="Direction">Which sign changes count.</param>
/// <param name="TimeAccuracy">
/// δ ≥ 0, the requested accuracy in t: the crossing of the interpolated g is located within 4u·|t| + δ (u = 2⁻⁵³). The
/// default 0 means to the resolution of t.
/// </param>
public sealed record IntegrationEvent(
    string Name, EventFunction Function, bool Terminal = false, EventDirection Direction = EventDirection.Any, double TimeAccuracy = 0);
