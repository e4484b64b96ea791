namespace Blend.Data.Nwb.Writing;

/// <summary>
/// One column of an <see cref="NwbTable"/>: a VectorData (or DynamicTableRegion) dataset, plus for a ragged column
/// the cumulative end offset of each row's rows in <see cref="Values"/> (its <c>_index</c> VectorIndex).
/// </summary>
/// <param name="Name">The column's dataset name in the table group (its index is <c>&lt;Name&gt;_index</c>).</param>
/// <param name="Description">The column's <c>description</c> attribute.</param>
/// <param name="Values">A 1-D array in C order: Width values per data row.</param>
/// <param name="Width">Values per data row; 1 writes a 1-D dataset, more an n × Width one.</param>
/// <param name="Ends">For a ragged column, the end offset (in data rows) of each table row; null otherwise.</param>
/// <param name="RegionTable">For a DynamicTableRegion, the path of the table its values index.</param>
internal sealed record NwbColumn(string Name, string Description, Array Values, int Width, long[]? Ends, string? RegionTable = null)
{
    public int DataRows => Values.Length / Width;

    public int TableRows => Ends?.Length ?? DataRows;

    public string NeurodataType => RegionTable is null ? "VectorData" : "DynamicTableRegion";

    /// <summary>A ragged column from its rows (each a multiple of <paramref name="width"/> values), flattened.</summary>
    public static NwbColumn Ragged<T>(string name, string description, IReadOnlyList<T[]> rows, int width)
    {
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(width), $"{name}: width must be at least 1, got {width}");
        var ends = new long[rows.Count];
        long total = 0;
        for (int i = 0; i < rows.Count; i++)
        {
            var row = rows[i] ?? throw new ArgumentException($"{name}: row {i} is null", nameof(rows));
            if (row.Length % width != 0) throw new ArgumentException($"{name}: row {i} has {row.Length} values, not a multiple of {width}", nameof(rows));
            ends[i] = total += row.Length / width;
        }
        var flat = new T[checked((int)(total * width))];
        int offset = 0;
        foreach (var row in rows)
        {
            row.CopyTo(flat, offset);
            offset += row.Length;
        }
        return new NwbColumn(name, description, flat, width, ends);
    }
}
