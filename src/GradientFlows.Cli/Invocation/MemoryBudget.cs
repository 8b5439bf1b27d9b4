using System.Globalization;

namespace GradientFlows.Cli.Invocation;

/// <summary>
/// Memory estimates of the demos, checked before a run starts: a run whose estimate exceeds the memory available to
/// the process is refused with one line instead of failing part-way. The estimates count the arrays of doubles a run
/// holds at its peak; they are lower estimates (managed overhead and temporaries come on top).
/// </summary>
internal static class MemoryBudget
{
    private const double BytesPerDouble = 8;

    /// <summary>Memory available to this process: the GC's limit (physical memory, or the container's limit).</summary>
    public static long AvailableBytes
    {
        get
        {
            long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
            return available > 0 ? available : long.MaxValue;
        }
    }

    /// <summary>"17.9 GB".</summary>
    public static string Format(double bytes) => bytes switch
    {
        >= 1e12 => (bytes / 1e12).ToString("G3", CultureInfo.InvariantCulture) + " TB",
        >= 1e9 => (bytes / 1e9).ToString("G3", CultureInfo.InvariantCulture) + " GB",
        _ => (bytes / 1e6).ToString("G3", CultureInfo.InvariantCulture) + " MB",
    };

    /// <summary>
    /// Main job (2-layer ReLU MLP, K = k(m + n) parameters): gradient descent keeps its T + 1 iterates and the flow its
    /// T + 1 samples (2(T + 1)·K doubles), the integrator about 12 state vectors, the tangent kernel K₀ ∈ ℝⁿˣⁿ and its
    /// eigendecomposition about 4n² doubles.
    /// </summary>
    public static double HealthBytes(int n, int k, int m, int steps)
    {
        double K = (double)k * ((double)m + n);
        return BytesPerDouble * ((2.0 * (steps + 1.0) + 12) * (K + 2) + 4.0 * n * n);
    }

    /// <summary>The main job's formula, for <c>--help</c>.</summary>
    public const string HealthFormula = "8·(2(T + 1) + 12)·k(m + n) + 32·n² bytes";

    /// <summary>
    /// Chen's demo (K parameters, QN outputs): the dense Jacobian D ∈ ℝ^{QN×K} with its QR factor and pseudo-inverse
    /// (about 4·QN·K doubles), the kernel DDᵀ ∈ ℝ^{QN×QN} with its eigendecomposition (about 4·QN²), and the 2 × 41
    /// stored samples plus the dense output of both flows (at least 2 × 200 steps × 8 state vectors).
    /// </summary>
    public static double AdaptedBytes(int inputWidth, IReadOnlyList<int> hiddenWidths, int outputWidth, int sampleCount)
    {
        double K = ParameterCount(inputWidth, hiddenWidths, outputWidth);
        double QN = (double)outputWidth * sampleCount;
        return BytesPerDouble * (4 * QN * K + 4 * QN * QN + (2 * 41 + 2 * 200 * 8) * (K + 2)
            + (double)sampleCount * (inputWidth + hiddenWidths.Sum(w => (double)w) * 3 + outputWidth));
    }

    /// <summary>Chen's demo's formula, for <c>--help</c>.</summary>
    public const string AdaptedFormula = "8·(4·QN·K + 4·QN² + 3282·K) bytes with K = Σₗ Mₗ(Mₗ₋₁ + 1)";

    /// <summary>K = Σₗ Mₗ(Mₗ₋₁ + 1) of a deep network with biases.</summary>
    public static double ParameterCount(int inputWidth, IReadOnlyList<int> hiddenWidths, int outputWidth)
    {
        double K = 0, previous = inputWidth;
        foreach (double width in hiddenWidths.Select(w => (double)w).Append(outputWidth))
        {
            K += width * (previous + 1);
            previous = width;
        }
        return K;
    }

    /// <summary>
    /// Linear-network demo (factors of widths d_x, h, …, h, d_y): two flows keep 201 samples each (402·K doubles), the
    /// random orthogonal matrices and data about 4(m² + d_x² + d_y² + H·h²) with m = d_x + 2.
    /// </summary>
    public static double LinearBytes(int hiddenLayers, int inputWidth, int outputWidth, int hiddenWidth)
    {
        double K = (double)inputWidth * hiddenWidth + (hiddenLayers - 1.0) * hiddenWidth * hiddenWidth + (double)hiddenWidth * outputWidth;
        double m = inputWidth + 2.0;
        return BytesPerDouble * ((2 * 201 + 24) * (K + 2)
            + 4 * (m * m + (double)inputWidth * inputWidth + (double)outputWidth * outputWidth + (double)hiddenLayers * hiddenWidth * hiddenWidth)
            + 2.0 * outputWidth * m);
    }

    /// <summary>The linear demo's formula, for <c>--help</c>.</summary>
    public const string LinearFormula = "8·(426·K + 4(m² + d_x² + d_y² + H·h²)) bytes, K the number of weights, m = d_x + 2";

    /// <summary>
    /// Null when a run of <paramref name="estimateBytes"/> with <paramref name="parameters"/> parameters fits, otherwise the
    /// line that refuses it.
    /// </summary>
    public static string? Refusal(string what, double estimateBytes, double parameters, string advice = "choose smaller widths or fewer steps")
    {
        if (parameters > Array.MaxLength)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"{what}: K = {parameters:G4} parameters exceed the largest array .NET can allocate ({Array.MaxLength} entries); choose smaller widths.");
        }
        long available = AvailableBytes;
        return estimateBytes > available
            ? $"{what}: needs at least {Format(estimateBytes)} of memory, more than the {Format(available)} available; {advice} (see --help)."
            : null;
    }
}
