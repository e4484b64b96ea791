namespace Blend.Models.Smoothing;

/// <summary>A dense n × p row-major design matrix (no intercept column).</summary>
public sealed class FeatureMatrix(double[] values, int rows, int columns)
{
    public int Rows { get; } = rows;
    public int Columns { get; } = columns;
    public double[] Values { get; } = values.Length == rows * columns ? values
        : throw new ArgumentException($"{values.Length} values do not form {rows} × {columns}", nameof(values));

    public ReadOnlySpan<double> Row(int i) => Values.AsSpan(i * Columns, Columns);
}
