using Blend.Data;
using Blend.Evaluation;
using MathNet.Numerics.LinearAlgebra;

namespace Blend.Tests.Evaluation;

/// <summary>Random regression problems and a textbook ridge fit (two-pass centring, MathNet dense solve).</summary>
internal static class RidgeTestData
{
    public static (RowMatrix X, RowMatrix Y) Random(int rows, int features, int outputs, int seed, double offset = 0.0)
    {
        var random = new Random(seed);
        var x = new RowMatrix(rows, features);
        var y = new RowMatrix(rows, outputs);
        var weights = new double[features * outputs];
        for (int i = 0; i < weights.Length; i++) weights[i] = random.NextDouble() - 0.5;
        for (int r = 0; r < rows; r++)
        {
            double shared = random.NextDouble();
            for (int i = 0; i < features; i++)
                x[r, i] = offset * (1 + i) + shared + random.NextDouble(); // correlated columns, far from zero mean
            for (int c = 0; c < outputs; c++)
            {
                double v = 3.0 * c;
                for (int i = 0; i < features; i++) v += weights[i * outputs + c] * x[r, i];
                y[r, c] = v + 0.3 * (random.NextDouble() - 0.5);
            }
        }
        return (x, y);
    }

    /// <summary>Ridge with intercept the direct way: centre with the rows' means, solve (XcᵀXc + αI) W = XcᵀYc.</summary>
    public static (Matrix<double> Coefficients, Vector<double> Intercepts) DirectFit(
        RowMatrix x, RowMatrix y, double alpha, IReadOnlyList<int> rows)
    {
        var xs = Matrix<double>.Build.Dense(rows.Count, x.Cols, (r, c) => x[rows[r], c]);
        var ys = Matrix<double>.Build.Dense(rows.Count, y.Cols, (r, c) => y[rows[r], c]);
        var xMean = xs.ColumnSums() / rows.Count;
        var yMean = ys.ColumnSums() / rows.Count;
        var xc = xs - Matrix<double>.Build.Dense(rows.Count, x.Cols, (_, c) => xMean[c]);
        var yc = ys - Matrix<double>.Build.Dense(rows.Count, y.Cols, (_, c) => yMean[c]);
        var a = xc.TransposeThisAndMultiply(xc) + alpha * Matrix<double>.Build.DenseIdentity(x.Cols);
        var w = a.Solve(xc.TransposeThisAndMultiply(yc));
        return (w, yMean - w.TransposeThisAndMultiply(xMean));
    }

    /// <summary>Uniform-average R² of a direct fit's predictions on the given rows.</summary>
    public static double DirectScore(
        (Matrix<double> Coefficients, Vector<double> Intercepts) fit, RowMatrix x, RowMatrix y, IReadOnlyList<int> rows)
    {
        double total = 0.0;
        for (int c = 0; c < y.Cols; c++)
        {
            double mean = rows.Average(r => y[r, c]);
            double residual = 0.0, spread = 0.0;
            foreach (int r in rows)
            {
                double predicted = fit.Intercepts[c];
                for (int i = 0; i < x.Cols; i++) predicted += x[r, i] * fit.Coefficients[i, c];
                residual += (y[r, c] - predicted) * (y[r, c] - predicted);
                spread += (y[r, c] - mean) * (y[r, c] - mean);
            }
            total += 1.0 - residual / spread;
        }
        return total / y.Cols;
    }
}
