using System.Reflection;
using System.Runtime.InteropServices;

namespace GradientFlows.LinearAlgebra;

/// <summary>
/// The two CBLAS routines the dense products need, bound at run time to the system's OpenBLAS: C = op(A)·op(B)
/// (<c>cblas_dgemm</c>) and the upper triangle of C = AᵀA (<c>cblas_dsyrk</c>), all column-major.
/// </summary>
/// <remarks>
/// Arrays are passed by reference to their first used element, which pins them for the call; the library is loaded
/// through a resolver so that the absence of OpenBLAS costs nothing until <see cref="TryLoad"/> is called.
/// </remarks>
internal static class NativeBlas
{
    /// <summary>The shared object loaded (Debian and Ubuntu package <c>libopenblas0</c>).</summary>
    public const string LibraryName = "libopenblas.so.0";

    private const string ImportName = "gradientflows-openblas";
    private const int ColumnMajor = 102;
    private const int NoTranspose = 111;
    private const int Transpose = 112;
    private const int Upper = 121;

    private static readonly object s_gate = new();
    private static IntPtr s_handle;
    private static bool s_resolverSet;

    /// <summary>Loads OpenBLAS once; false when it is not installed or lacks the routines.</summary>
    public static bool TryLoad()
    {
        lock (s_gate)
        {
            if (s_handle != IntPtr.Zero)
            {
                return true;
            }
            if (!NativeLibrary.TryLoad(LibraryName, out var handle)
                || !NativeLibrary.TryGetExport(handle, "cblas_dgemm", out _)
                || !NativeLibrary.TryGetExport(handle, "cblas_dsyrk", out _))
            {
                return false;
            }
            s_handle = handle;
            if (!s_resolverSet)
            {
                NativeLibrary.SetDllImportResolver(typeof(NativeBlas).Assembly, Resolve);
                s_resolverSet = true;
            }
            return true;
        }
    }

    /// <summary>OpenBLAS's thread count (<c>openblas_get_num_threads</c>), or 0 when unknown.</summary>
    public static int ThreadCount => s_handle != IntPtr.Zero && NativeLibrary.TryGetExport(s_handle, "openblas_get_num_threads", out _)
        ? openblas_get_num_threads()
        : 0;

    /// <summary>C (m×n) = op(A)·op(B); A is m×k (or k×m when transposed) with leading dimension lda, likewise B.</summary>
    public static void Gemm(bool transposeA, bool transposeB, int m, int n, int k, double[] a, int aOffset, int lda,
        double[] b, int bOffset, int ldb, double[] c, int ldc) =>
        cblas_dgemm(ColumnMajor, transposeA ? Transpose : NoTranspose, transposeB ? Transpose : NoTranspose, m, n, k, 1.0,
            ref a[aOffset], lda, ref b[bOffset], ldb, 0.0, ref c[0], ldc);

    /// <summary>The upper triangle of C (n×n) = AᵀA with A k×n of leading dimension lda.</summary>
    public static void SyrkUpperTransposed(int n, int k, double[] a, int aOffset, int lda, double[] c, int ldc) =>
        cblas_dsyrk(ColumnMajor, Upper, Transpose, n, k, 1.0, ref a[aOffset], lda, 0.0, ref c[0], ldc);

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path) =>
        name == ImportName ? s_handle : IntPtr.Zero;

    [DllImport(ImportName)]
    private static extern void cblas_dgemm(int order, int transA, int transB, int m, int n, int k, double alpha,
        ref double a, int lda, ref double b, int ldb, double beta, ref double c, int ldc);

    [DllImport(ImportName)]
    private static extern void cblas_dsyrk(int order, int uplo, int trans, int n, int k, double alpha,
        ref double a, int lda, double beta, ref double c, int ldc);

    [DllImport(ImportName)]
    private static extern int openblas_get_num_threads();
}
