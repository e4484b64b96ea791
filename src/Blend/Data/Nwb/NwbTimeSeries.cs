namespace Blend.Data.Nwb;

/// <summary>
/// A TimeSeries (or SpatialSeries, …) found where nlb_tools looks for continuous data, with the name nlb_tools gives
/// it: its own name directly in the file or in a processing module, <c>&lt;container&gt;_&lt;series&gt;</c> inside a
/// multi-series container such as Position.
/// </summary>
public sealed class NwbTimeSeries
{
    private readonly Hdf5Reader _reader;

    private NwbTimeSeries(Hdf5Reader reader) => _reader = reader;

    /// <summary>nlb_tools' field name, e.g. <c>hand_vel</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The HDF5 group of the series.</summary>
    public required string Path { get; init; }

    /// <summary>Channel names in stored column order (from <c>comments="columns=[x,y]"</c>, else 0000, 0001, …).</summary>
    public required string[] Channels { get; init; }

    /// <summary>Number of samples (rows of <c>data</c>).</summary>
    public required int Samples { get; init; }

    /// <summary>Whether the series has explicit <c>timestamps</c> (else starting_time + i / rate).</summary>
    public required bool HasTimestamps { get; init; }

    /// <summary>Time of the first sample in seconds (<c>starting_time</c>); 0 when the series has timestamps.</summary>
    public double StartingTime { get; init; }

    /// <summary>Sampling rate in Hz (the <c>rate</c> attribute of <c>starting_time</c>); 0 when the series has timestamps.</summary>
    public double Rate { get; init; }

    /// <summary>The HDF5 path of the series' <c>data</c> dataset (samples × channels, or samples for one channel).</summary>
    public string DataKey => Path + "/data";

    /// <summary>Sample times in seconds, for rows [start, start + count).</summary>
    public double[] Times(long start, int count)
    {
        if (HasTimestamps) return _reader.ReadDoubleRows(Path + "/timestamps", start, count);
        var times = new double[count];
        // nlb_tools: np.arange(n) / rate + starting_time
        for (int i = 0; i < count; i++) times[i] = (start + i) / Rate + StartingTime;
        return times;
    }

    /// <summary>Data rows [start, start + count) in C order (rows × channels), as float64.</summary>
    public double[] Rows(long start, int count) => _reader.ReadDoubleRows(DataKey, start, count);

    /// <summary>
    /// Finds the series in the file's acquisition and stimulus groups and its processing modules. Series that cannot
    /// be a table of samples × channels (images, text) are listed in <paramref name="skipped"/> instead.
    /// </summary>
    public static List<NwbTimeSeries> FindAll(Hdf5Reader reader, List<string> skipped)
    {
        var found = new List<NwbTimeSeries>();
        void Add(string path, string name)
        {
            int[] shape = reader.Shape(path + "/data");
            if (shape.Length is 1 or 2 && reader.IsNumeric(path + "/data")) found.Add(Read(reader, path, name));
            else skipped.Add($"{path}: not a samples × channels numeric series ({reader.Dtype(path + "/data")}, shape {Hdf5Reader.ShapeText(shape)}); skipped");
        }
        void Visit(string parent)
        {
            if (!reader.IsGroup(parent)) return;
            foreach (string child in reader.GroupNames(parent))
            {
                string childPath = $"{parent}/{child}";
                if (IsTimeSeries(reader, childPath))
                {
                    Add(childPath, child);
                    continue;
                }
                // A multi-series container (Position, BehavioralTimeSeries, …): one level down only, as in nlb_tools.
                foreach (string inner in reader.GroupNames(childPath))
                    if (IsTimeSeries(reader, $"{childPath}/{inner}"))
                        Add($"{childPath}/{inner}", $"{child}_{inner}");
            }
        }
        foreach (string top in new[] { "/acquisition", "/stimulus/presentation", "/stimulus/templates" }) Visit(top);
        if (reader.IsGroup("/processing"))
            foreach (string module in reader.GroupNames("/processing")) Visit("/processing/" + module);
        return found;
    }

    private static bool IsTimeSeries(Hdf5Reader reader, string path) =>
        reader.IsDataset(path + "/data") && (reader.IsDataset(path + "/timestamps") || reader.IsDataset(path + "/starting_time"));

    private static NwbTimeSeries Read(Hdf5Reader reader, string path, string name)
    {
        int[] shape = reader.Shape(path + "/data");
        int channels = shape.Length == 2 ? shape[1] : 1;
        bool hasTimestamps = reader.IsDataset(path + "/timestamps");
        double start = 0, rate = 0;
        if (hasTimestamps)
        {
            int[] timeShape = reader.Shape(path + "/timestamps");
            if (timeShape.Length != 1 || timeShape[0] != shape[0])
                throw reader.Error(path + "/timestamps", $"has shape {Hdf5Reader.ShapeText(timeShape)} but the data has {shape[0]} samples");
        }
        else
        {
            start = reader.ReadDoubles(path + "/starting_time", out _) is [var s] ? s
                : throw reader.Error(path + "/starting_time", "expected one number");
            rate = reader.HasAttribute(path + "/starting_time", "rate") ? reader.ReadDoubleAttribute(path + "/starting_time", "rate")
                : throw reader.Error(path + "/starting_time", "has no 'rate' attribute, so the sample times are unknown");
            if (!(rate > 0)) throw reader.Error(path + "/starting_time", $"rate must be positive, found {rate}");
        }
        string[] names = ChannelNames(reader.HasAttribute(path, "comments") ? reader.ReadStringAttribute(path, "comments") : null, channels);
        if (names.Length != channels)
            throw reader.Error(path, $"its comments name {names.Length} columns ({string.Join(",", names)}) but the data has {channels}");
        return new NwbTimeSeries(reader)
        {
            Name = name,
            Path = path,
            Channels = names,
            Samples = shape[0],
            HasTimestamps = hasTimestamps,
            StartingTime = start,
            Rate = rate,
        };
    }

    /// <summary>nlb_tools: <c>comments.split('[')[-1].split(']')[0].split(',')</c> when the text has <c>columns=</c>.</summary>
    internal static string[] ChannelNames(string? comments, int channels)
    {
        if (comments is not null && comments.Contains("columns=", StringComparison.Ordinal))
        {
            string afterBracket = comments[(comments.LastIndexOf('[') + 1)..];
            int close = afterBracket.IndexOf(']');
            return (close >= 0 ? afterBracket[..close] : afterBracket).Split(',');
        }
        return Enumerable.Range(0, channels).Select(i => i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }
}
