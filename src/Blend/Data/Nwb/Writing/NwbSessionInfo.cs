namespace Blend.Data.Nwb.Writing;

/// <summary>
/// The file-level NWB metadata. Nothing here is taken from the clock: <see cref="FileCreateDate"/> is an input, so
/// the same content always gives the same bytes.
/// </summary>
public sealed record NwbSessionInfo
{
    /// <summary>The file's <c>identifier</c>; also seeds the objects' <c>object_id</c> UUIDs.</summary>
    public required string Identifier { get; init; }
    /// <summary>The file's <c>session_description</c>.</summary>
    public string SessionDescription { get; init; } = "no description";
    /// <summary>The file's <c>session_start_time</c>, written in ISO 8601 with its UTC offset.</summary>
    public DateTimeOffset SessionStartTime { get; init; } = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    /// <summary>Defaults to <see cref="SessionStartTime"/>.</summary>
    public DateTimeOffset? TimestampsReferenceTime { get; init; }
    /// <summary>The file's <c>file_create_date</c>; an input (not the clock) so output is reproducible.</summary>
    public DateTimeOffset FileCreateDate { get; init; } = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    /// <summary><c>/general/experiment_description</c>; not written when null.</summary>
    public string? ExperimentDescription { get; init; }
    /// <summary><c>/general/experimenter</c>; not written when empty.</summary>
    public IReadOnlyList<string> Experimenters { get; init; } = [];
    /// <summary><c>/general/institution</c>; not written when null.</summary>
    public string? Institution { get; init; }
    /// <summary><c>/general/keywords</c>; not written when empty.</summary>
    public IReadOnlyList<string> Keywords { get; init; } = [];
    /// <summary><c>/general/lab</c>; not written when null.</summary>
    public string? Lab { get; init; }
    /// <summary><c>/general/session_id</c>; not written when null.</summary>
    public string? SessionId { get; init; }
    /// <summary>The <c>/general/subject</c> group; not written when null.</summary>
    public NwbSubject? Subject { get; init; }

    /// <summary>ISO 8601 with the offset, as pynwb writes times ("2009-09-25T00:00:00-07:00").</summary>
    internal static string Format(DateTimeOffset time) =>
        time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
}
