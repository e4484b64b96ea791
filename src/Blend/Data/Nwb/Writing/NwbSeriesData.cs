namespace Blend.Data.Nwb.Writing;

/// <summary>
/// A TimeSeries or SpatialSeries in a processing module: <see cref="Data"/> is samples × <see cref="Channels"/>
/// float64 in row order, sampled either at explicit <see cref="Timestamps"/> or regularly from
/// <see cref="StartingTime"/> at <see cref="Rate"/> Hz (give exactly one of the two). nlb_tools names the channels
/// from <see cref="Comments"/> ("columns=[x,y]", see <see cref="ChannelComment"/>).
/// </summary>
public sealed record NwbSeriesData
{
    public required string Name { get; init; }
    public NwbSeriesKind Kind { get; init; } = NwbSeriesKind.TimeSeries;
    /// <summary>Samples × channels, row by row. Kept, not copied.</summary>
    public required double[] Data { get; init; }
    public required int Channels { get; init; }
    /// <summary>Sample times in seconds (one per sample); null for a regularly sampled series.</summary>
    public double[]? Timestamps { get; init; }
    public double StartingTime { get; init; }
    /// <summary>Samples per second of a regularly sampled series; null when <see cref="Timestamps"/> are given.</summary>
    public double? Rate { get; init; }
    public string Description { get; init; } = "no description";
    public string Comments { get; init; } = "no comments";
    public string Unit { get; init; } = "unknown";
    /// <summary>A SpatialSeries' <c>reference_frame</c> dataset (written only when set).</summary>
    public string? ReferenceFrame { get; init; }
    /// <summary>Store <c>data</c> chunked with shuffle + gzip, as the DANDI files do for positions.</summary>
    public bool Compressed { get; init; }

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
