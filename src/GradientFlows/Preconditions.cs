using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows;

/// <summary>
/// Argument checks at the public boundary. Every message names the argument, shows what was received and says what was
/// expected; nothing is clamped or guessed.
/// </summary>
internal static class Preconditions
{
    public static T NotNull<T>(T? value, string name) where T : class =>
        value ?? throw new ArgumentNullException(name, $"{name} is null; expected a value.");

    public static double Finite(double value, string name) =>
        double.IsFinite(value)
            ? value
            : throw new ArgumentException($"{name} = {Show(value)}; expected a finite real number.", name);

    public static double Positive(double value, string name) =>
        double.IsFinite(value) && value > 0
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} = {Show(value)}; expected a finite number > 0.");

    public static double NonNegative(double value, string name) =>
        double.IsFinite(value) && value >= 0
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} = {Show(value)}; expected a finite number ≥ 0.");

    public static int AtLeast(int value, int minimum, string name) =>
        value >= minimum
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} = {value}; expected an integer ≥ {minimum}.");

    public static Vector<double> FiniteVector(Vector<double>? v, int expectedLength, string name, string meaning)
    {
        NotNull(v, name);
        if (v!.Count != expectedLength)
        {
            throw new ArgumentException(
                $"{name} has {v.Count} entries; expected {expectedLength} ({meaning}).", name);
        }
        for (int i = 0; i < v.Count; i++)
        {
            if (!double.IsFinite(v[i]))
            {
                throw new ArgumentException($"{name}[{i}] = {Show(v[i])}; expected every entry finite ({meaning}).", name);
            }
        }
        return v;
    }

    public static Matrix<double> FiniteMatrix(Matrix<double>? a, int rows, int columns, string name, string meaning)
    {
        NotNull(a, name);
        if (a!.RowCount != rows || a.ColumnCount != columns)
        {
            throw new ArgumentException(
                $"{name} is {a.RowCount}×{a.ColumnCount}; expected {rows}×{columns} ({meaning}).", name);
        }
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                if (!double.IsFinite(a[i, j]))
                {
                    throw new ArgumentException(
                        $"{name}[{i},{j}] = {Show(a[i, j])}; expected every entry finite ({meaning}).", name);
                }
            }
        }
        return a;
    }

    public static Matrix<double> FiniteMatrix(Matrix<double>? a, string name, string meaning)
    {
        NotNull(a, name);
        return FiniteMatrix(a, a!.RowCount, a.ColumnCount, name, meaning);
    }

    private static string Show(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
