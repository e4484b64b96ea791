namespace Blend.Data.Nwb;

/// <summary>
/// The 1 ms samples a group of units was observed in: sorted, disjoint, non-adjacent [start, end) runs. Every other
/// sample is NaN in nlb_tools' spike arrays.
/// </summary>
public sealed class ObservedSamples
{
    private readonly long[] _starts;
    private readonly long[] _ends;

    /// <summary>Builds the set from [start, end) sample ranges in any order: empty ranges are dropped, overlapping and adjacent ones merged.</summary>
    public ObservedSamples(IEnumerable<(long Start, long End)> ranges)
    {
        var merged = new List<(long Start, long End)>();
        foreach (var (start, end) in ranges.Where(r => r.End > r.Start).OrderBy(r => r.Start))
        {
            if (merged.Count > 0 && start <= merged[^1].End)
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, end));
            else
                merged.Add((start, end));
        }
        _starts = merged.Select(r => r.Start).ToArray();
        _ends = merged.Select(r => r.End).ToArray();
    }

    /// <summary>The [Start, End) samples of run <paramref name="index"/> (runs are sorted by start).</summary>
    public (long Start, long End) Run(int index) => (_starts[index], _ends[index]);

    /// <summary>The index of the run holding <paramref name="sample"/>, or −1.</summary>
    public int RunOf(long sample)
    {
        int i = Array.BinarySearch(_starts, sample);
        if (i < 0) i = ~i - 1;
        return i >= 0 && sample < _ends[i] ? i : -1;
    }

    /// <summary>Whether 1 ms sample <paramref name="sample"/> was observed (lies in one of the runs).</summary>
    public bool Contains(long sample) => RunOf(sample) >= 0;

    /// <summary>
    /// nlb_tools' observed samples of one unit's obs_intervals on a grid of <paramref name="samples"/> 1 ms samples:
    /// for [a, b] seconds, ceil(round(1000a, 6)) … floor(round(1000b, 6)) − 1, with Python's round (make_mask).
    /// </summary>
    public static IEnumerable<(long Start, long End)> FromIntervals(double[] startStopPairs, long samples)
    {
        for (int i = 0; i + 1 < startStopPairs.Length; i += 2)
        {
            long start = (long)Math.Ceiling(PythonRounding.Python(startStopPairs[i] * 1000.0, 6));
            long end = (long)Math.Floor(PythonRounding.Python(startStopPairs[i + 1] * 1000.0, 6));
            // mask[start:end] = False with Python slicing: clipped to the grid.
            start = Math.Clamp(start, 0, samples);
            end = Math.Clamp(end, 0, samples);
            if (end > start) yield return (start, end);
        }
    }

    /// <summary>The runs, in order.</summary>
    public IEnumerable<(long Start, long End)> Ranges => _starts.Zip(_ends);
}
