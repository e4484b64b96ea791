namespace Blend.Data.Nwb;

/// <summary>The PSTHs and condition indices nlb_tools' <c>_make_psth</c> returns.</summary>
public sealed record PsthResult(Array3 Psth, int[][] TrainConditionIndices, int[][] EvalConditionIndices, IReadOnlyList<ConditionValue[]> Conditions);

/// <summary>
/// nlb_tools' <c>_make_psth</c>: conditions are the distinct values of the condition fields among train and eval
/// trials, sorted; each condition's trials (train and eval, minus skipped ones) are windowed with NaNs kept, trials
/// shorter than 0.8 × the mean are dropped, the smoothed rates are averaged per align_time (NaN skipped) and cut to
/// the shortest trial; conditions of different lengths are NaN-padded to the longest (or to the segment length).
/// </summary>
public static class PsthBuilder
{
    /// <summary>
    /// PSTHs as conditions × bins × units (held-in then held-out units; smoothed spikes per bin) over each condition's
    /// trials that are not in <paramref name="ignore"/> (nor outliers, when the parameters skip them), plus each
    /// condition's kept trials as positions within the <paramref name="train"/> and <paramref name="eval"/> selections.
    /// Dropped conditions are noted in <paramref name="warnings"/>.
    /// </summary>
    public static PsthResult Build(BinnedRecording recording, TrialTable trials, bool[] train, bool[] eval, bool[] ignore,
        PsthParameters parameters, List<string> warnings)
    {
        int count = trials.Count;
        var skip = new bool[count];
        if (parameters.SkipOutliers)
        {
            double[] outlier = trials.Numbers("is_outlier");
            for (int t = 0; t < count; t++) skip[t] = outlier[t] == 1;
        }
        var fields = parameters.ConditionFields;
        ConditionValue[]? ValuesOf(int t)
        {
            var values = new ConditionValue[fields.Count];
            for (int f = 0; f < fields.Count; f++)
            {
                if (trials.Value(fields[f], t) is not ConditionValue v) return null;
                values[f] = v;
            }
            return values;
        }
        var comparer = Comparer<ConditionValue[]>.Create((a, b) =>
        {
            for (int i = 0; i < a.Length; i++) { int c = a[i].CompareTo(b[i]); if (c != 0) return c; }
            return 0;
        });
        // Each trial's condition (null when a field is missing), found once.
        var trialConditions = Enumerable.Range(0, count).Select(ValuesOf).ToArray();
        var conditions = new SortedSet<ConditionValue[]>(comparer);
        for (int t = 0; t < count; t++)
            if (!ignore[t] && trialConditions[t] is { } v) conditions.Add(v);

        string alignField = parameters.Window.AlignField ?? "start_time";
        long[] align = trials.Times(alignField);
        int[] Positions(bool[] mask) => Enumerable.Range(0, count).Where(t => mask[t] && align[t] != PandasTime.NaT).ToArray();
        int[] trainTrials = Positions(train), evalTrials = Positions(eval);

        var units = recording.Recording.Heldin.Concat(recording.Recording.Heldout).ToArray();
        var smoothed = new SmoothedSpikes(recording, parameters.KernelSdMs);
        var spec = parameters.Window with { AllowNans = true };
        var psths = new List<double[,]>();
        var trainIndices = new List<int[]>();
        var evalIndices = new List<int[]>();
        var kept = new List<ConditionValue[]>();
        foreach (var condition in conditions)
        {
            var inCondition = new bool[count];
            bool any = false;
            for (int t = 0; t < count; t++)
            {
                inCondition[t] = !ignore[t] && !skip[t] && trialConditions[t] is { } v && comparer.Compare(v, condition) == 0;
                any |= inCondition[t];
            }
            if (!any)
            {
                warnings.Add($"PSTH: no trials for condition ({string.Join(", ", condition)}); dropped");
                continue;
            }
            var windows = TrialWindows.Make(recording, trials, inCondition, spec);
            if (windows.Count == 0)
                throw new BlendInputException($"{trials.Source}: PSTH condition ({string.Join(", ", condition)}) has no trial with a {alignField}; nlb_tools fails here too");
            double meanLength = windows.Average(w => (double)w.Length);
            windows = windows.Where(w => w.Length >= 0.8 * meanLength).ToList();
            int minLength = windows.Min(w => w.Length);

            // Mean per align_time over the trials that have it, NaN skipped.
            var sums = new SortedDictionary<long, (double[] Sum, int[] Count)>();
            var values = new double[units.Length][];
            foreach (var window in windows)
            {
                int first = window.Bins[0], span = window.Bins[^1] - first + 1;
                for (int u = 0; u < units.Length; u++)
                {
                    values[u] ??= new double[span];
                    if (values[u].Length < span) values[u] = new double[span];
                    smoothed.Fill(units[u], first, span, values[u]);
                }
                for (int r = 0; r < window.Length; r++)
                {
                    if (!sums.TryGetValue(window.AlignTimes[r], out var acc))
                        sums[window.AlignTimes[r]] = acc = (new double[units.Length], new int[units.Length]);
                    for (int u = 0; u < units.Length; u++)
                    {
                        double value = values[u][window.Bins[r] - first];
                        if (double.IsNaN(value)) continue;
                        acc.Sum[u] += value;
                        acc.Count[u]++;
                    }
                }
            }
            var rows = sums.Values.ToList();
            rows = parameters.Padding == TrialPadding.Back ? rows.Take(minLength).ToList() : rows.Skip(rows.Count - minLength).ToList();
            var psth = new double[rows.Count, units.Length];
            for (int r = 0; r < rows.Count; r++)
                for (int u = 0; u < units.Length; u++)
                    psth[r, u] = rows[r].Count[u] == 0 ? double.NaN : rows[r].Sum[u] / rows[r].Count[u];
            psths.Add(psth);
            var keptTrials = windows.Select(w => w.Trial).ToHashSet();
            trainIndices.Add(Enumerable.Range(0, trainTrials.Length).Where(i => keptTrials.Contains(trainTrials[i])).ToArray());
            evalIndices.Add(Enumerable.Range(0, evalTrials.Length).Where(i => keptTrials.Contains(evalTrials[i])).ToArray());
            kept.Add(condition);
        }
        if (psths.Count == 0) throw new BlendInputException($"{trials.Source}: no PSTH condition has trials");

        int maxLength = parameters.SegmentMs is int segment
            ? (int)Math.Round((double)segment / recording.BinMs, MidpointRounding.ToEven)
            : psths.Max(p => p.GetLength(0));
        var array = new Array3(psths.Count, maxLength, units.Length);
        Array.Fill(array.Values, double.NaN);
        for (int c = 0; c < psths.Count; c++)
        {
            var psth = psths[c];
            int length = psth.GetLength(0), from = 0, to = 0, rowsToCopy = length;
            if (length > maxLength)
            {
                // nlb_tools: psth[:max_len] (back) but psth[max_len:] (front), which only stacks if it happens to fit.
                if (parameters.Padding == TrialPadding.Back) rowsToCopy = maxLength;
                else if (length - maxLength == maxLength) { from = maxLength; rowsToCopy = maxLength; }
                else throw new BlendInputException($"{trials.Source}: PSTH condition ({string.Join(", ", kept[c])}) is {length} bins, longer than the {maxLength}-bin segment; nlb_tools' front padding cannot stack it either");
            }
            else if (parameters.Padding == TrialPadding.Front) to = maxLength - length;
            for (int r = 0; r < rowsToCopy; r++)
                for (int u = 0; u < units.Length; u++)
                    array[c, to + r, u] = psth[from + r, u];
        }
        return new PsthResult(array, trainIndices.ToArray(), evalIndices.ToArray(), kept);
    }
}
