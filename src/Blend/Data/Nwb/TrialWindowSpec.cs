namespace Blend.Data.Nwb;

/// <summary>
/// The arguments of nlb_tools' <c>NWBDataset.make_trial_data</c>: which trial_info fields bound and align each
/// window, the offsets in ms (null: the trial's own start / end), and whether windows may overlap the next trial
/// and keep rows with NaN.
/// </summary>
public sealed record TrialWindowSpec
{
    public string StartField { get; init; } = "start_time";
    public string EndField { get; init; } = "end_time";
    public string? AlignField { get; init; }
    public double? StartOffsetMs { get; init; }
    public double? EndOffsetMs { get; init; }
    public bool AllowOverlap { get; init; }
    public bool AllowNans { get; init; }

    public static TrialWindowSpec Aligned(string field, double startMs, double endMs, bool allowOverlap = false) =>
        new() { AlignField = field, StartOffsetMs = startMs, EndOffsetMs = endMs, AllowOverlap = allowOverlap };

    public override string ToString() =>
        AlignField is not null && StartOffsetMs is not null
            ? $"{AlignField} ({StartOffsetMs:0.##}, {EndOffsetMs:0.##}) ms"
            : $"{StartField} to {EndField}";
}
