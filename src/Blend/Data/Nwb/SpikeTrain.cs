namespace Blend.Data.Nwb;

/// <summary>
/// One unit's spikes on the 1 ms grid: the sample index of every spike that nlb_tools keeps (observed samples
/// only; a spike in an unobserved sample is overwritten by NaN), sorted, with repeats for several spikes per sample.
/// </summary>
public sealed class SpikeTrain
{
    /// <summary>The unit's id in the NWB <c>/units</c> table.</summary>
    public required long UnitId { get; init; }
    /// <summary>Whether the unit is held out (nlb_tools' <c>heldout_spikes</c>) rather than held in (<c>spikes</c>).</summary>
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
