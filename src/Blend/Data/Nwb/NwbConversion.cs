namespace Blend.Data.Nwb;

/// <summary>Options of <see cref="NwbConversion"/>.</summary>
public sealed record NwbConversionOptions
{
    /// <summary>The NLB'21 dataset whose nlb_tools PARAMS apply (mc_maze, mc_rtt, area2_bump, dmfc_rsg, mc_maze_large/medium/small).</summary>
    public required string Dataset { get; init; }

    /// <summary>Bin width in ms (the benchmark uses 5 and 20).</summary>
    public int BinMs { get; init; } = NlbDatasetNames.DefaultBinMs;

    /// <summary>Seed of nlb_tools' jitter generator (dmfc_rsg); nlb_tools' default is 0.</summary>
    public uint Seed { get; init; }

    /// <summary>Whether the eval target gets PSTHs and condition indices (the slowest part).</summary>
    public bool IncludePsth { get; init; } = true;

    /// <summary>
    /// nlb_tools' phase: <see cref="NlbPhase.Val"/> (train → val, with an eval target for local scoring) or
    /// <see cref="NlbPhase.Test"/> (train + val → test, no eval target: the leaderboard scores the submission).
    /// </summary>
    public NlbPhase Phase { get; init; } = NlbPhase.Val;

    /// <summary>Raises <see cref="BlendInputException"/> for an unknown dataset name or a bin width below 1 ms.</summary>
    public void Validate()
    {
        if (!NlbDatasetNames.IsKnownBase(Dataset))
            throw new BlendInputException($"unknown NLB dataset '{Dataset}' (known: {string.Join(", ", NlbDatasetNames.Known)})");
        if (BinMs < 1) throw new BlendInputException($"the bin width must be a whole number of ms ≥ 1, got {BinMs}");
    }
}

/// <summary>What a conversion made, and what nlb_tools would have logged as warnings.</summary>
public sealed record NwbConversionResult(DatasetFileSet Dataset, IReadOnlyList<string> Warnings, MillisecondRecording Recording);

/// <summary>
/// NWB file (or DANDI folder) → the NLB tensor files nlb_tools makes: train input ('train' trials, with behaviour
/// and forward prediction), eval input ('val'), eval target (train 'train', eval 'val', with PSTHs), plus BLEND's
/// forward-behaviour keys and a dataset.json.
/// </summary>
public static class NwbConversion
{
    /// <summary>
    /// Converts an NWB file, or a folder of them, into the NLB tensor files for <see cref="NwbConversionOptions.Phase"/>
    /// (train input, eval input and, in the val phase, the eval target) plus a manifest: the files are checked for the
    /// dataset's fields, loaded at 1 ms, binned at <see cref="NwbConversionOptions.BinMs"/> and cut into trials.
    /// Raises <see cref="BlendInputException"/> for files that lack what the dataset needs.
    /// </summary>
    public static NwbConversionResult Convert(string fileOrFolder, NwbConversionOptions options,
        IProgress<NwbConversionProgress>? progress = null, CancellationToken cancel = default)
    {
        options.Validate();
        var parameters = NlbConversionParameters.For(options.Dataset);
        var files = NwbFile.Resolve(fileOrFolder);
        var recording = MillisecondRecording.Load(files, name => name == parameters.BehaviorSignal, progress, cancel,
            checkBeforeReading: opened => CheckFields(opened, parameters));
        progress?.Report(new NwbConversionProgress("Resampling", 0, 1));
        var binned = new BinnedRecording(recording, options.BinMs);
        var maker = new NlbTensorMaker(binned, parameters, options.Seed);
        const int Steps = 3;
        progress?.Report(new NwbConversionProgress("Making tensors", 0, Steps));
        bool test = options.Phase == NlbPhase.Test;
        var train = test ? maker.TrainInput(["train", "val"]) : maker.TrainInput();
        cancel.ThrowIfCancellationRequested();
        progress?.Report(new NwbConversionProgress("Making tensors", 1, Steps));
        var eval = maker.EvalInput(test ? "test" : "val");
        if (test && eval.SpikesHeldin.Trials == 0)
            throw new BlendInputException($"{fileOrFolder}: --phase test: no trials with split 'test' (DANDI keeps them in a separate *test* NWB file; give the folder with both files)");
        cancel.ThrowIfCancellationRequested();
        progress?.Report(new NwbConversionProgress(options.IncludePsth && parameters.Psth is not null ? "Making tensors (PSTHs)" : "Making tensors", 2, Steps));
        var target = test ? null : maker.EvalTarget(includePsth: options.IncludePsth);
        progress?.Report(new NwbConversionProgress("Making tensors", Steps, Steps));

        string group = NlbDatasetNames.GroupName(options.Dataset, options.BinMs);
        int heldin = recording.Heldin.Length, heldout = recording.Heldout.Length;
        var manifest = new DatasetManifest
        {
            Name = group,
            SpikesFile = fileOrFolder,
            SourceBins = (int)recording.Samples,
            SourceBinMs = 1,
            Rebin = options.BinMs,
            BinMs = options.BinMs,
            Bins = binned.Bins,
            WindowBins = train.SpikesHeldin.Time,
            ForwardBins = train.SpikesHeldinForward?.Time ?? 0,
            Neurons = heldin + heldout,
            HeldinNeurons = Enumerable.Range(0, heldin).ToArray(),
            HeldoutNeurons = Enumerable.Range(heldin, heldout).ToArray(),
            UnitIds = recording.Heldin.Concat(recording.Heldout).Select(u => u.UnitId).ToArray(),
            NwbFiles = files.ToArray(),
            BehaviorDims = train.Behavior?.Channels ?? 0,
            ValidationTrials = [],
            Seed = (int)options.Seed,
            TestPhase = test,
        };
        var dataset = new DatasetFileSet
        {
            TrainInput = train,
            EvalInput = eval,
            EvalTarget = target is null ? null : new NlbEvalTarget(group, target),
            Manifest = manifest,
        };
        return new NwbConversionResult(dataset, recording.Warnings.Concat(maker.Warnings).ToList(), recording);
    }

