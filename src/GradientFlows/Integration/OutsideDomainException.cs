namespace GradientFlows.Integration;

/// <summary>
/// Thrown by a right-hand side F at a point (t, y) where F is not defined (e.g. an adapted field at a rank-deficient
/// Jacobian). During a step attempt the integrator rejects the attempt and shrinks h by the controller's MinFactor, as
/// for a non-finite stage; if every attempt from the last accepted t leaves the domain until h falls below 10 ulp(t), the
/// integration ends with <see cref="IntegrationStatus.OutsideDomain"/>. At an accepted state it ends at once.
/// </summary>
/// <remarks>
/// This only keeps trial steps inside the domain. To stop where an orbit reaches the boundary of a region, use a terminal
/// <see cref="IntegrationEvent"/> on a function that vanishes there: it is located on the dense output of an accepted step.
/// </remarks>
public sealed class OutsideDomainException : Exception
{
    /// <summary>Creates the exception; <paramref name="message"/> says which condition of the domain failed.</summary>
    public OutsideDomainException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the failed condition and its cause.</summary>
    public OutsideDomainException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
