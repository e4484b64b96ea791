namespace Blend.Data.Nwb.Writing;

/// <summary>
/// The units table (<c>/units</c>, neurodata type Units) as the NLB DANDI files have it: columns <c>heldout</c>
/// (bool), <c>spike_times</c> (ragged float64), <c>obs_intervals</c> (ragged float64 n × 2) and, when the file has
/// electrodes, <c>electrodes</c> (ragged DynamicTableRegion into the electrodes table); ids are the unit ids.
/// </summary>
public sealed class NwbUnitsData
{
    private readonly List<NwbUnit> _units = [];

    /// <summary>The units table's <c>description</c> attribute.</summary>
    public string Description { get; set; } = "data on spiking units";

    /// <summary>The <c>description</c> of the <c>heldout</c> column.</summary>
    public string HeldoutDescription { get; set; } =
        "Whether the unit is held out in the test data (True) or not (False) in the Neural Latents Benchmark";

    /// <summary>The units in row order.</summary>
    public IReadOnlyList<NwbUnit> Rows => _units;

    /// <summary>Number of units.</summary>
    public int Count => _units.Count;

    /// <summary>Total number of spike times over all units.</summary>
    public long SpikeCount => _units.Sum(u => (long)u.SpikeTimes.Length);

    /// <summary>Appends a unit; its spike times and observation intervals are required and its id must be new.</summary>
    public NwbUnitsData Add(NwbUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(unit.SpikeTimes);
        ArgumentNullException.ThrowIfNull(unit.ObsIntervals);
        if (_units.Any(u => u.Id == unit.Id)) throw new ArgumentException($"unit id {unit.Id} is already in the table", nameof(unit));
        _units.Add(unit);
        return this;
    }

    /// <summary>The units as a DynamicTable; <paramref name="electrodesTable"/> is the electrodes table's path, if any.</summary>
    internal NwbTable ToTable(string? electrodesTable, int electrodeCount)
    {
        var table = new NwbTable("Units", "core", Description);
        table.SetIds(_units.Select(u => u.Id).ToArray());
        table.AddColumn("heldout", HeldoutDescription, _units.Select(u => u.Heldout).ToArray());
        table.Add(NwbColumn.Ragged("spike_times", "the spike times for each unit", _units.Select(u => u.SpikeTimes).ToList(), width: 1));
        table.Add(NwbColumn.Ragged("obs_intervals", "the observation intervals for each unit",
            _units.Select(u => u.ObsIntervals.SelectMany(i => new[] { i.Start, i.Stop }).ToArray()).ToList(), width: 2));
        int withElectrodes = _units.Count(u => u.Electrodes is not null);
        if (withElectrodes == 0) return table;
        if (withElectrodes != _units.Count) throw new ArgumentException("either every unit or no unit names its electrodes");
        if (electrodesTable is null) throw new ArgumentException("units name electrodes, but the file has no electrodes table");
        foreach (var unit in _units)
            foreach (int e in unit.Electrodes!)
                if (e < 0 || e >= electrodeCount)
                    throw new ArgumentException($"unit {unit.Id} names electrode row {e}; the electrodes table has {electrodeCount} rows");
        var rows = _units.Select(u => u.Electrodes!.Select(e => (long)e).ToArray()).ToList();
        table.Add(NwbColumn.Ragged("electrodes", "the electrodes that each spike unit came from", rows, width: 1) with { RegionTable = electrodesTable });
        return table;
    }
}
