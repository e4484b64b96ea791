namespace Blend.Data;

/// <summary>
/// Splits a continuous recording into overlapping fixed-length windows ("chops") and merges per-window predictions
/// back into one continuous array, with the semantics of nlb_tools' chop.py (chop_data / merge_chops).
/// </summary>
public static class Chopping
{
    /// <summary>
    /// Number of chops: windows start every (window − overlap) rows and the remainder is dropped, as chop_data does.
    /// </summary>
    public static int CountChops(int length, int window, int overlap)
    {
        ValidateGeometry(window, overlap);
        if (length < window)
            throw new BlendInputException($"window of {window} bins is longer than the recording ({length} bins)");
        return (length - window) / (window - overlap) + 1;
    }

    /// <summary>
    /// Chops <paramref name="recording"/> (time × channels) into chops × window × channels. Values are rounded to
    /// float32 like chop_data's <c>astype('f')</c>, so merged results match nlb_tools bit for bit.
    /// </summary>
    public static Array3 Chop(RowMatrix recording, int window, int overlap, bool roundToFloat32 = true)
    {
        int count = CountChops(recording.Rows, window, overlap);
        int stride = window - overlap;
        int columns = recording.Cols;
        var chops = new Array3(count, window, columns);
        for (int chop = 0; chop < count; chop++)
        {
            var source = recording.Values.AsSpan(chop * stride * columns, window * columns);
            var target = chops.Trial(chop);
            if (!roundToFloat32) source.CopyTo(target);
            else for (int i = 0; i < source.Length; i++) target[i] = (float)source[i];
        }
        return chops;
    }

    /// <summary>
    /// The weight of a chop's last <paramref name="overlap"/> rows: 1 − x^power with x = linspace(1/o, 1 − 1/o, o).
    /// The next chop's first rows get 1 − ramp, so overlapping rows are a weighted average favouring chop ends.
    /// </summary>
    public static double[] MergeRamp(int overlap, double smoothPower = 2)
    {
        var ramp = new double[overlap];
        if (overlap == 0) return ramp;
        double start = 1.0 / overlap, stop = 1.0 - 1.0 / overlap;
        for (int i = 0; i < overlap; i++)
        {
            // numpy.linspace: start + i·step, with the last point set exactly to stop.
            double x = overlap == 1 ? start : i == overlap - 1 ? stop : start + i * ((stop - start) / (overlap - 1));
            ramp[i] = 1 - Math.Pow(x, smoothPower);
        }
        return ramp;
    }

    /// <summary>
    /// Merges chops × window × channels back to originalLength × channels (merge_chops). Rows after the last chop
    /// are NaN (not modelled). A lone chop is kept whole; nlb_tools would scale its tail by the ramp, which only
    /// damages data and never happens with its own chopping of multi-window recordings.
    /// </summary>
    public static RowMatrix Merge(Array3 chops, int overlap, int? originalLength = null, double smoothPower = 2)
    {
        int window = chops.Time, count = chops.Trials;
        ValidateGeometry(window, overlap);
        if (count == 0) throw new ArgumentException("no chops to merge");
        int stride = window - overlap;
        int mergedLength = (count - 1) * stride + window;
        int length = originalLength ?? mergedLength;
        if (length < mergedLength)
            throw new ArgumentException($"original length {length} is shorter than the {mergedLength} rows the chops cover");
        return MergeAt(chops, Enumerable.Range(0, count).Select(c => c * stride).ToArray(), length, smoothPower);
    }

    /// <summary>
    /// Window starts that cover every row of a recording: <see cref="Chop"/>'s regular starts, plus one window ending at
    /// the last row when the regular ones stop short (chop_data drops that remainder). The end window replaces the last
    /// regular one when it also overlaps the one before, so no row is covered more than twice.
    /// </summary>
    public static int[] CoveringStarts(int length, int window, int overlap)
    {
        int count = CountChops(length, window, overlap);
        int stride = window - overlap;
        var starts = Enumerable.Range(0, count).Select(c => c * stride).ToList();
        int end = length - window;
        if (starts[^1] < end)
        {
            if (starts.Count >= 2 && end < starts[^2] + window) starts.RemoveAt(starts.Count - 1);
            starts.Add(end);
        }
        return [.. starts];
    }

    /// <summary>
    /// merge_chops for windows at any <paramref name="starts"/> (ascending, each row covered at most twice): where two
    /// windows overlap by o rows, the earlier one's rows are weighted by <see cref="MergeRamp"/>(o) and the later one's by
    /// 1 − ramp; rows no window covers are NaN. With regular starts this is merge_chops, operation for operation.
    /// </summary>
    public static RowMatrix MergeAt(Array3 chops, IReadOnlyList<int> starts, int length, double smoothPower = 2)
    {
        int window = chops.Time, columns = chops.Channels, count = chops.Trials;
        if (count == 0) throw new ArgumentException("no chops to merge");
        if (starts.Count != count) throw new ArgumentException($"{starts.Count} starts for {count} chops", nameof(starts));
        for (int c = 0; c < count; c++)
        {
            if (starts[c] < 0 || starts[c] + window > length)
                throw new ArgumentException($"chop {c} at row {starts[c]} does not fit in {length} rows", nameof(starts));
            if (c > 0 && starts[c] <= starts[c - 1]) throw new ArgumentException("chop starts must ascend", nameof(starts));
            if (c > 1 && starts[c] < starts[c - 2] + window) throw new ArgumentException($"chop {c} overlaps chop {c - 2}: rows would be covered three deep", nameof(starts));
        }
        var merged = new RowMatrix(length, columns);
        Array.Fill(merged.Values, double.NaN);
        double[] previousRamp = [];
        for (int chop = 0; chop < count; chop++)
        {
            int origin = starts[chop];
            int headOverlap = chop > 0 ? Math.Max(0, starts[chop - 1] + window - origin) : 0;
            int tailOverlap = chop < count - 1 ? Math.Max(0, origin + window - starts[chop + 1]) : 0;
            double[] ramp = MergeRamp(tailOverlap, smoothPower);
            for (int row = 0; row < window; row++)
            {
                var source = chops.Bin(chop, row);
                var target = merged.Row(origin + row);
                bool rampedHead = row < headOverlap;
                bool rampedTail = row >= window - tailOverlap;
                for (int c = 0; c < columns; c++)
                {
                    double value = source[c];
                    if (rampedTail) value *= ramp[row - (window - tailOverlap)];
                    // Same operation order as merge_chops: first·(1 − ramp) + previous tail·ramp.
                    if (rampedHead) value = value * (1 - previousRamp[row]) + target[c];
                    target[c] = value;
                }
            }
            previousRamp = ramp;
        }
        return merged;
    }

    private static void ValidateGeometry(int window, int overlap)
    {
        if (window <= 0) throw new BlendInputException($"window must be positive, got {window} bins");
        if (overlap < 0 || overlap >= window)
            throw new BlendInputException($"overlap must be in [0, window) = [0, {window}), got {overlap} bins");
        if (2 * overlap > window)
            throw new BlendInputException(
                $"overlap {overlap} is more than half the window {window}: merged chops would overlap three deep");
    }
}
