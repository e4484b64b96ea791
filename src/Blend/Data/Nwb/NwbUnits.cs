namespace Blend.Data.Nwb;

/// <summary>
/// The NWB <c>/units</c> table as nlb_tools uses it: unit ids, the <c>heldout</c> flag, each unit's observation
/// intervals and its spike times (read on demand, in chunks, so a large file never holds them all as float64).
/// </summary>
public sealed class NwbUnits
{
    /// <summary>The HDF5 path of the NWB units table.</summary>
    public const string Group = "/units";

    private readonly Hdf5Reader _reader;
    private readonly NwbRaggedIndex _spikeIndex;

    /// <summary>Unit ids in table row order.</summary>
    public required long[] Ids { get; init; }

    /// <summary><c>heldout</c> per row.</summary>
    public required bool[] Heldout { get; init; }

    /// <summary>Observation intervals per row: [start, stop] pairs in seconds, in stored order.</summary>
    public required double[][] ObservationIntervals { get; init; }

    /// <summary>Number of units (table rows), held-in and held-out together.</summary>
    public int Count => Ids.Length;

    /// <summary>Number of spike times stored for all units together.</summary>
    public long TotalSpikes { get; }

    private NwbUnits(Hdf5Reader reader, NwbRaggedIndex spikeIndex)
    {
        _reader = reader;
        _spikeIndex = spikeIndex;
        TotalSpikes = spikeIndex.Rows == 0 ? 0 : spikeIndex.Range(spikeIndex.Rows - 1).End;
    }

    /// <summary>
    /// Reads <c>/units</c>: unique ids, the <c>heldout</c> flag (0/1), the <c>obs_intervals</c> of every unit (at least
    /// one, no NaN) and the index of <c>spike_times</c> (the times themselves are streamed by <see cref="ForEachUnitSpikes"/>).
    /// Raises <see cref="NlbFileException"/> when a column is missing or inconsistent.
    /// </summary>
    public static NwbUnits Read(Hdf5Reader reader)
    {
        NwbLayout.RequireGroup(reader, Group, "the units table (spike times of every unit)");
        long[] ids = reader.ReadInt64Vector(NwbLayout.Column(reader, Group, "id"));
        if (ids.Distinct().Count() != ids.Length)
            throw reader.Error(Group + "/id", "unit ids are not unique");
        string heldoutKey = NwbLayout.Column(reader, Group, "heldout", "which units are held out in the benchmark");
        int[] heldoutValues = reader.ReadInt32Vector(heldoutKey);
        CheckRows(reader, heldoutKey, heldoutValues.Length, ids.Length);
        if (heldoutValues.Any(v => v is not (0 or 1))) throw reader.Error(heldoutKey, "must hold booleans (0 or 1)");

        string spikesKey = NwbLayout.Column(reader, Group, "spike_times");
        if (reader.Shape(spikesKey).Length != 1) throw reader.Error(spikesKey, $"expected a 1-D list of spike times, found shape {Hdf5Reader.ShapeText(reader.Shape(spikesKey))}");
        var spikeIndex = NwbRaggedIndex.Read(reader, NwbLayout.Column(reader, Group, "spike_times_index"), spikesKey, ids.Length);

        string intervalsKey = NwbLayout.Column(reader, Group, "obs_intervals",
            "nlb_tools takes the recording's length and the unobserved (NaN) samples from it");
        int[] intervalShape = reader.Shape(intervalsKey);
        if (intervalShape.Length != 2 || intervalShape[1] != 2)
            throw reader.Error(intervalsKey, $"expected n × 2 [start, stop] rows, found shape {Hdf5Reader.ShapeText(intervalShape)}");
        var intervalIndex = NwbRaggedIndex.Read(reader, NwbLayout.Column(reader, Group, "obs_intervals_index"), intervalsKey, ids.Length);
        double[] flat = reader.ReadDoubles(intervalsKey, out _);
        var intervals = new double[ids.Length][];
        for (int u = 0; u < ids.Length; u++)
        {
            var (start, end) = intervalIndex.Range(u);
            if (end == start)
                throw reader.Error(intervalsKey, $"unit {ids[u]} (row {u}) has no observation interval");
            intervals[u] = flat.AsSpan((int)(start * 2), (int)((end - start) * 2)).ToArray();
            if (intervals[u].Any(double.IsNaN))
                throw reader.Error(intervalsKey, $"unit {ids[u]} (row {u}) has a NaN observation interval");
        }

        return new NwbUnits(reader, spikeIndex)
        {
            Ids = ids,
            Heldout = heldoutValues.Select(v => v == 1).ToArray(),
            ObservationIntervals = intervals,
        };
    }

    private static void CheckRows(Hdf5Reader reader, string key, int rows, int expected)
    {
        if (rows != expected) throw reader.Error(key, $"has {rows} rows but the table has {expected} (see its id column)");
    }

    /// <summary>
    /// Streams every unit's spike times in row order: <paramref name="visit"/> gets the row and its times. The flat
    /// <c>spike_times</c> dataset is read <paramref name="chunkValues"/> values at a time.
    /// </summary>
    public void ForEachUnitSpikes(Action<int, ReadOnlySpan<double>> visit, int chunkValues = 1 << 20, Action<long>? progress = null)
    {
        string key = Group + "/spike_times";
        double[] buffer = [];
        long bufferStart = 0;
        var pending = new List<double>();
        for (int unit = 0; unit < Count; unit++)
        {
            var (start, end) = _spikeIndex.Range(unit);
            pending.Clear();
            long position = start;
            while (position < end)
            {
                if (position < bufferStart || position >= bufferStart + buffer.Length)
                {
                    bufferStart = position;
                    int count = (int)Math.Min(chunkValues, TotalSpikes - position);
                    buffer = _reader.ReadDoubleRows(key, position, count);
                    progress?.Invoke(position + count);
                }
                int take = (int)Math.Min(end - position, bufferStart + buffer.Length - position);
                var slice = buffer.AsSpan((int)(position - bufferStart), take);
                if (take == end - start) { visit(unit, slice); position = end; break; }
                pending.AddRange(slice);
                position += take;
            }
            if (pending.Count > 0 || start == end) visit(unit, pending.Count > 0 ? pending.ToArray() : ReadOnlySpan<double>.Empty);
        }
    }
}
