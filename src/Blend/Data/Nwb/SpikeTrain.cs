namespace Blend.Data.Nwb;

/// <summary>
/// One unit's spikes on the 1 ms grid: the sample index of every spike that nlb_tools keeps (observed samples
/// only; a spike in an unobserved sample is overwritten by NaN), sorted, with repeats for several spikes per sample.
/// </summary>
public sealed class SpikeTrain
{
    public required long UnitId { get; init; }
    public required bool Heldout { get; init; }

    /// <summary>Sorted sample indices of the kept spikes.</summary>
    public required int[] Samples { get; init; }

    /// <summary>The samples this unit was observed in.</summary>
    public required ObservedSamples Observed { get; init; }

    /// <summary>Index of the first spike at or after <paramref name="sample"/>.</summary>
    public int FirstAtOrAfter(long sample)
    {
        int lo = 0, hi = Samples.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (Samples[mid] < sample) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
