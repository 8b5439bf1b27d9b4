namespace GradientFlows.Integration;

/// <summary>The right-hand side of an autonomous or time-dependent ODE y′ = F(t, y): writes F(t, y) into <paramref name="dydt"/>.</summary>
/// <param name="t">Time.</param>
/// <param name="y">State (read only).</param>
/// <param name="dydt">Destination for F(t, y), same length as y.</param>
public delegate void OdeRightHandSide(double t, ReadOnlySpan<double> y, Span<double> dydt);
