namespace GradientFlows.LinearAlgebra;

/// <summary>
/// Which code computes the dense matrix products of the tangent kernel and the backward passes: the managed kernels of
/// this library, or the system's OpenBLAS (<c>cblas_dgemm</c>, <c>cblas_dsyrk</c>) when it is installed. Both compute the
/// same products; their results differ only by the rounding of another summation order.
/// </summary>
/// <remarks>
/// Chosen once per process from the environment variable <see cref="EnvironmentVariable"/>: <c>managed</c> forces the
/// managed kernels, <c>openblas</c> requires OpenBLAS (and fails on first use with a clear message if it does not load),
/// and unset or <c>auto</c> uses OpenBLAS when <c>libopenblas.so.0</c> (Debian <c>libopenblas0</c>) loads, the managed
/// kernels otherwise.
/// </remarks>
public static class ProductBackend
{
    /// <summary>The environment variable that selects the backend: <c>auto</c> (default), <c>managed</c> or <c>openblas</c>.</summary>
    public const string EnvironmentVariable = "GRADIENT_FLOWS_BLAS";

    private static readonly Lazy<bool> s_native = new(Choose);

    /// <summary>True when the products run in OpenBLAS.</summary>
    public static bool IsNative => s_native.Value;

    /// <summary>One line naming the backend in use and why, e.g. for <c>--version</c> and benchmark logs.</summary>
    public static string Description => IsNative
        ? $"dense products: OpenBLAS ({NativeBlas.LibraryName}, {NativeBlas.ThreadCount} threads)"
        : $"dense products: managed kernels ({WhyManaged()})";

    /// <summary>Runs <paramref name="action"/> with the managed kernels regardless of the selection (for comparisons).</summary>
    public static T WithManaged<T>(Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        bool previous = t_forceManaged;
        t_forceManaged = true;
        try
        {
            return action();
        }
        finally
        {
            t_forceManaged = previous;
        }
    }

    [ThreadStatic]
    private static bool t_forceManaged;

    /// <summary>True when the calling thread should use OpenBLAS now.</summary>
    internal static bool UseNative => !t_forceManaged && IsNative;

    private static string Requested => (Environment.GetEnvironmentVariable(EnvironmentVariable) ?? "auto").Trim().ToLowerInvariant();

    private static bool Choose()
    {
        switch (Requested)
        {
            case "managed":
                return false;
            case "openblas":
                if (!NativeBlas.TryLoad())
                {
                    throw new InvalidOperationException(
                        $"{EnvironmentVariable}=openblas, but {NativeBlas.LibraryName} could not be loaded: install OpenBLAS (Debian: apt-get install libopenblas0) or unset {EnvironmentVariable}.");
                }
                return true;
            case "auto" or "":
                return NativeBlas.TryLoad();
            default:
                throw new InvalidOperationException(
                    $"{EnvironmentVariable}='{Environment.GetEnvironmentVariable(EnvironmentVariable)}'; expected auto, managed or openblas.");
        }
    }

    private static string WhyManaged() => Requested == "managed"
        ? $"{EnvironmentVariable}=managed"
        : $"{NativeBlas.LibraryName} not found";
}
