using Blend.Data;

namespace Blend.Evaluation.Identity;

/// <summary>
/// scikit-learn's <c>StandardScaler</c>: per column, subtract the mean and divide by the standard deviation (ddof 0)
/// of the rows it was fitted on; a constant column keeps scale 1, so it maps to 0 rather than NaN.
/// </summary>
public sealed record StandardScaler(double[] Mean, double[] Scale)
{
    private const double MachineEpsilon = 2.220446049250313e-16; // np.finfo(np.float64).eps

    /// <summary>Per-column mean and standard deviation (ddof 0) of <paramref name="x"/>'s rows (at least one).</summary>
    public static StandardScaler Fit(RowMatrix x)
    {
        if (x.Rows == 0) throw new MetricInputException($"standard scaler: no rows to fit, shape {x.ShapeText}");
        var mean = new double[x.Cols];
        var scale = new double[x.Cols];
        for (int row = 0; row < x.Rows; row++)
        {
            ReadOnlySpan<double> values = x.Row(row);
            for (int j = 0; j < x.Cols; j++) mean[j] += values[j];
        }
        for (int j = 0; j < x.Cols; j++) mean[j] /= x.Rows;
        for (int row = 0; row < x.Rows; row++)
        {
            ReadOnlySpan<double> values = x.Row(row);
            for (int j = 0; j < x.Cols; j++) scale[j] += (values[j] - mean[j]) * (values[j] - mean[j]);
        }
        for (int j = 0; j < x.Cols; j++)
        {
            double variance = scale[j] / x.Rows;
            // sklearn's _is_constant_feature: a variance within rounding of zero marks a constant column.
            double bound = x.Rows * MachineEpsilon * variance + Math.Pow(x.Rows * mean[j] * MachineEpsilon, 2);
            scale[j] = variance <= bound ? 1.0 : Math.Sqrt(variance);
        }
        return new StandardScaler(mean, scale);
    }

    /// <summary>(x − mean) / scale per column: rows × the fitted columns.</summary>
    public RowMatrix Transform(RowMatrix x)
    {
        if (x.Cols != Mean.Length)
            throw new MetricInputException($"standard scaler: fitted on {Mean.Length} columns, got {x.ShapeText}");
        var result = new RowMatrix(x.Rows, x.Cols);
        for (int row = 0; row < x.Rows; row++)
        {
            ReadOnlySpan<double> source = x.Row(row);
            Span<double> target = result.Row(row);
            for (int j = 0; j < x.Cols; j++) target[j] = (source[j] - Mean[j]) / Scale[j];
        }
        return result;
    }
}
