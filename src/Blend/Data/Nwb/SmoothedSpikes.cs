namespace Blend.Data.Nwb;

/// <summary>
/// nlb_tools' PSTH input: each unit's 1 ms spike counts smoothed NaN-aware with a normalised Gaussian of σ ms
/// (window int(6σ) points, <c>signal.gaussian(sym=True)</c>; <c>convolve(x, w, 'same')</c> within each run of observed
/// samples, zero-padded at the run's edges), then resampled to bins by the spike rule (sum of the bin's samples, NaN
/// when its first sample is NaN). Computed spike by spike through the window's prefix sums, so nothing of size
/// units × samples is ever held.
/// </summary>
public sealed class SmoothedSpikes
{
    private readonly BinnedRecording _recording;
    private readonly double[] _prefix;
    private readonly int _length;
    private readonly int _centre;

    /// <summary>Smooths the units of <paramref name="recording"/> with a Gaussian of σ = <paramref name="kernelSdMs"/> ms (window int(6σ) ms, at least 1).</summary>
    public SmoothedSpikes(BinnedRecording recording, int kernelSdMs)
    {
        _recording = recording;
        double sd = kernelSdMs; // σ in 1 ms samples
        _length = (int)(6 * sd);
        if (_length < 1) throw new ArgumentOutOfRangeException(nameof(kernelSdMs), "the Gaussian window would be empty");
        var window = new double[_length];
        double sum = 0;
        for (int j = 0; j < _length; j++)
        {
            double n = j - (_length - 1) / 2.0;
            window[j] = Math.Exp(-(n * n) / (2 * sd * sd));
            sum += window[j];
        }
        _prefix = new double[_length + 1];
        for (int j = 0; j < _length; j++) _prefix[j + 1] = _prefix[j] + window[j] / sum;
        _centre = (_length - 1) / 2; // 'same' keeps full-convolution outputs centre … centre + n − 1
    }

    /// <summary>Binned smoothed values of <paramref name="unit"/> for bins [first, first + count).</summary>
    public void Fill(SpikeTrain unit, int first, int count, Span<double> destination)
    {
        destination[..count].Clear();
        int bin = _recording.BinMs;
        long samples = _recording.Recording.Samples;
        long windowStart = (long)first * bin, windowEnd = Math.Min((long)(first + count) * bin, samples);
        // Spike s reaches outputs i with 0 ≤ i + centre − s < length.
        long lowSpike = windowStart + _centre - _length + 1, highSpike = windowEnd - 1 + _centre;
        for (int index = unit.FirstAtOrAfter(lowSpike); index < unit.Samples.Length && unit.Samples[index] <= highSpike; index++)
        {
            long spike = unit.Samples[index];
            var (runStart, runEnd) = unit.Observed.Run(unit.Observed.RunOf(spike));
            long from = Math.Max(Math.Max(runStart, spike - _centre), windowStart);
            long to = Math.Min(Math.Min(runEnd, spike - _centre + _length), windowEnd);
            while (from < to)
            {
                long binIndex = from / bin;
                long binEnd = Math.Min((binIndex + 1) * bin, to);
                destination[(int)(binIndex - first)] += _prefix[binEnd + _centre - spike] - _prefix[from + _centre - spike];
                from = binEnd;
            }
        }
        _recording.MarkUnobserved(unit, first, count, destination);
    }
}
