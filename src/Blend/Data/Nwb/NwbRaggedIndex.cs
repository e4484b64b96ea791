namespace Blend.Data.Nwb;

/// <summary>
/// An NWB ragged column's <c>&lt;name&gt;_index</c> (hdmf VectorIndex): cumulative end offsets into the flat data, one
/// per row. Checked on load, so row ranges can be used without further bounds checks.
/// </summary>
public sealed class NwbRaggedIndex
{
    private readonly long[] _ends;

    private NwbRaggedIndex(long[] ends) => _ends = ends;

    /// <summary>Number of table rows the index covers.</summary>
    public int Rows => _ends.Length;

    /// <summary>The flat data rows [Start, End) of table row <paramref name="row"/>.</summary>
    public (long Start, long End) Range(int row) => (row == 0 ? 0 : _ends[row - 1], _ends[row]);

    /// <summary>Reads <paramref name="indexKey"/> and checks it against the table's row count and the data's length.</summary>
    public static NwbRaggedIndex Read(Hdf5Reader reader, string indexKey, string dataKey, int tableRows)
    {
        long[] ends = reader.ReadInt64Vector(indexKey);
        if (ends.Length != tableRows)
            throw reader.Error(indexKey, $"has {ends.Length} entries but the table has {tableRows} rows (see its id column)");
        long dataRows = reader.Shape(dataKey) is { Length: > 0 } shape ? shape[0] : 0;
        long previous = 0;
        for (int i = 0; i < ends.Length; i++)
        {
            if (ends[i] < previous)
                throw reader.Error(indexKey, $"entry {i} is {ends[i]}, less than entry {i - 1} ({previous}); the end offsets must not decrease");
            previous = ends[i];
        }
        if (previous > dataRows)
            throw reader.Error(indexKey, $"last entry is {previous} but {Hdf5Reader.Normalize(dataKey)} has only {dataRows} rows");
        return new NwbRaggedIndex(ends);
    }
}
