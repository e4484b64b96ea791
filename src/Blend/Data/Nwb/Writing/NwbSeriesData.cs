namespace Blend.Data.Nwb.Writing;

/// <summary>
/// A TimeSeries or SpatialSeries in a processing module: <see cref="Data"/> is samples × <see cref="Channels"/>
/// float64 in row order, sampled either at explicit <see cref="Timestamps"/> or regularly from
/// <see cref="StartingTime"/> at <see cref="Rate"/> Hz (give exactly one of the two). nlb_tools names the channels
/// from <see cref="Comments"/> ("columns=[x,y]", see <see cref="ChannelComment"/>).
/// </summary>
public sealed record NwbSeriesData
{
    /// <summary>The series' group name inside the module, which nlb_tools uses as the field name (e.g. <c>hand_vel</c>).</summary>
    public required string Name { get; init; }
    /// <summary>The neurodata type written: TimeSeries (default) or SpatialSeries.</summary>
    public NwbSeriesKind Kind { get; init; } = NwbSeriesKind.TimeSeries;
    /// <summary>Samples × channels, row by row. Kept, not copied.</summary>
    public required double[] Data { get; init; }
    /// <summary>Columns of <see cref="Data"/> (e.g. 2 for x, y); at least 1.</summary>
    public required int Channels { get; init; }
    /// <summary>Sample times in seconds (one per sample); null for a regularly sampled series.</summary>
    public double[]? Timestamps { get; init; }
    /// <summary>Time of the first sample in seconds, for a regularly sampled series (ignored with <see cref="Timestamps"/>).</summary>
    public double StartingTime { get; init; }
    /// <summary>Samples per second of a regularly sampled series; null when <see cref="Timestamps"/> are given.</summary>
    public double? Rate { get; init; }
    /// <summary>The series' <c>description</c> attribute.</summary>
    public string Description { get; init; } = "no description";
    /// <summary>The series' <c>comments</c> attribute; nlb_tools reads channel names from it (see <see cref="ChannelComment"/>).</summary>
    public string Comments { get; init; } = "no comments";
    /// <summary>The <c>unit</c> attribute of <c>data</c>, e.g. <c>mm</c> or <c>mm/s</c>.</summary>
    public string Unit { get; init; } = "unknown";
    /// <summary>A SpatialSeries' <c>reference_frame</c> dataset (written only when set).</summary>
    public string? ReferenceFrame { get; init; }
    /// <summary>Store <c>data</c> chunked with shuffle + gzip, as the DANDI files do for positions.</summary>
    public bool Compressed { get; init; }

    /// <summary>Number of samples (rows): <c>Data.Length / Channels</c>.</summary>
    public int Samples => Channels > 0 ? Data.Length / Channels : 0;

    /// <summary>"columns=[x,y]": the comment nlb_tools reads channel names from.</summary>
    public static string ChannelComment(params string[] channels) => $"columns=[{string.Join(',', channels)}]";

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Contains('/')) throw new ArgumentException($"invalid time series name '{Name}'");
        ArgumentNullException.ThrowIfNull(Data);
        if (Channels < 1) throw new ArgumentException($"{Name}: needs at least one channel, got {Channels}");
        if (Data.Length % Channels != 0) throw new ArgumentException($"{Name}: {Data.Length} values are not rows of {Channels} channels");
        if ((Timestamps is null) == (Rate is null)) throw new ArgumentException($"{Name}: give either timestamps or a rate");
        if (Timestamps is not null && Timestamps.Length != Samples)
            throw new ArgumentException($"{Name}: {Timestamps.Length} timestamps for {Samples} samples");
        if (Rate is double rate && !(rate > 0 && double.IsFinite(rate))) throw new ArgumentException($"{Name}: rate must be positive, got {rate}");
    }
}
