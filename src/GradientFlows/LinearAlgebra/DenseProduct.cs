using System.Numerics;

namespace GradientFlows.LinearAlgebra;

/// <summary>
/// The two dense matrix products behind the structured tangent kernel and the backward pass, on raw column-major
/// arrays, vectorised with <see cref="Vector{T}"/> and split over cores when large: the axpy form
/// C[:, j] = Σₚ B[p, j]·A[:, p] and the dot form C[i, j] = ⟨A[i, :], B[:, j]⟩.
/// </summary>
/// <remarks>
/// Exists because the general-purpose managed product of Math.NET runs at about 1 GFMA/s here (15 ms for a 256³
/// product), which puts the structured adapted step at 150 ms against its 50 ms target (docs/performance.md).
/// Internal: callers are trusted and shapes are checked by <see cref="System.Diagnostics.Debug.Assert(bool)"/> only.
/// When <see cref="ProductBackend.IsNative"/>, both forms go to OpenBLAS instead (<c>dgemm</c>, and <c>dsyrk</c> for the
/// symmetric dot form); strides that BLAS cannot express fall back to the managed loops.
/// </remarks>
internal static class DenseProduct
{
    /// <summary>Products with fewer multiply–adds than this run on one core.</summary>
    private const long ParallelThreshold = 1L << 20;

    /// <summary>
    /// C = A·B in the axpy form: A ∈ ℝ^{m×k} column-major from a[aOffset], B[p, j] = b[bOffset + p·bStrideP + j·bStrideJ] (so
    /// column-major B has strides (1, k) and row-major B has strides (n, 1)); returns C ∈ ℝ^{m×n} column-major.
    /// </summary>
    public static double[] Axpy(double[] a, int aOffset, int m, int k, double[] b, int bOffset, int bStrideP, int bStrideJ, int n)
    {
        System.Diagnostics.Debug.Assert(a.Length >= aOffset + m * k);
        var c = new double[m * n];
        if (ProductBackend.UseNative && m > 0 && n > 0 && k > 0)
        {
            if (bStrideP == 1 && bStrideJ >= k)
            {
                NativeBlas.Gemm(false, false, m, n, k, a, aOffset, m, b, bOffset, bStrideJ, c, m);
                return c;
            }
            if (bStrideJ == 1 && bStrideP >= n)
            {
                NativeBlas.Gemm(false, true, m, n, k, a, aOffset, m, b, bOffset, bStrideP, c, m);
                return c;
            }
        }
        void Column(int j)
        {
            var cj = c.AsSpan(j * m, m);
            int p = 0;
            for (; p + 3 < k; p += 4)
            {
                double b0 = b[bOffset + p * bStrideP + j * bStrideJ];
                double b1 = b[bOffset + (p + 1) * bStrideP + j * bStrideJ];
                double b2 = b[bOffset + (p + 2) * bStrideP + j * bStrideJ];
                double b3 = b[bOffset + (p + 3) * bStrideP + j * bStrideJ];
                Axpy4(cj, a.AsSpan(aOffset + p * m, m), a.AsSpan(aOffset + (p + 1) * m, m), a.AsSpan(aOffset + (p + 2) * m, m),
                    a.AsSpan(aOffset + (p + 3) * m, m),
                    b0, b1, b2, b3);
            }
            for (; p < k; p++)
            {
                double bp = b[bOffset + p * bStrideP + j * bStrideJ];
                var ap = a.AsSpan(aOffset + p * m, m);
                for (int i = 0; i < m; i++)
                {
                    cj[i] += bp * ap[i];
                }
            }
        }
        Run(n, (long)m * k * n, Column);
        return c;
    }

    /// <summary>
    /// C = A·B in the dot form: row i of A at a[aOffset + i·k .. + k) (A row-major, k columns), column j of B at
    /// b[bOffset + j·k .. + k) (B column-major); returns C ∈ ℝ^{m×n} column-major. With <paramref name="symmetric"/>
    /// (A·Aᵀ, same array and offsets) only j ≥ i is computed and mirrored.
    /// </summary>
    public static double[] Dot(double[] a, int aOffset, int m, int k, double[] b, int bOffset, int n, bool symmetric = false)
    {
        var c = new double[m * n];
        if (ProductBackend.UseNative && m > 0 && n > 0 && k > 0)
        {
            if (symmetric)
            {
                NativeBlas.SyrkUpperTransposed(m, k, a, aOffset, k, c, m);
                for (int j = 0; j < m; j++)
                {
                    for (int i = 0; i < j; i++)
                    {
                        c[i * m + j] = c[j * m + i];
                    }
                }
            }
            else
            {
                NativeBlas.Gemm(true, false, m, n, k, a, aOffset, k, b, bOffset, k, c, m);
            }
            return c;
        }
        void Column(int j)
        {
            var bj = b.AsSpan(bOffset + j * k, k);
            int last = symmetric ? j : m - 1;
            for (int i = 0; i <= last; i++)
            {
                double value = DotProduct(a.AsSpan(aOffset + i * k, k), bj);
                c[j * m + i] = value;
                if (symmetric)
                {
                    c[i * m + j] = value;
                }
            }
        }
        Run(n, (long)m * k * n, Column);
        return c;
    }

    /// <summary>The transpose of a column-major m×n array (i.e. its row-major copy).</summary>
    public static double[] Transpose(double[] a, int m, int n)
    {
        var t = new double[m * n];
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < m; i++)
            {
                t[i * n + j] = a[j * m + i];
            }
        }
        return t;
    }

    private static void Run(int columns, long work, Action<int> column)
    {
        if (work < ParallelThreshold || Environment.ProcessorCount == 1)
        {
            for (int j = 0; j < columns; j++)
            {
                column(j);
            }
            return;
        }
        Parallel.For(0, columns, column);
    }

    private static void Axpy4(Span<double> c, ReadOnlySpan<double> a0, ReadOnlySpan<double> a1, ReadOnlySpan<double> a2,
        ReadOnlySpan<double> a3, double b0, double b1, double b2, double b3)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int width = Vector<double>.Count;
            var v0 = new Vector<double>(b0);
            var v1 = new Vector<double>(b1);
            var v2 = new Vector<double>(b2);
            var v3 = new Vector<double>(b3);
            for (; i + width <= c.Length; i += width)
            {
                var sum = new Vector<double>(c[i..]) + v0 * new Vector<double>(a0[i..]) + v1 * new Vector<double>(a1[i..])
                    + v2 * new Vector<double>(a2[i..]) + v3 * new Vector<double>(a3[i..]);
                sum.CopyTo(c[i..]);
            }
        }
        for (; i < c.Length; i++)
        {
            c[i] += b0 * a0[i] + b1 * a1[i] + b2 * a2[i] + b3 * a3[i];
        }
    }

    private static double DotProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int width = Vector<double>.Count;
            var acc0 = Vector<double>.Zero;
            var acc1 = Vector<double>.Zero;
            for (; i + 2 * width <= x.Length; i += 2 * width)
            {
                acc0 += new Vector<double>(x[i..]) * new Vector<double>(y[i..]);
                acc1 += new Vector<double>(x[(i + width)..]) * new Vector<double>(y[(i + width)..]);
            }
            sum = Vector.Sum(acc0 + acc1);
        }
        for (; i < x.Length; i++)
        {
            sum += x[i] * y[i];
        }
        return sum;
    }
}
