namespace Blend.Data.Identity;

/// <summary>
/// Brings a behaviour signal from its own clock to frame times as NeuPRINT's <c>load_data_session</c> does
/// (as NeuPRINT's preprocessing): NaNs are first interpolated linearly over the sample index (<c>np.interp</c>, holding the
/// nearest valid value at the edges); then each frame averages the two samples that bracket it, and the result is
/// z-scored over the session.
/// </summary>
public static class BehaviorResampling
{
    /// <summary>The resampled, z-scored signal, one value per frame.</summary>
    public static double[] ZScoredAtFrames(BehaviorSignal signal, ReadOnlySpan<double> frameTimes, bool referenceQuirks)
    {
        var resampled = AtFrames(signal.Times, FillNaNs(signal.Values), frameTimes, referenceQuirks);
        ZScoring.Signal(resampled);
        return resampled;
    }

    /// <summary>
    /// For frame t, <c>after</c> is the first sample whose time is strictly greater than the frame time (Python's
    /// <c>bisect.bisect</c>, i.e. <c>np.searchsorted(times, t, side='right')</c>, which the reference calls; a sample
    /// at exactly the frame time is therefore "before" it). The frame gets the mean of samples <c>after − 1</c> and
    /// <c>after</c>; the last frame takes sample <c>after − 1</c> only. Frames outside the samples' span:
    /// <list type="bullet">
    /// <item>after the last sample: the last sample (the reference would index past the end and fail);</item>
    /// <item>before the first sample: the first sample, or with <paramref name="referenceQuirks"/> the reference's
    /// wrap-around, where sample −1 is the <em>last</em> sample (so the frame averages the last and first samples,
    /// and a last frame before every sample takes the last sample).</item>
    /// </list>
    /// Samples must be non-decreasing in time and finite (<see cref="BehaviorSignal"/> checks both).
    /// </summary>
    public static double[] AtFrames(ReadOnlySpan<double> times, ReadOnlySpan<double> values, ReadOnlySpan<double> frameTimes, bool referenceQuirks)
    {
        if (times.Length != values.Length || times.Length == 0)
            throw new ArgumentException($"{times.Length} times for {values.Length} values; need the same number, at least 1");
        int samples = times.Length;
        var result = new double[frameTimes.Length];
        for (int t = 0; t < frameTimes.Length; t++)
        {
            int after = FirstAfter(times, frameTimes[t]);
            double before = after > 0 ? values[after - 1] : referenceQuirks ? values[samples - 1] : values[0];
            bool last = t == frameTimes.Length - 1;
            result[t] = last || after == samples ? before : (before + values[after]) / 2;
        }
        return result;
    }

    /// <summary>Linear interpolation over NaNs by sample index, as the reference's <c>interpolate_nans</c>
    /// (<c>np.interp</c>: leading and trailing NaNs take the nearest valid value). Needs at least one valid value.</summary>
    public static double[] FillNaNs(ReadOnlySpan<double> values)
    {
        var filled = values.ToArray();
        int previous = -1; // last valid index seen
        for (int i = 0; i <= filled.Length; i++)
        {
            if (i < filled.Length && double.IsNaN(filled[i])) continue;
            int gapStart = previous + 1;
            if (gapStart < i)
            {
                if (previous < 0 && i == filled.Length)
                    throw new ArgumentException("every value is NaN; nothing to interpolate from", nameof(values));
                // np.interp's arithmetic: slope · (x − x₀) + y₀.
                double slope = previous >= 0 && i < filled.Length ? (filled[i] - filled[previous]) / (i - previous) : 0;
                for (int k = gapStart; k < i; k++)
                    filled[k] = previous < 0 ? filled[i]
                        : i == filled.Length ? filled[previous]
                        : slope * (k - previous) + filled[previous];
            }
            previous = i;
        }
        return filled;
    }

    /// <summary>The index of the first time strictly greater than <paramref name="time"/> (times.Length if none).</summary>
    private static int FirstAfter(ReadOnlySpan<double> times, double time)
    {
        int low = 0, high = times.Length;
        while (low < high)
        {
            int middle = low + (high - low) / 2;
            if (times[middle] > time) high = middle;
            else low = middle + 1;
        }
        return low;
    }
}
