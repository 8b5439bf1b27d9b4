using System.Collections.Immutable;

namespace GradientFlows.Integration;

/// <summary>
/// An explicit embedded Runge–Kutta method as data: nodes c, coefficients A (strictly lower triangular), propagating
/// weights b (order p), embedded weights b̂ (order p̂), and dense-output polynomial coefficients P with
/// y(t₀ + θh) = y₀ + h·Σᵢ kᵢ·Σⱼ Pᵢⱼθʲ⁺¹.
/// </summary>
/// <remarks>
/// The stepping algorithm is written once in <see cref="EmbeddedRungeKutta"/>; a method is only its tableau.
/// Conditions any consistent tableau satisfies, checked by the proofs-as-tests: Σb = Σb̂ = 1, A·1 = c, Σⱼ Pᵢⱼ = bᵢ.
/// </remarks>
public sealed partial class ButcherTableau
{
    private ButcherTableau(
        string name, int order, int embeddedOrder, double[] c, double[][] a, double[] b, double[] bHat, double[][] p,
        int denseOutputOrder, double[]? e = null, double[]? e3 = null, int? errorEstimatorOrder = null)
    {
        Name = name;
        Order = order;
        EmbeddedOrder = embeddedOrder;
        DenseOutputOrder = denseOutputOrder;
        ErrorEstimatorOrder = errorEstimatorOrder ?? embeddedOrder;
        C = [.. c];
        A = [.. a.Select(row => row.ToImmutableArray())];
        B = [.. b];
        BHat = [.. bHat];
        E = e is null ? [.. b.Select((bi, i) => bi - bHat[i])] : [.. e];
        E3 = e3 is null ? [] : [.. e3];
        P = [.. p.Select(row => row.ToImmutableArray())];
    }

    /// <summary>Name of the method.</summary>
    public string Name { get; }

    /// <summary>p, the order of the propagated solution (weights b).</summary>
    public int Order { get; }

    /// <summary>p̂, the order of the embedded solution used for the error estimate.</summary>
    public int EmbeddedOrder { get; }

    /// <summary>
    /// q, the order of the continuous extension: the dense output has local error O(h^{q+1}) (checked by the
    /// proofs-as-tests).
    /// </summary>
    public int DenseOutputOrder { get; }

    /// <summary>
    /// The order r of the error estimate as the step-size controller sees it: h_new = h·(Safety·err^{−1/(r+1)}). It is
    /// p̂ for an ordinary embedded pair; DOP853's combined estimate behaves like O(h⁸), so r = 7 there (Hairer's code and
    /// SciPy's <c>error_estimator_order</c>).
    /// </summary>
    public int ErrorEstimatorOrder { get; }

    /// <summary>
    /// Nodes c of all stages: the s stepping stages first, then the extra stages the continuous extension needs (none
    /// for Dormand–Prince and Bogacki–Shampine, three for DOP853), evaluated only for steps whose dense output is used.
    /// </summary>
    public ImmutableArray<double> C { get; }

    /// <summary>Coefficients A; row i holds a_{i,0..i−1}.</summary>
    public ImmutableArray<ImmutableArray<double>> A { get; }

    /// <summary>Weights b of the order-p solution (length s, the number of stepping stages).</summary>
    public ImmutableArray<double> B { get; }

    /// <summary>Weights b̂ of the embedded order-p̂ solution (length s).</summary>
    public ImmutableArray<double> BHat { get; }

    /// <summary>
    /// Error weights E of the estimate e = h·Σᵢ Eᵢkᵢ (length s): b − b̂ for an ordinary pair; for DOP853 the weights of
    /// its fifth-order estimate, stored as published (so b̂ = b − E there).
    /// </summary>
    public ImmutableArray<double> E { get; }

    /// <summary>
    /// Weights E₃ of DOP853's third-order estimate e₃ = h·Σᵢ E₃ᵢkᵢ (empty for every other tableau). With it the error norm
    /// is ‖e₅‖²/√(‖e₅‖² + 0.01‖e₃‖²) in the scaled RMS norm (Hairer, Nørsett, Wanner, Solving ODEs I, §II.10).
    /// </summary>
    public ImmutableArray<double> E3 { get; }

