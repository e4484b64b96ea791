namespace Blend.Data.Nwb;

/// <summary>
/// What nlb_tools' <c>NWBDataset</c> holds after loading, at 1 ms: held-in and held-out spikes per unit, the
/// continuous series joined to the grid, and the trial table. Several files (a DANDI folder's train and test files)
/// are placed one after another as nlb_tools does. Spikes are kept as sample indices, not as a dense array, so
/// memory grows with the spike count rather than with units × samples.
/// </summary>
public sealed class MillisecondRecording
{
    /// <summary>Samples on the grid (1 ms each).</summary>
    public required long Samples { get; init; }

    /// <summary>Held-in units (<c>spikes</c>), ascending id.</summary>
    public required SpikeTrain[] Heldin { get; init; }

    /// <summary>Held-out units (<c>heldout_spikes</c>), ascending id.</summary>
    public required SpikeTrain[] Heldout { get; init; }

    /// <summary>Continuous series on the grid, by name.</summary>
    public required IReadOnlyDictionary<string, ContinuousSignal> Signals { get; init; }

    /// <summary>The trial table (nlb_tools' <c>trial_info</c>) of all files, with times shifted onto the joint grid.</summary>
    public required TrialTable Trials { get; init; }

    /// <summary>Things nlb_tools would log as warnings (dropped series, spikes outside observed intervals, …).</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>The files, in load order.</summary>
    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>Grid offset of each file, in samples.</summary>
    public required IReadOnlyList<long> FileOffsets { get; init; }

    /// <summary>
    /// Loads one file, or several in order. <paramref name="keepValues"/> says which continuous series to hold in
    /// full (the rest keep only their NaN positions). <paramref name="checkBeforeReading"/> sees every opened file (its
    /// tables and series, not yet its spikes or samples), so a caller can refuse files before the expensive part.
    /// </summary>
    public static MillisecondRecording Load(IReadOnlyList<string> paths, Func<string, bool> keepValues,
        IProgress<NwbConversionProgress>? progress = null, CancellationToken cancel = default,
        Action<IReadOnlyList<NwbFile>>? checkBeforeReading = null)
    {
        if (paths.Count == 0) throw new ArgumentException("no NWB files", nameof(paths));
        var opened = new List<NwbFile>();
        try
        {
            foreach (string path in paths) opened.Add(NwbFile.Open(path));
            checkBeforeReading?.Invoke(opened);
            return Read(opened, keepValues, progress, cancel);
        }
        finally
        {
            foreach (var file in opened) file.Dispose();
        }
    }

    private static MillisecondRecording Read(IReadOnlyList<NwbFile> opened, Func<string, bool> keepValues,
        IProgress<NwbConversionProgress>? progress, CancellationToken cancel)
    {
        var warnings = new List<string>();
        var files = new List<FileContents>();
        long offset = 0;
        foreach (var file in opened)
        {
            cancel.ThrowIfCancellationRequested();
            var contents = ReadFile(file, offset, keepValues, warnings, progress, cancel);
            files.Add(contents);
            // nlb_tools: the next file starts at ceil((last time + 50 ms) · 10) · 100 ms.
            double pastEnd = (offset + contents.Samples - 1) * 1e6 / 1e9 + 0.05;
            offset = (long)(Math.Ceiling(pastEnd * 10) * 100);
        }
        long samples = files[^1].Offset + files[^1].Samples;
        return new MillisecondRecording
        {
            Samples = samples,
            Heldin = MergeUnits(files, heldout: false),
            Heldout = MergeUnits(files, heldout: true),
            Signals = MergeSignals(files, samples),
            Trials = TrialTable.Concatenate(files.Select(f => (f.Trials, f.Offset)).ToList()),
            Warnings = warnings,
            Files = opened.Select(f => f.Path).ToList(),
            FileOffsets = files.Select(f => f.Offset).ToList(),
        };
    }

    private sealed record UnitContents(long Id, bool Heldout, int[] Samples, ObservedSamples Observed);

    private sealed record SignalContents(string Name, string[] Channels, double[][]? Values, bool[] AnyNan);

    private sealed record FileContents(long Offset, long Samples, List<UnitContents> Units, List<SignalContents> Signals, NwbTrials Trials);