    /// <summary>
    /// Fails fast, before any spike is read, when the files lack what the dataset's PARAMS use: trial columns
    /// (split, window and condition fields) or the behaviour series.
    /// </summary>
    private static void CheckFields(IReadOnlyList<NwbFile> files, NlbConversionParameters parameters)
    {
        var columns = files.SelectMany(f => f.Trials.Columns).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var series = files.SelectMany(f => f.Series).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var needed = new List<string> { "split" };
        foreach (var spec in new[] { parameters.Window, parameters.EvalWindow, parameters.Psth?.Window })
            if (spec is not null) needed.AddRange(new[] { spec.StartField, spec.EndField, spec.AlignField }.OfType<string>());
        if (parameters.Psth is not null) needed.AddRange(parameters.Psth.ConditionFields);
        if (parameters.Psth?.SkipOutliers == true || parameters.MaskOutlierBehavior) needed.Add("is_outlier");
        if (parameters.BehaviorColumns is not null) needed.AddRange(parameters.BehaviorColumns);
        if (parameters.DecodeMasksByBump) needed.Add("ctr_hold_bump");
        if (parameters.JitterByProducedInterval) needed.Add("tp");
        var missing = needed.Distinct().Where(c => !columns.Contains(c)).Select(NwbTrials.NwbName).ToList();
        string where = files.Count == 1 ? files[0].Path : $"{files[0].Path} (and {files.Count - 1} more)";
        if (missing.Count > 0)
            throw new BlendInputException($"{where}: {NwbTrials.Group}: --dataset {parameters.Dataset} needs trial column(s) {string.Join(", ", missing)}, " +
                $"which the file does not have (it has: {string.Join(", ", columns.Order(StringComparer.Ordinal).Select(NwbTrials.NwbName))}). Is this the right --dataset?");
        if (parameters.BehaviorSignal is string signal && !series.Contains(signal))
            throw new BlendInputException($"{where}: --dataset {parameters.Dataset} needs the behaviour series '{signal}' (in /processing/<module>/), " +
                $"which the file does not have (found: {(series.Count == 0 ? "no time series" : string.Join(", ", series.Order(StringComparer.Ordinal)))}). Is this the right --dataset?");
    }
}
