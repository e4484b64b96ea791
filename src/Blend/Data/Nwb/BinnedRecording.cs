namespace Blend.Data.Nwb;

/// <summary>
/// The recording after nlb_tools' <c>resample(bin)</c>, computed lazily from the 1 ms data. Bin k covers samples
/// [bin·k, bin·k + bin) and starts at bin·k ms; the last, partial block is a bin too.
/// <list type="bullet">
/// <item>Spikes: the sum of the bin's samples with NaN as 0, and NaN exactly when the bin's first sample is NaN.</item>
/// <item><c>target_pos</c>: every bin-th sample.</item>
/// <item>Other continuous signals: <see cref="FirDecimator"/> over the whole recording.</item>
/// </list>
/// </summary>
public sealed class BinnedRecording
{
    private readonly Dictionary<string, double[][]> _decimated = new(StringComparer.Ordinal);

    /// <summary>Per distinct observed-sample set (units of a group share one): whether each bin's first sample is observed.</summary>
    private readonly Dictionary<ObservedSamples, bool[]> _observedBins = new(ReferenceEqualityComparer.Instance);

    /// <summary>Bins <paramref name="recording"/> at <paramref name="binMs"/> ms (at least 1) and finds the bins that hold NaN.</summary>
    public BinnedRecording(MillisecondRecording recording, int binMs)
    {
        if (binMs < 1) throw new ArgumentOutOfRangeException(nameof(binMs), $"bin width must be at least 1 ms, got {binMs}");
        Recording = recording;
        BinMs = binMs;
        Bins = (int)((recording.Samples + binMs - 1) / binMs);
        RowHasNan = FindNanRows();
    }

    /// <summary>The underlying 1 ms recording.</summary>
    public MillisecondRecording Recording { get; }
    /// <summary>Bin width in ms (1 ms samples per bin).</summary>
    public int BinMs { get; }
    /// <summary>Number of bins: ceil(samples / <see cref="BinMs"/>), the last one possibly partial.</summary>
    public int Bins { get; }

    /// <summary>Per bin: whether any column (any unit, any channel of any signal) is NaN, so nlb_tools drops the row.</summary>
    public bool[] RowHasNan { get; }

    /// <summary>Start time of bin <paramref name="bin"/> in nanoseconds (pandas' time index): bin · <see cref="BinMs"/> ms.</summary>
    public long BinStartNs(long bin) => bin * BinMs * PandasTime.NanosecondsPerMs;

    /// <summary>Index of the first 1 ms sample of bin <paramref name="bin"/>: bin · <see cref="BinMs"/>.</summary>
    public long FirstSample(long bin) => bin * BinMs;

    private bool[] FindNanRows()
    {
        var nan = new bool[Bins];
        foreach (var observed in Recording.Heldin.Concat(Recording.Heldout).Select(u => u.Observed).Distinct())
        {
            var bins = new bool[Bins];
            for (int k = 0; k < Bins; k++)
            {
                bins[k] = observed.Contains(FirstSample(k));
                nan[k] |= !bins[k];
            }
            _observedBins[observed] = bins;
        }
        foreach (var signal in Recording.Signals.Values)
            for (int k = 0; k < Bins; k++)
                nan[k] |= signal.AnyNan[FirstSample(k)];
        return nan;
    }

    /// <summary>One unit's binned count (or NaN) for bins [first, first + count) into <paramref name="destination"/>.</summary>
    public void Counts(SpikeTrain unit, int first, int count, Span<double> destination)
    {
        long start = FirstSample(first), end = Math.Min(FirstSample(first + count), Recording.Samples);
        destination[..count].Clear();
        for (int i = unit.FirstAtOrAfter(start); i < unit.Samples.Length && unit.Samples[i] < end; i++)
            destination[(int)((unit.Samples[i] - start) / BinMs)] += 1;
        MarkUnobserved(unit, first, count, destination);
    }

    /// <summary>Sets the bins whose first sample the unit was not observed in to NaN (nlb_tools' resample rule).</summary>
    public void MarkUnobserved(SpikeTrain unit, int first, int count, Span<double> destination)
    {
        bool[] observed = _observedBins[unit.Observed];
        for (int k = 0; k < count; k++)
            if (!observed[first + k]) destination[k] = double.NaN;
    }

    /// <summary>A continuous signal resampled to bins, per channel (computed once, then cached).</summary>
    public double[][] Signal(string name)
    {
        if (_decimated.TryGetValue(name, out var cached)) return cached;
        if (!Recording.Signals.TryGetValue(name, out var signal))
            throw new BlendInputException($"{string.Join(", ", Recording.Files)}: no continuous field '{name}' (found: {string.Join(", ", Recording.Signals.Keys.Order(StringComparer.Ordinal))}; a series whose sample times are off the 1 ms grid is dropped, see the warnings)");
        if (signal.Values is null) throw new InvalidOperationException($"the values of '{name}' were not kept when loading");
        double[][] result = signal.Values.Select(channel => Resample(name, channel)).ToArray();
        _decimated[name] = result;
        return result;
    }

    private double[] Resample(string name, double[] channel)
    {
        if (BinMs == 1) return channel;
        if (name == "target_pos")
        {
            var sampled = new double[Bins];
            for (int k = 0; k < Bins; k++) sampled[k] = channel[FirstSample(k)];
            return sampled;
        }
        return FirDecimator.Decimate(channel, BinMs);
    }
}
