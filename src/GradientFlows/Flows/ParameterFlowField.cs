using GradientFlows.Geometry;
using GradientFlows.Integration;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Flows;

/// <summary>
/// The field θ′ = V(θ) of a <see cref="ParameterFlow"/> read from an integrator state z whose first K entries are θ
/// (further entries, such as an integrated arc length, are the caller's). For an <see cref="OutputLayerFlow"/> the output
/// geometry (one SVD of D[θ]) of the last state is kept, so that the field and the events evaluated at the end of an
/// accepted step share it: the first-same-as-last stage is evaluated at the accepted state bit for bit. Where the
/// adapted fields are not defined (<see cref="RankDeficientException"/>) the field reports
/// <see cref="OutsideDomainException"/>, so the integrator rejects the trial step and retries smaller.
/// </summary>
internal sealed class ParameterFlowField
{
    private readonly ParameterFlow _flow;
    private double[] _lastTheta = [];
    private OutputGeometry? _lastGeometry;

    /// <summary>Wraps <paramref name="flow"/>.</summary>
    public ParameterFlowField(ParameterFlow flow)
    {
        _flow = Preconditions.NotNull(flow, nameof(flow));
        OutputFlow = flow as OutputLayerFlow;
        Dimension = flow.Objective.Dimension;
    }

    /// <summary>The flow as an output-layer flow (adapted, Gauss–Newton, …), or null for a flow without output geometry.</summary>
    public OutputLayerFlow? OutputFlow { get; }

    /// <summary>K, the number of parameters.</summary>
    public int Dimension { get; }

    /// <summary>θ = the first K entries of z.</summary>
    public Vector<double> Theta(ReadOnlySpan<double> z) => Vector<double>.Build.Dense(z[..Dimension].ToArray());

    /// <summary>The output geometry at θ(z), from the cache when θ is the last state's bit for bit.</summary>
    /// <exception cref="InvalidOperationException">The flow has no output geometry.</exception>
    public OutputGeometry GeometryAt(ReadOnlySpan<double> z)
    {
        var outputFlow = OutputFlow ?? throw new InvalidOperationException($"{_flow.Name} has no output geometry.");
        if (_lastGeometry is null || !z[..Dimension].SequenceEqual(_lastTheta))
        {
            _lastGeometry = outputFlow.GeometryAt(Theta(z));
            _lastTheta = z[..Dimension].ToArray();
        }
        return _lastGeometry;
    }

    /// <summary>V(θ(z)).</summary>
    /// <exception cref="OutsideDomainException">The field is not defined at θ (rank deficiency of D).</exception>
    public Vector<double> Velocity(ReadOnlySpan<double> z)
    {
        try
        {
            return OutputFlow is null ? _flow.Velocity(Theta(z)) : OutputFlow.Velocity(GeometryAt(z));
        }
        catch (RankDeficientException e)
        {
            throw new OutsideDomainException(e.Message, e);
        }
    }
}
