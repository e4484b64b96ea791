using Blend.Data;
namespace Blend.Evaluation;

/// <summary>
/// sklearn.metrics.r2_score with its defaults: per-output 1 − SS_res / SS_tot (SS_tot around the output's own mean),
/// force_finite (a zero SS_res scores 1, a zero SS_tot with non-zero SS_res scores 0), and a plain mean over outputs.
/// </summary>
public static class R2Score
{
    /// <summary>r2_score(yTrue, yPred) with multioutput="uniform_average"; NaN with fewer than two samples.</summary>
    public static double UniformAverage(RowMatrix yTrue, RowMatrix yPred) => Average(RawValues(yTrue, yPred));

    /// <summary>r2_score(yTrue, yPred, multioutput="raw_values"); NaN entries with fewer than two samples.</summary>
    public static double[] RawValues(RowMatrix yTrue, RowMatrix yPred)
    {
        if (yTrue.Rows != yPred.Rows || yTrue.Cols != yPred.Cols)
            throw new MetricInputException(
                $"r2_score: y_true {yTrue.ShapeText} and y_pred {yPred.ShapeText} must have the same shape");
        RequireFinite(yTrue, "y_true");
        RequireFinite(yPred, "y_pred");
        var scores = new double[yTrue.Cols];
        if (yTrue.Rows < 2)
        {
            // sklearn warns "R^2 score is not well-defined with less than two samples" and returns NaN.
            Array.Fill(scores, double.NaN);
            return scores;
        }
        double[] residual = NumpySum.ColumnSums(Map(yTrue, yPred, (t, p, _) => (t - p) * (t - p)));
        double[] total = TotalSumsOfSquares(yTrue);
        for (int col = 0; col < scores.Length; col++) scores[col] = FromSums(residual[col], total[col]);
        return scores;
    }

    /// <summary>One output's score from its sums of squares, with sklearn's force_finite rule.</summary>
    public static double FromSums(double residualSumOfSquares, double totalSumOfSquares)
    {
        if (residualSumOfSquares == 0) return 1.0;
        if (totalSumOfSquares == 0) return 0.0;
        return 1.0 - residualSumOfSquares / totalSumOfSquares;
    }

    /// <summary>np.average over outputs (no weights).</summary>
    public static double Average(ReadOnlySpan<double> outputScores) => NumpySum.Mean(outputScores);

    /// <summary>Σ (y − ȳ)² per column with ȳ = np.average(y, axis=0), summed as numpy does.</summary>
    internal static double[] TotalSumsOfSquares(RowMatrix y)
    {
        double[] means = NumpySum.ColumnSums(y);
        for (int col = 0; col < means.Length; col++) means[col] /= y.Rows;
        return NumpySum.ColumnSums(Map(y, y, (t, _, col) => (t - means[col]) * (t - means[col])));
    }

    private static RowMatrix Map(RowMatrix a, RowMatrix b, Func<double, double, int, double> f)
    {
        var result = new RowMatrix(a.Rows, a.Cols);
        for (int i = 0; i < result.Values.Length; i++) result.Values[i] = f(a.Values[i], b.Values[i], i % a.Cols);
        return result;
    }

    private static void RequireFinite(RowMatrix m, string name)
    {
        for (int i = 0; i < m.Values.Length; i++)
            if (!double.IsFinite(m.Values[i]))
                throw new MetricInputException(
                    $"r2_score: {name} {m.ShapeText} contains {m.Values[i]} at row {i / m.Cols}, column {i % m.Cols}");
    }
}
