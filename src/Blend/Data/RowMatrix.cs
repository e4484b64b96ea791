namespace Blend.Data;

/// <summary>
/// A dense rows × columns float64 matrix in C order: the 2-D arrays sklearn sees (samples × features). A view over an
/// <see cref="Array3"/> shares its values, so flattening trials × time into rows costs nothing.
/// </summary>
public sealed class RowMatrix
{
    /// <summary>Number of rows (samples, e.g. trials · bins or time bins).</summary>
    public int Rows { get; }
    /// <summary>Number of columns (features, e.g. neurons or behaviour dimensions).</summary>
    public int Cols { get; }
    /// <summary>The entries in C order: (row, col) is at <c>row · Cols + col</c>. Shared, not copied.</summary>
    public double[] Values { get; }

    /// <summary>A zero-filled rows × cols matrix.</summary>
    public RowMatrix(int rows, int cols) : this(rows, cols, new double[checked(rows * cols)]) { }

    /// <summary>Wraps <paramref name="values"/> (not copied, C order) as a rows × cols matrix; its length must be rows · cols.</summary>
    public RowMatrix(int rows, int cols, double[] values)
    {
        if (rows < 0 || cols < 0)
            throw new ArgumentOutOfRangeException(nameof(rows), $"negative shape ({rows}, {cols})");
        if (values.Length != (long)rows * cols)
            throw new ArgumentException($"{values.Length} values do not fill shape ({rows}, {cols})", nameof(values));
        Rows = rows;
        Cols = cols;
        Values = values;
    }

    /// <summary>The (trials·time) × channels view of a trials × time × channels array (numpy's reshape(-1, C)).</summary>
    public static RowMatrix FromArray3(Array3 array) => new(array.Rows, array.Channels, array.Values);

    /// <summary>The shape as numpy prints it, e.g. <c>(6577, 48)</c>, for error messages.</summary>
    public string ShapeText => $"({Rows}, {Cols})";

    /// <summary>The entry at (row, col).</summary>
    public double this[int row, int col]
    {
        get => Values[row * Cols + col];
        set => Values[row * Cols + col] = value;
    }

    /// <summary>One row as a span over <see cref="Values"/>; writes change the matrix.</summary>
    public Span<double> Row(int row) => Values.AsSpan(row * Cols, Cols);

    /// <summary>Rows [start, start + count) as a new matrix (numpy's m[start:start + count]).</summary>
    public RowMatrix SliceRows(int start, int count)
    {
        if (start < 0 || count < 0 || start + count > Rows)
            throw new ArgumentOutOfRangeException(nameof(start), $"rows [{start}, {start + count}) outside shape {ShapeText}");
        return new RowMatrix(count, Cols, Values.AsSpan(start * Cols, count * Cols).ToArray());
    }

    /// <summary>The given columns, in the given order (numpy's m[:, columns]).</summary>
    public RowMatrix SelectColumns(IReadOnlyList<int> columns)
    {
        foreach (int c in columns)
            if (c < 0 || c >= Cols) throw new ArgumentOutOfRangeException(nameof(columns), $"column {c} outside shape {ShapeText}");
        var result = new RowMatrix(Rows, columns.Count);
        for (int row = 0; row < Rows; row++)
        {
            var source = Row(row);
            var target = result.Row(row);
            for (int i = 0; i < columns.Count; i++) target[i] = source[columns[i]];
        }
        return result;
    }

    /// <summary>The rows whose flag is set, in order (numpy boolean indexing on the first axis).</summary>
    public RowMatrix SelectRows(IReadOnlyList<bool> keep)
    {
        if (keep.Count != Rows)
            throw new ArgumentException($"row mask has {keep.Count} entries for {Rows} rows");
        int count = 0;
        for (int i = 0; i < keep.Count; i++) if (keep[i]) count++;
        var result = new RowMatrix(count, Cols);
        int target = 0;
        for (int row = 0; row < Rows; row++)
            if (keep[row]) Row(row).CopyTo(result.Row(target++));
        return result;
    }
}
