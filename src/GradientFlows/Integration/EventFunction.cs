namespace GradientFlows.Integration;

/// <summary>An event function g(t, y) of an integration: the event occurs where g changes sign along the solution.</summary>
/// <param name="t">Time.</param>
/// <param name="y">State (read only).</param>
/// <returns>g(t, y); finite.</returns>
public delegate double EventFunction(double t, ReadOnlySpan<double> y);
