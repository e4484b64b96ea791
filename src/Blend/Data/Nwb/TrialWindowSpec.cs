namespace Blend.Data.Nwb;

/// <summary>
/// The arguments of nlb_tools' <c>NWBDataset.make_trial_data</c>: which trial_info fields bound and align each
/// window, the offsets in ms (null: the trial's own start / end), and whether windows may overlap the next trial
/// and keep rows with NaN.
/// </summary>
public sealed record TrialWindowSpec
{
    /// <summary>The trial_info time column that starts a window without offsets (<c>start_time</c> by default).</summary>
    public string StartField { get; init; } = "start_time";
    /// <summary>The trial_info time column that ends a window without offsets (<c>end_time</c> by default).</summary>
    public string EndField { get; init; } = "end_time";
    /// <summary>The trial_info time column the offsets are measured from (e.g. <c>move_onset_time</c>); null to use the start and end fields.</summary>
    public string? AlignField { get; init; }
    /// <summary>Window start relative to the align time, in ms (negative: before it); null for the trial's own start.</summary>
    public double? StartOffsetMs { get; init; }
    /// <summary>Window end relative to the align time, in ms (exclusive); null for the trial's own end.</summary>
    public double? EndOffsetMs { get; init; }
    /// <summary>Whether a window may run into the next selected trial (nlb_tools' <c>allow_overlap</c>); otherwise it is cut before it.</summary>
    public bool AllowOverlap { get; init; }
    /// <summary>Whether rows with NaN in any column are kept (nlb_tools' <c>allow_nans</c>); otherwise they are dropped.</summary>
    public bool AllowNans { get; init; }

    /// <summary>
    /// Windows from <paramref name="startMs"/> to <paramref name="endMs"/> ms around the time in column
    /// <paramref name="field"/>, e.g. <c>Aligned("move_onset_time", -250, 450)</c> as in the NLB MC_Maze evaluation windows.
    /// </summary>
    public static TrialWindowSpec Aligned(string field, double startMs, double endMs, bool allowOverlap = false) =>
        new() { AlignField = field, StartOffsetMs = startMs, EndOffsetMs = endMs, AllowOverlap = allowOverlap };

    /// <summary>A short description for messages, e.g. <c>move_onset_time (-250, 450) ms</c> or <c>start_time to end_time</c>.</summary>
    public override string ToString() =>
        AlignField is not null && StartOffsetMs is not null
            ? $"{AlignField} ({StartOffsetMs:0.##}, {EndOffsetMs:0.##}) ms"
            : $"{StartField} to {EndField}";
}
