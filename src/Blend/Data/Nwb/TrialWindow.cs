namespace Blend.Data.Nwb;

/// <summary>One trial's rows from <see cref="TrialWindows"/>: the bins kept, in time order, and their align_time.</summary>
public sealed record TrialWindow(int Trial, int[] Bins, long[] AlignTimes)
{
    /// <summary>Number of rows (bins) in the window.</summary>
    public int Length => Bins.Length;
}
