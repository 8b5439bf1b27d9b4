using System.Collections.Immutable;

namespace GradientFlows.Integration;

/// <summary>
/// One located occurrence of an <see cref="IntegrationEvent"/>: the time t_e and the state y(t_e) from the dense output.
/// </summary>
/// <param name="Index">Position of the event in the list passed to <see cref="EmbeddedRungeKutta.Solve"/>.</param>
/// <param name="Name">The event's name.</param>
/// <param name="Time">
/// t_e: the end of the final root bracket on the side where g still has its sign from before the crossing, so the
/// crossing of the interpolated g lies within 4u·|t_e| + δ after it (or exactly at it, if g(t_e) = 0).
/// </param>
/// <param name="State">y(t_e) from the dense output.</param>
/// <param name="Terminal">Whether the event was terminal (then it ended the integration).</param>
public sealed record EventOccurrence(int Index, string Name, double Time, ImmutableArray<double> State, bool Terminal);
