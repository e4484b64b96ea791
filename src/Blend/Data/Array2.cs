namespace Blend.Data;

/// <summary>A dense rows × columns array in C order, e.g. a continuous recording (time × channels).</summary>
public sealed class Array2
{
    public int Rows { get; }
    public int Columns { get; }
    public double[] Values { get; }

    public Array2(int rows, int columns) : this(rows, columns, new double[checked(rows * columns)]) { }

    public Array2(int rows, int columns, double[] values)
    {
        if (rows < 0 || columns < 0)
            throw new ArgumentOutOfRangeException(nameof(rows), $"negative shape ({rows}, {columns})");
        if (values.Length != (long)rows * columns)
            throw new ArgumentException($"{values.Length} values do not fill shape ({rows}, {columns})", nameof(values));
        Rows = rows;
        Columns = columns;
        Values = values;
    }

    public string ShapeText => $"({Rows}, {Columns})";

    public double this[int row, int column]
    {
        get => Values[row * Columns + column];
        set => Values[row * Columns + column] = value;
    }

    public Span<double> Row(int row) => Values.AsSpan(row * Columns, Columns);
}
