namespace Blend.Data.Nwb;

/// <summary>
/// A continuous series on the 1 ms grid (NaN where it has no sample). Values are kept only for the signals a
/// conversion outputs (the behaviour field); for every signal the grid samples where any channel is NaN are kept,
/// because nlb_tools drops a time bin with NaN in any column.
/// </summary>
public sealed class ContinuousSignal
{
    /// <summary>nlb_tools' field name of the series, e.g. <c>hand_vel</c> or <c>cursor_pos</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Channel names in nlb_tools' column order (sorted).</summary>
    public required string[] Channels { get; init; }

    /// <summary>Values per channel over the whole grid, or null when not kept.</summary>
    public double[][]? Values { get; init; }

    /// <summary>Per grid sample: whether any channel is NaN (no sample, or a NaN value).</summary>
    public required bool[] AnyNan { get; init; }
}
