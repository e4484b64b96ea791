namespace Blend.Data.Nwb.Writing;

/// <summary>A ProcessingModule (<c>/processing/&lt;name&gt;</c>) holding time series directly, as the NLB files' "behavior".</summary>
public sealed class NwbProcessingModule
{
    private readonly List<NwbSeriesData> _series = [];

    internal NwbProcessingModule(string name, string description)
    {
        Name = name;
        Description = description;
    }

    /// <summary>The module's name, its group under <c>/processing</c> (e.g. <c>behavior</c>).</summary>
    public string Name { get; }

    /// <summary>The module's <c>description</c> attribute.</summary>
    public string Description { get; }

    /// <summary>The module's time series, in the order added.</summary>
    public IReadOnlyList<NwbSeriesData> Series => _series;

    /// <summary>Adds a series after checking it (channels, sizes, timestamps or rate); series names must be unique within the module.</summary>
    public NwbProcessingModule Add(NwbSeriesData series)
    {
        ArgumentNullException.ThrowIfNull(series);
        series.Validate();
        if (_series.Any(s => s.Name == series.Name)) throw new ArgumentException($"{Name} already has a series {series.Name}", nameof(series));
        _series.Add(series);
        return this;
    }

    internal void WriteTo(HdfTree tree, string path, string fileIdentifier)
    {
        var group = tree.Group(path);
        group.Attributes["description"] = Description;
        NwbAttributes.Type(group, "core", "ProcessingModule", NwbObjectIds.For(fileIdentifier, path));
        foreach (var series in _series) WriteSeries(tree, path + "/" + series.Name, series, fileIdentifier);
    }

    private static void WriteSeries(HdfTree tree, string path, NwbSeriesData series, string fileIdentifier)
    {
        var group = tree.Group(path);
        group.Attributes["comments"] = series.Comments;
        group.Attributes["description"] = series.Description;
        NwbAttributes.Type(group, "core", series.Kind.ToString(), NwbObjectIds.For(fileIdentifier, path));

        var data = tree.Dataset(path + "/data", series.Data, [(ulong)series.Samples, (ulong)series.Channels], series.Compressed);
        data.Attributes["conversion"] = 1.0;
        data.Attributes["offset"] = 0.0;
        data.Attributes["resolution"] = -1.0;
        data.Attributes["unit"] = series.Unit;

        if (series.ReferenceFrame is string frame) tree.Text(path + "/reference_frame", frame);
        if (series.Timestamps is double[] timestamps)
        {
            var times = tree.Dataset(path + "/timestamps", timestamps, [(ulong)timestamps.Length]);
            times.Attributes["interval"] = 1L;
            times.Attributes["unit"] = "seconds";
        }
        else
        {
            var start = tree.Dataset(path + "/starting_time", series.StartingTime, dims: null);
            start.Attributes["rate"] = series.Rate!.Value;
            start.Attributes["unit"] = "seconds";
        }
    }
}