    private static FileContents ReadFile(NwbFile file, long offset, Func<string, bool> keepValues, List<string> warnings,
        IProgress<NwbConversionProgress>? progress, CancellationToken cancel)
    {
        var units = file.Units;
        if (units.Count == 0) throw new BlendInputException($"{file.Path}: {NwbUnits.Group} has no units");
        // end_ms = round(1000 × the largest end of each unit's last obs_interval). nlb_tools' fallback to the last
        // trial's stop time compares milliseconds with seconds and never triggers, so it is not reproduced.
        double lastStop = units.ObservationIntervals.Max(pairs => pairs[^1]);
        long samples = (long)Math.Round(lastStop * 1000.0, MidpointRounding.ToEven);
        if (samples <= 0 || samples > int.MaxValue)
            throw new BlendInputException($"{file.Path}: {NwbUnits.Group}/obs_intervals: the recording would span {samples} ms; expected a positive length below 2^31 ms");

        // The group's first unit in table row order decides which samples are observed, for every unit of the group.
        var observed = new Dictionary<bool, ObservedSamples>();
        foreach (bool heldout in new[] { false, true })
        {
            int first = Array.IndexOf(units.Heldout, heldout);
            if (first >= 0)
                observed[heldout] = new ObservedSamples(ObservedSamples.FromIntervals(units.ObservationIntervals[first], samples).Select(r => (r.Start + offset, r.End + offset)));
        }

        var contents = new List<UnitContents>();
        long outsideGrid = 0, unobserved = 0;
        units.ForEachUnitSpikes((row, times) =>
        {
            cancel.ThrowIfCancellationRequested();
            var set = observed[units.Heldout[row]];
            var kept = new List<int>(times.Length);
            foreach (double time in times)
            {
                // nlb_tools: (t · 1000).round(6).astype(int), i.e. numpy rounding to 6 decimals, then truncation.
                double scaled = PythonRounding.Numpy(time * 1000.0, 6);
                if (double.IsNaN(scaled) || scaled <= -1 || scaled >= samples) { outsideGrid++; continue; }
                long sample = (long)scaled + offset;
                if (!set.Contains(sample)) { unobserved++; continue; }
                kept.Add((int)sample);
            }
            kept.Sort();
            contents.Add(new UnitContents(units.Ids[row], units.Heldout[row], kept.ToArray(), set));
        }, progress: done => progress?.Report(new NwbConversionProgress($"Reading spikes ({Path.GetFileName(file.Path)})", done, units.TotalSpikes)));
        if (unobserved > 0)
            warnings.Add($"{file.Path}: {unobserved} spike(s) lie outside the observed intervals and are dropped (nlb_tools: \"Spikes found outside of observed interval.\")");
        if (outsideGrid > 0)
            warnings.Add($"{file.Path}: {outsideGrid} spike(s) lie before 0 s or after the last observation interval ({samples} ms) and are dropped (nlb_tools would fail on them)");

        warnings.AddRange(file.SkippedSeries.Select(s => $"{file.Path}: {s}"));
        var signals = new List<SignalContents>();
        for (int index = 0; index < file.Series.Count; index++)
        {
            cancel.ThrowIfCancellationRequested();
            var series = file.Series[index];
            progress?.Report(new NwbConversionProgress($"Reading series ({Path.GetFileName(file.Path)})", index, file.Series.Count));
            var signal = ReadSignal(series, file.Path, samples, keepValues(series.Name), warnings);
            if (signal is not null)
            {
                signals.RemoveAll(s => s.Name == signal.Name);
                signals.Add(signal);
            }
        }
        return new FileContents(offset, samples, contents, signals, file.Trials);
    }

