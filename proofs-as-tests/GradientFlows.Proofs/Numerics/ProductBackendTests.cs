using GradientFlows.LinearAlgebra;
using GradientFlows.Models;
using GradientFlows.Proofs.Generators;

namespace GradientFlows.Proofs.Numerics;

/// <summary>
/// The two backends of the dense products (<see cref="ProductBackend"/>): OpenBLAS, when it is installed and selected,
/// computes the same products as the managed kernels, entry by entry within the rounding of two summation orders,
/// |C_native − C_managed|ᵢⱼ ≤ γ_{2k}(|A||B|)ᵢⱼ (each order is within γ_k(|A||B|)ᵢⱼ of the exact product; Higham §3.5).
/// Where OpenBLAS is absent the facts check the fallback instead: the managed kernels run and say why.
/// </summary>
public sealed class ProductBackendTests
{
    /// <summary>Shapes drawn per fact: 1–40 rows, inner dimensions and columns, so blocks and remainders all occur.</summary>
    private const int Draws = 60;

    [Fact]
    [Trait("Theorem", "NUM.BLAS")]
    public void DenseProducts_Native_Eq_Managed_Of_RandomShapes()
    {
        if (!ProductBackend.IsNative)
        {
            Check.That(ProductBackend.Description.Contains("managed kernels", StringComparison.Ordinal),
                $"without OpenBLAS the managed kernels run and say why: {ProductBackend.Description}");
            return;
        }
        var random = new Random(2026);
        for (int draw = 0; draw < Draws; draw++)
        {
            int m = random.Next(1, 41), k = random.Next(1, 41), n = random.Next(1, 41), offset = random.Next(0, 5);
            var a = Gaussian.Vector(random, offset + m * k).ToArray();
            var bColumns = Gaussian.Vector(random, offset + k * n).ToArray();
            var bRows = Gaussian.Vector(random, offset + k * n).ToArray();
            var rowsOfA = Gaussian.Vector(random, offset + m * k).ToArray();
            Compare(() => DenseProduct.Axpy(a, offset, m, k, bColumns, offset, 1, k, n),
                AbsoluteProduct(a, offset, m, k, bColumns, offset, 1, k, n), k, $"axpy form, column-major B, {m}×{k}·{k}×{n}");
            Compare(() => DenseProduct.Axpy(a, offset, m, k, bRows, offset, n, 1, n),
                AbsoluteProduct(a, offset, m, k, bRows, offset, n, 1, n), k, $"axpy form, row-major B, {m}×{k}·{k}×{n}");
            var rowMajorA = DenseProduct.Transpose(rowsOfA[offset..], k, m);
            Compare(() => DenseProduct.Dot(rowsOfA, offset, m, k, bColumns, offset, n),
                AbsoluteProduct(rowMajorA, 0, m, k, bColumns, offset, 1, k, n), k, $"dot form, {m}×{k}·{k}×{n}");
            Compare(() => DenseProduct.Dot(rowsOfA, offset, m, k, rowsOfA, offset, m, symmetric: true),
                AbsoluteProduct(rowMajorA, 0, m, k, rowsOfA, offset, 1, k, m), k, $"symmetric dot form A·Aᵀ, {m}×{k}");
        }
    }

    [Fact]
    [Trait("Theorem", "NUM.BLAS")]
    public void TangentKernel_Native_Eq_Managed_Of_DeepNetwork()
    {
        var random = new Random(11);
        var network = new DeepNetwork(Gaussian.Matrix(random, 7, 9), [13, 6], 2, Activation.Tanh);
        var theta = Gaussian.Vector(random, network.Layout.Dimension, 0.3);
        var kernel = network.TangentKernel(theta);
        var managed = ProductBackend.WithManaged(() => network.TangentKernel(theta));
        var D = ProductBackend.WithManaged(() => network.Jacobian(theta));
        var tol = Tolerances.Rounding(D.FrobeniusNorm() * D.FrobeniusNorm(), 4 * network.Layout.Dimension);
        Check.Close(kernel.ToColumnMajorArray(), managed.ToColumnMajorArray(), tol,
            $"Θ from {(ProductBackend.IsNative ? "OpenBLAS" : "the managed kernels")} = Θ from the managed kernels");
    }

    private static void Compare(Func<double[]> product, double[] absolute, int k, string what)
    {
        var native = product();
        var managed = ProductBackend.WithManaged(product);
        for (int i = 0; i < native.Length; i++)
        {
            Check.Le(Math.Abs(native[i] - managed[i]), 0, Tolerances.Rounding(absolute[i], 2 * k), $"{what}, entry {i}");
        }
    }

    /// <summary>|A|·|B| with the axpy form's strides, by plain loops.</summary>
    private static double[] AbsoluteProduct(double[] a, int aOffset, int m, int k, double[] b, int bOffset, int strideP, int strideJ, int n)
    {
        var c = new double[m * n];
        for (int j = 0; j < n; j++)
        {
            for (int p = 0; p < k; p++)
            {
                double bp = Math.Abs(b[bOffset + p * strideP + j * strideJ]);
                for (int i = 0; i < m; i++)
                {
                    c[j * m + i] += Math.Abs(a[aOffset + p * m + i]) * bp;
                }
            }
        }
        return c;
    }
}
