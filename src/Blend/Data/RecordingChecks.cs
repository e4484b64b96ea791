using System.Globalization;

namespace Blend.Data;

/// <summary>
/// Checks on continuous recordings before they are imported. Each failure is a one-line
/// <see cref="BlendInputException"/> naming the file, the shape and the first offending row and column.
/// </summary>
public static class RecordingChecks
{
    /// <summary>Spike counts: finite and non-negative (fractional counts are allowed).</summary>
    public static void Spikes(RowMatrix spikes, string file)
    {
        if (spikes.Rows == 0 || spikes.Cols == 0)
            throw new BlendInputException($"{file}: spikes have shape {spikes.ShapeText}; need time bins × neurons with both > 0");
        if (FirstWhere(spikes, v => !double.IsFinite(v)) is (int row, int col, _))
            throw new BlendInputException(
                $"{file}: spike count at row {row}, column {col} is {Text(spikes[row, col])}; counts must be finite (shape {spikes.ShapeText})");
        if (FirstWhere(spikes, v => v < 0) is (int nRow, int nCol, int negatives))
            throw new BlendInputException(
                $"{file}: {negatives} negative spike count{(negatives == 1 ? "" : "s")}, the first {Text(spikes[nRow, nCol])} at row {nRow}, column {nCol}; counts must be ≥ 0 (shape {spikes.ShapeText})");
    }

    /// <summary>Behaviour: NaN marks unknown rows (the metrics drop them), but infinities and all-NaN columns are errors.</summary>
    public static void Behavior(RowMatrix behavior, string file)
    {
        if (behavior.Cols == 0) throw new BlendInputException($"{file}: behaviour has shape {behavior.ShapeText}; need at least one column");
        if (FirstWhere(behavior, double.IsInfinity) is (int row, int col, _))
            throw new BlendInputException(
                $"{file}: behaviour at row {row}, column {col} is {Text(behavior[row, col])}; use NaN for unknown values (shape {behavior.ShapeText})");
        for (int c = 0; c < behavior.Cols; c++)
        {
            bool anyKnown = false;
            for (int r = 0; r < behavior.Rows && !anyKnown; r++) anyKnown = !double.IsNaN(behavior[r, c]);
            if (!anyKnown)
                throw new BlendInputException($"{file}: behaviour column {c} is NaN in every row (shape {behavior.ShapeText}); drop the column");
        }
    }

    /// <summary>Spikes and behaviour need one row per time bin each.</summary>
    public static void SameRows(RowMatrix spikes, string spikesFile, RowMatrix behavior, string behaviorFile)
    {
        if (spikes.Rows != behavior.Rows)
            throw new BlendInputException(
                $"{spikesFile} has {spikes.Rows} rows {spikes.ShapeText} but {behaviorFile} has {behavior.Rows} rows {behavior.ShapeText}; both need one row per time bin");
    }

    /// <summary>The first (row, column) whose value matches, and how many match; null when none does.</summary>
    private static (int Row, int Col, int Count)? FirstWhere(RowMatrix matrix, Func<double, bool> bad)
    {
        int first = -1, count = 0;
        for (int i = 0; i < matrix.Values.Length; i++)
        {
            if (!bad(matrix.Values[i])) continue;
            if (first < 0) first = i;
            count++;
        }
        return first < 0 ? null : (first / matrix.Cols, first % matrix.Cols, count);
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