    /// <summary>Dense-output coefficients P (one row per stage, extra stages included): bᵢ(θ) = Σⱼ Pᵢⱼθʲ⁺¹.</summary>
    public ImmutableArray<ImmutableArray<double>> P { get; }

    /// <summary>Number of stepping stages s (the length of b).</summary>
    public int Stages => B.Length;

    /// <summary>Number of all stages, the extra stages of the continuous extension included (the length of c).</summary>
    public int DenseStages => C.Length;

    /// <summary>
    /// True when the last stage is evaluated at (t + h, y₁) ("first same as last"), so it is the first stage of the next step.
    /// </summary>
    public bool FirstSameAsLast => C[Stages - 1] == 1.0 && A[Stages - 1].SequenceEqual(B.Take(Stages - 1));

    /// <summary>
    /// Dormand–Prince 5(4) (Dormand &amp; Prince 1980; Hairer, Nørsett, Wanner, Solving ODEs I, Table II.5.2), 7 stages,
    /// FSAL, with its 4th-order continuous extension.
    /// </summary>
    public static ButcherTableau DormandPrince54 { get; } = new(
        "Dormand–Prince 5(4)",
        order: 5,
        embeddedOrder: 4,
        c: [0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1],
        a:
        [
            [],
            [1.0 / 5],
            [3.0 / 40, 9.0 / 40],
            [44.0 / 45, -56.0 / 15, 32.0 / 9],
            [19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729],
            [9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656],
            [35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84],
        ],
        b: [35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84, 0],
        bHat: [5179.0 / 57600, 0, 7571.0 / 16695, 393.0 / 640, -92097.0 / 339200, 187.0 / 2100, 1.0 / 40],
        p:
        [
            [1, -8048581381.0 / 2820520608, 8663915743.0 / 2820520608, -12715105075.0 / 11282082432],
            [0, 0, 0, 0],
            [0, 131558114200.0 / 32700410799, -68118460800.0 / 10900136933, 87487479700.0 / 32700410799],
            [0, -1754552775.0 / 470086768, 14199869525.0 / 1410260304, -10690763975.0 / 1880347072],
            [0, 127303824393.0 / 49829197408, -318862633887.0 / 49829197408, 701980252875.0 / 199316789632],
            [0, -282668133.0 / 205662961, 2019193451.0 / 616988883, -1453857185.0 / 822651844],
            [0, 40617522.0 / 29380423, -110615467.0 / 29380423, 69997945.0 / 29380423],
        ],
        denseOutputOrder: 4);

    /// <summary>
    /// Bogacki–Shampine 3(2) (Bogacki &amp; Shampine 1989), 4 stages, FSAL, with cubic Hermite dense output. Used as a
    /// second tableau so every law of the stepping algorithm is checked on two methods.
    /// </summary>
    public static ButcherTableau BogackiShampine32 { get; } = new(
        "Bogacki–Shampine 3(2)",
        order: 3,
        embeddedOrder: 2,
        c: [0, 1.0 / 2, 3.0 / 4, 1],
        a:
        [
            [],
            [1.0 / 2],
            [0, 3.0 / 4],
            [2.0 / 9, 1.0 / 3, 4.0 / 9],
        ],
        b: [2.0 / 9, 1.0 / 3, 4.0 / 9, 0],
        bHat: [7.0 / 24, 1.0 / 4, 1.0 / 3, 1.0 / 8],
        p:
        [
            [1, -4.0 / 3, 5.0 / 9],
            [0, 1, -2.0 / 3],
            [0, 4.0 / 3, -8.0 / 9],
            [0, -1, 1],
        ],
        denseOutputOrder: 3);

    /// <summary>Every tableau the library ships, for laws that must hold for each.</summary>
    public static IReadOnlyList<ButcherTableau> All => [DormandPrince54, BogackiShampine32, Dop853];

    /// <inheritdoc />
    public override string ToString() => Name;
}
