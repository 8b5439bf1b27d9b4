using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.Generators;

/// <summary>Gaussian draws from a seeded <see cref="Random"/>: every random number in the tests comes from a printed seed.</summary>
public static class Gaussian
{
    /// <summary>v ~ 𝒩(0, σ²Iₙ).</summary>
    public static Vector<double> Vector(Random random, int n, double sigma = 1.0) =>
        Vector<double>.Build.Dense(n, _ => Normal.Sample(random, 0, sigma));

    /// <summary>A ~ 𝒩(0, σ²) entrywise.</summary>
    public static Matrix<double> Matrix(Random random, int rows, int columns, double sigma = 1.0) =>
        Matrix<double>.Build.Dense(rows, columns, (_, _) => Normal.Sample(random, 0, sigma));

    /// <summary>u uniform on the unit sphere of ℝⁿ.</summary>
    public static Vector<double> UnitSphere(Random random, int n)
    {
        var v = Vector(random, n);
        return v / v.L2Norm();
    }

    /// <summary>Q orthogonal, Haar-distributed (QR of a Gaussian matrix with the signs of R's diagonal fixed).</summary>
    public static Matrix<double> Orthogonal(Random random, int n)
    {
        var qr = Matrix(random, n, n).QR();
        var q = qr.Q;
        for (int j = 0; j < n; j++)
        {
            if (qr.R[j, j] < 0)
            {
                q.SetColumn(j, -q.Column(j));
            }
        }
        return q;
    }

    /// <summary>10^U with U uniform on [lo, hi]: a log-uniform scale.</summary>
    public static double LogUniform(Random random, double lo, double hi) =>
        Math.Pow(10, lo + (hi - lo) * random.NextDouble());
}
