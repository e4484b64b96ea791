namespace Blend.Data.Nwb.Writing;

/// <summary>
/// The file-level NWB metadata. Nothing here is taken from the clock: <see cref="FileCreateDate"/> is an input, so
/// the same content always gives the same bytes.
/// </summary>
public sealed record NwbSessionInfo
{
    /// <summary>The file's <c>identifier</c>; also seeds the objects' <c>object_id</c> UUIDs.</summary>
    public required string Identifier { get; init; }
    public string SessionDescription { get; init; } = "no description";
    public DateTimeOffset SessionStartTime { get; init; } = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    /// <summary>Defaults to <see cref="SessionStartTime"/>.</summary>
    public DateTimeOffset? TimestampsReferenceTime { get; init; }
    public DateTimeOffset FileCreateDate { get; init; } = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public string? ExperimentDescription { get; init; }
    public IReadOnlyList<string> Experimenters { get; init; } = [];
    public string? Institution { get; init; }
    public IReadOnlyList<string> Keywords { get; init; } = [];
    public string? Lab { get; init; }
    public string? SessionId { get; init; }
    public NwbSubject? Subject { get; init; }

    /// <summary>ISO 8601 with the offset, as pynwb writes times ("2009-09-25T00:00:00-07:00").</summary>
    internal static string Format(DateTimeOffset time) =>
        time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
}
