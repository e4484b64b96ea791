namespace Blend.Data.Nwb;

/// <summary>
/// nlb_tools' <c>make_trial_data</c> on the binned recording. For each selected trial with all bounds present
/// (others are skipped), the window holds the bins whose start τ satisfies align_start ≤ τ ≤ align_end, where
/// align_start = A + a and align_end = A + b − 1 µs (or the trial's own start / end − 1 µs without offsets).
/// Without overlap a window is cut 1 µs before the next selected trial's bound: the smaller of that trial's
/// window start and the start time of the trial after it in the table. Without NaNs, rows with NaN in any column
/// are dropped, and a trial left with no rows disappears (pandas' groupby).
/// </summary>
public static class TrialWindows
{
    private const long Microsecond = 1000;

    /// <summary>
    /// The windows of the trials selected by <paramref name="include"/> (one flag per table row), bounded and aligned as
    /// <paramref name="spec"/> says, in table order; trials with a missing bound or no rows left are absent.
    /// </summary>
    public static List<TrialWindow> Make(BinnedRecording recording, TrialTable trials, bool[] include, TrialWindowSpec spec)
    {
        if (include.Length != trials.Count) throw new ArgumentException("the trial mask does not match the trial table", nameof(include));
        long[] trialStart = trials.Times(spec.StartField);
        long[] trialEnd = trials.Times(spec.EndField);
        long[] tableStart = trials.Times("start_time");
        long[] alignLeft = spec.AlignField is null ? trialStart : trials.Times(spec.AlignField);
        long[] alignRight = spec.AlignField is null ? trialEnd : alignLeft;
        long binNs = recording.BinMs * PandasTime.NanosecondsPerMs;

        long? startOffset = spec.StartOffsetMs is double a ? PandasTime.FromMilliseconds(a) : null;
        long? endOffset = spec.EndOffsetMs is double b ? PandasTime.FromMilliseconds(b) : null;
        if (startOffset is long s0 && endOffset is long e0 && (e0 - s0) % binNs != 0)
            endOffset = s0 + RoundHalfEven(e0 - s0, binNs); // nlb_tools rounds the range to whole bins

        var rows = new List<(int Trial, long Start, long End, long Left)>();
        for (int t = 0; t < trials.Count; t++)
        {
            if (!include[t]) continue;
            long alignStart = startOffset is long so ? Add(alignLeft[t], so) : trialStart[t];
            long alignEnd = endOffset is long eo ? Add(Add(alignRight[t], eo), -Microsecond) : Add(trialEnd[t], -Microsecond);
            if (alignStart == PandasTime.NaT || alignEnd == PandasTime.NaT || trialStart[t] == PandasTime.NaT || alignLeft[t] == PandasTime.NaT)
                continue; // align_data.dropna()
            rows.Add((t, alignStart, alignEnd, alignLeft[t]));
        }

        var windows = new List<TrialWindow>(rows.Count);
        for (int r = 0; r < rows.Count; r++)
        {
            var (trial, start, end, left) = rows[r];
            long endpoint = end;
            if (r + 1 < rows.Count && !spec.AllowOverlap)
            {
                int next = rows[r + 1].Trial;
                long nextTableStart = next + 1 < trials.Count ? tableStart[next + 1] : PandasTime.NaT;
                long bound = nextTableStart == PandasTime.NaT ? rows[r + 1].Start : Math.Min(nextTableStart, rows[r + 1].Start);
                if (end > bound) endpoint = bound - Microsecond;
            }
            long firstBin = Math.Max(0, CeilDiv(start, binNs));
            long lastBin = Math.Min(recording.Bins - 1, FloorDiv(endpoint, binNs));
            long alignOrigin = PandasTime.Ceil(left, binNs);
            var bins = new List<int>();
            var alignTimes = new List<long>();
            for (long k = firstBin; k <= lastBin; k++)
            {
                if (!spec.AllowNans && recording.RowHasNan[k]) continue;
                bins.Add((int)k);
                alignTimes.Add(recording.BinStartNs(k) - alignOrigin);
            }
            if (bins.Count > 0) windows.Add(new TrialWindow(trial, bins.ToArray(), alignTimes.ToArray()));
        }
        return windows;
    }

    private static long Add(long time, long delta) => time == PandasTime.NaT ? PandasTime.NaT : time + delta;

    private static long CeilDiv(long a, long b) => -FloorDiv(-a, b);

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static long RoundHalfEven(long value, long unit)
    {
        long quotient = FloorDiv(value, unit), remainder = value - quotient * unit;
        if (remainder * 2 > unit || (remainder * 2 == unit && quotient % 2 != 0)) quotient++;
        return quotient * unit;
    }
}