    /// <summary>Joins a series to the grid; null (with a warning, as nlb_tools) when a sample time is off the grid.</summary>
    private static SignalContents? ReadSignal(NwbTimeSeries series, string file, long samples, bool keep, List<string> warnings)
    {
        const int ChunkRows = 1 << 18;
        var gridIndex = new int[series.Samples];
        for (long start = 0; start < series.Samples; start += ChunkRows)
        {
            int count = (int)Math.Min(ChunkRows, series.Samples - start);
            double[] times = series.Times(start, count);
            for (int i = 0; i < count; i++)
            {
                // On the grid when round(t, 6) equals one of nlb_tools' timestamps (k / 1000).round(6).
                double rounded = PythonRounding.Numpy(times[i], 6);
                double k = Math.Round(rounded * 1000.0, MidpointRounding.ToEven);
                if (!(k >= 0 && k < samples) || PythonRounding.Numpy(k / 1000.0, 6) != rounded)
                {
                    warnings.Add($"{file}: {series.Path}: dropped, as nlb_tools does, because sample {start + i} (t = {times[i]:R} s) is not on the 1 ms grid [0, {samples}) ms");
                    return null;
                }
                gridIndex[start + i] = (int)k;
            }
        }
        for (int i = 1; i < gridIndex.Length; i++)
            if (gridIndex[i] <= gridIndex[i - 1])
                throw new BlendInputException($"{file}: {series.Path}/{(series.HasTimestamps ? "timestamps" : "starting_time")}: sample {i} falls on or before sample {i - 1} ({gridIndex[i]} ms); sample times must increase");

        int channels = series.Channels.Length;
        // Columns are sorted by channel name (nlb_tools sorts the frame's columns).
        int[] order = Enumerable.Range(0, channels).OrderBy(c => series.Channels[c], StringComparer.Ordinal).ToArray();
        var values = keep ? Enumerable.Range(0, channels).Select(_ => Filled((int)samples, double.NaN)).ToArray() : null;
        var anyNan = Filled((int)samples, true);
        for (long start = 0; start < series.Samples; start += ChunkRows)
        {
            int count = (int)Math.Min(ChunkRows, series.Samples - start);
            double[] rows = series.Rows(start, count);
            for (int i = 0; i < count; i++)
            {
                int sample = gridIndex[start + i];
                bool nan = false;
                for (int c = 0; c < channels; c++)
                {
                    double v = rows[i * channels + order[c]];
                    nan |= double.IsNaN(v);
                    if (values is not null) values[c][sample] = v;
                }
                anyNan[sample] = nan;
            }
        }
        return new SignalContents(series.Name, order.Select(c => series.Channels[c]).ToArray(), values, anyNan);
    }

    private static T[] Filled<T>(int length, T value)
    {
        var array = new T[length];
        Array.Fill(array, value);
        return array;
    }

    private static SpikeTrain[] MergeUnits(List<FileContents> files, bool heldout)
    {
        var ids = files.SelectMany(f => f.Units).Where(u => u.Heldout == heldout).Select(u => u.Id).Distinct().Order().ToList();
        return ids.Select(id =>
        {
            var parts = files.Select(f => f.Units.FirstOrDefault(u => u.Id == id && u.Heldout == heldout)).Where(u => u is not null).Select(u => u!).ToList();
            return new SpikeTrain
            {
                UnitId = id,
                Heldout = heldout,
                Samples = parts.Count == 1 ? parts[0].Samples : parts.SelectMany(p => p.Samples).ToArray(),
                // A unit absent from a file is NaN over that file (pandas' outer join).
                Observed = parts.Count == 1 ? parts[0].Observed : new ObservedSamples(parts.SelectMany(p => p.Observed.Ranges)),
            };
        }).ToArray();
    }

    private static Dictionary<string, ContinuousSignal> MergeSignals(List<FileContents> files, long samples)
    {
        var result = new Dictionary<string, ContinuousSignal>(StringComparer.Ordinal);
        foreach (string name in files.SelectMany(f => f.Signals).Select(s => s.Name).Distinct())
        {
            var parts = files.Select(f => (File: f, Signal: f.Signals.FirstOrDefault(s => s.Name == name))).ToList();
            var channels = parts.Where(p => p.Signal is not null).SelectMany(p => p.Signal!.Channels).Distinct().Order(StringComparer.Ordinal).ToArray();
            bool keep = parts.Any(p => p.Signal?.Values is not null);
            if (files.Count == 1)
            {
                var only = parts[0].Signal!;
                result[name] = new ContinuousSignal { Name = name, Channels = only.Channels, Values = only.Values, AnyNan = only.AnyNan };
                continue;
            }
            var values = keep ? channels.Select(_ => Filled((int)samples, double.NaN)).ToArray() : null;
            var anyNan = Filled((int)samples, true);
            foreach (var (file, signal) in parts)
            {
                if (signal is null) continue;
                bool complete = signal.Channels.Length == channels.Length;
                for (long s = 0; s < file.Samples; s++) anyNan[file.Offset + s] = signal.AnyNan[s] || !complete;
                if (values is null || signal.Values is null) continue;
                for (int c = 0; c < signal.Channels.Length; c++)
                    Array.Copy(signal.Values[c], 0, values[Array.IndexOf(channels, signal.Channels[c])], file.Offset, file.Samples);
            }
            result[name] = new ContinuousSignal { Name = name, Channels = channels, Values = values, AnyNan = anyNan };
        }
        return result;
    }
}
