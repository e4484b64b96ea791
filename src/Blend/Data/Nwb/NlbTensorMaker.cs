namespace Blend.Data.Nwb;

/// <summary>
/// nlb_tools' <c>make_train_input_tensors</c>, <c>make_eval_input_tensors</c> and <c>make_eval_target_tensors</c> on a
/// binned recording, plus BLEND's forward-behaviour keys. Splits are trial_info <c>split</c> values.
/// </summary>
public sealed class NlbTensorMaker
{
    private readonly BinnedRecording _recording;
    private readonly NlbConversionParameters _parameters;
    private readonly uint _seed;
    private readonly BinnedField _heldin;
    private readonly BinnedField _heldout;
    private readonly List<string> _warnings = [];

    /// <summary>
    /// Makes tensors from <paramref name="recording"/> with one dataset's <paramref name="parameters"/>;
    /// <paramref name="seed"/> seeds nlb_tools' jitter generator (dmfc_rsg only). A missing behaviour series fails here.
    /// </summary>
    public NlbTensorMaker(BinnedRecording recording, NlbConversionParameters parameters, uint seed = 0)
    {
        _recording = recording;
        _parameters = parameters;
        _seed = seed;
        _heldin = BinnedField.Spikes(recording, "spikes", recording.Recording.Heldin);
        _heldout = BinnedField.Spikes(recording, "heldout_spikes", recording.Recording.Heldout);
        if (parameters.BehaviorSignal is string signal) recording.Signal(signal); // resampled once here; a missing field fails now
    }

    private TrialTable Trials => _recording.Recording.Trials;

    /// <summary>What nlb_tools would log as warnings while making tensors.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    private int BinMs => _recording.BinMs;

    private static int[] Selected(bool[] mask) => Enumerable.Range(0, mask.Length).Where(t => mask[t]).ToArray();

    /// <summary>
    /// dmfc_rsg: the selected trials' align (or start) field plus a seeded jitter, as a <c>*_jitter_time</c> column of
    /// <paramref name="target"/> (other rows keep what the column held, else NaT), and the spec that uses it.
    /// </summary>
    private (TrialTable Trials, TrialWindowSpec Spec, double[]? JitterMs) Jittered(TrialTable target, TrialWindowSpec spec, bool[] mask)
    {
        if (!_parameters.JitterByProducedInterval) return (target, spec, null);
        int[] selected = Selected(mask);
        double[] jitter = TrialJitter.ProducedIntervalJitterMs(Trials, selected, BinMs, _seed);
        string field = spec.AlignField ?? spec.StartField;
        long[] original = Trials.Times(field);
        string jitteredField = field.Replace("_time", "_jitter_time", StringComparison.Ordinal);
        long[] jittered = target.Has(jitteredField) ? (long[])target.Times(jitteredField).Clone() : Enumerable.Repeat(PandasTime.NaT, target.Count).ToArray();
        for (int i = 0; i < selected.Length; i++)
        {
            int t = selected[i];
            jittered[t] = original[t] == PandasTime.NaT || double.IsNaN(jitter[i]) ? PandasTime.NaT : original[t] + PandasTime.FromMilliseconds(jitter[i]);
        }
        var table = target.WithTimes(jitteredField, jittered);
        var jitteredSpec = spec.AlignField is not null ? spec with { AlignField = jitteredField } : spec with { StartField = jitteredField };
        return (table, jitteredSpec, jitter);
    }

    /// <summary><c>_prep_behavior</c>: the window shifted by the lag, NaNs kept.</summary>
    private TrialWindowSpec? BehaviorSpec(TrialWindowSpec spec)
    {
        if (_parameters.LagMs is not int lag) return null;
        return spec.StartOffsetMs is double a && spec.EndOffsetMs is double b
            ? spec with { StartOffsetMs = a + lag, EndOffsetMs = b + lag, AllowNans = true }
            : spec with { StartOffsetMs = lag, EndOffsetMs = lag, AllowNans = true };
    }

    /// <summary><c>_prep_fp</c>: fp_len after the window's end, overlap allowed, NaN rows dropped.</summary>
    private TrialWindowSpec ForwardSpec(TrialWindowSpec spec)
    {
        double start = spec.EndOffsetMs ?? 0;
        double steps = (double)_parameters.ForwardMs / BinMs;
        return new TrialWindowSpec
        {
            AlignField = spec.AlignField ?? spec.EndField,
            StartOffsetMs = start,
            EndOffsetMs = start + steps * BinMs,
            AllowOverlap = true,
        };
    }

    private Array3 Stacked(BinnedField field, TrialTable trials, bool[] mask, TrialWindowSpec spec, string what) =>
        TrialArrays.Stacked(field, TrialWindows.Make(_recording, trials, mask, spec), trials, what);

    private Array3 Jagged(BinnedField field, TrialTable trials, bool[] mask, TrialWindowSpec spec) =>
        TrialArrays.Jagged(field, TrialWindows.Make(_recording, trials, mask, spec), Selected(mask));

    /// <summary>trial_info behaviour (dmfc_rsg): trials × columns as float, time columns in seconds, outliers NaN.</summary>
    private Array3 TrialInfoBehavior(bool[] mask)
    {
        var columns = _parameters.BehaviorColumns!;
        int[] selected = Selected(mask);
        var values = columns.Select(c => Trials.Numbers(c)).ToArray();
        double[]? outlier = _parameters.MaskOutlierBehavior ? Trials.Numbers("is_outlier") : null;
        var array = new Array3(selected.Length, 1, columns.Count);
        for (int i = 0; i < selected.Length; i++)
            for (int c = 0; c < columns.Count; c++)
                array[i, 0, c] = outlier is not null && outlier[selected[i]] != 0 ? double.NaN : values[c][selected[i]];
        return array;
    }

    /// <summary>
    /// <c>make_train_input_tensors</c> for one split: held-in and held-out spike counts (trials × bins × units), and
    /// optionally behaviour, forward-prediction spikes and BLEND's forward behaviour.
    /// </summary>
    public NlbTrainInput TrainInput(string split = "train", bool includeBehavior = true, bool includeForward = true, bool includeBlendForwardBehavior = true) =>
        TrainInput([split], includeBehavior, includeForward, includeBlendForwardBehavior);

    /// <summary>make_train_input_tensors with a list of splits (the test phase trains on ['train', 'val']).</summary>
    public NlbTrainInput TrainInput(string[] splits, bool includeBehavior = true, bool includeForward = true, bool includeBlendForwardBehavior = true)
    {
        bool[] mask = Trials.SplitMask(splits);
        string split = string.Join("+", splits);
        var (trials, spec, _) = Jittered(Trials, _parameters.Window, mask);
        Array3? behavior = null, behaviorForward = null;
        if (includeBehavior)
            behavior = _parameters.BehaviorSignal is string signal
                ? Jagged(BinnedField.Signal(_recording, signal), trials, mask, BehaviorSpec(spec)!)
                : TrialInfoBehavior(mask);
        Array3? heldinForward = null, heldoutForward = null;
        if (includeForward)
        {
            var forward = ForwardSpec(spec);
            var windows = TrialWindows.Make(_recording, trials, mask, forward);
            heldinForward = TrialArrays.Stacked(_heldin, windows, trials, $"{split} forward spikes");
            heldoutForward = TrialArrays.Stacked(_heldout, windows, trials, $"{split} forward held-out spikes");
            if (includeBlendForwardBehavior && _parameters.BehaviorSignal is string forwardSignal)
                behaviorForward = Jagged(BinnedField.Signal(_recording, forwardSignal), trials, mask, BehaviorSpec(forward)!);
        }
        var windowsMain = TrialWindows.Make(_recording, trials, mask, spec);
        return new NlbTrainInput
        {
            SpikesHeldin = TrialArrays.Stacked(_heldin, windowsMain, trials, $"{split} spikes"),
            SpikesHeldout = TrialArrays.Stacked(_heldout, windowsMain, trials, $"{split} held-out spikes"),
            Behavior = behavior,
            BehaviorIs2D = behavior is not null && _parameters.BehaviorSignal is null,
            SpikesHeldinForward = heldinForward,
            SpikesHeldoutForward = heldoutForward,
            BehaviorForward = behaviorForward,
        };
    }

    /// <summary>
    /// <c>make_eval_input_tensors</c>: the <paramref name="split"/> trials' held-in spike counts (trials × bins × units,
    /// NaN rows kept), held-out counts except for the test split, and optionally BLEND's forward behaviour.
    /// </summary>
    public NlbEvalInput EvalInput(string split = "val", bool includeBlendForwardBehavior = true)
    {
        bool[] mask = Trials.SplitMask(split);
        var (trials, spec, _) = Jittered(Trials, _parameters.Window with { AllowNans = true }, mask);
        var windows = TrialWindows.Make(_recording, trials, mask, spec);
        bool hasTest = split == "test" && mask.Contains(true);
        Array3? behaviorForward = null;
        if (includeBlendForwardBehavior && _parameters.BehaviorSignal is string signal && !hasTest)
            behaviorForward = Jagged(BinnedField.Signal(_recording, signal), trials, mask, BehaviorSpec(ForwardSpec(spec))!);
        return new NlbEvalInput
        {
            SpikesHeldin = TrialArrays.Stacked(_heldin, windows, trials, $"{split} spikes"),
            // The test split has no held-out spikes.
            SpikesHeldout = hasTest ? null : TrialArrays.Stacked(_heldout, windows, trials, $"{split} held-out spikes"),
            BehaviorForward = behaviorForward,
        };
    }

    /// <summary>
    /// <c>make_eval_target_tensors</c>: the <paramref name="evalSplit"/> trials' held-out spikes and forward spikes,
    /// behaviour of both splits, decode masks (area2_bump), jitter (dmfc_rsg) and, with <paramref name="includePsth"/>,
    /// PSTHs over train and eval trials with their condition indices.
    /// </summary>
    public NlbDatasetTarget EvalTarget(string trainSplit = "train", string evalSplit = "val", bool includePsth = true)
    {
        bool[] train = Trials.SplitMask(trainSplit), eval = Trials.SplitMask(evalSplit);
        bool[] ignore = evalSplit == "test" ? Trials.SplitMask("none") : train.Zip(eval, (a, b) => !(a || b)).ToArray();
        var spec = _parameters.EvalWindow;
        var trials = Trials;
        double[]? trainJitter = null, evalJitter = null;
        if (_parameters.JitterByProducedInterval)
        {
            // nlb_tools adds the train trials' jittered column, then fills in the eval trials' (each seeded anew).
            (trials, _, trainJitter) = Jittered(Trials, spec, train);
            (trials, spec, evalJitter) = Jittered(trials, spec, eval);
        }

        Array3 evalHeldout;
        Array3? trainBehavior, evalBehavior;
        if (spec.StartOffsetMs is null)
        {
            // Windows bounded by trial fields, padded to eval_tensor_params' length (dmfc_rsg).
            int? length = _parameters.EvalSegmentMs is int ms ? (int)Math.Round((double)ms / BinMs, MidpointRounding.ToEven) : null;
            int[] evalTrials = Selected(eval);
            var evalWindows = TrialWindows.Make(_recording, trials, eval, spec);
            evalHeldout = TrialArrays.Jagged(_heldout, evalWindows, evalTrials, length, _parameters.EvalPadding, TrialJitter.InBins(evalJitter ?? new double[evalTrials.Length], BinMs));
            trainBehavior = evalBehavior = null;
        }
        else
        {
            evalHeldout = Stacked(_heldout, trials, eval, spec, $"{evalSplit} held-out spikes");
            trainBehavior = evalBehavior = null;
            if (_parameters.BehaviorSignal is string signal)
            {
                var field = BinnedField.Signal(_recording, signal);
                trainBehavior = Jagged(field, trials, train, BehaviorSpec(spec)!);
                evalBehavior = Jagged(field, trials, eval, BehaviorSpec(spec)!);
            }
        }
        if (_parameters.BehaviorColumns is not null)
        {
            trainBehavior = TrialInfoBehavior(train);
            evalBehavior = TrialInfoBehavior(eval);
        }

        var forwardWindows = TrialWindows.Make(_recording, trials, eval, ForwardSpec(spec));
        bool[,]? trainDecode = null, evalDecode = null;
        if (_parameters.DecodeMasksByBump)
        {
            trainDecode = DecodeMasks(train);
            evalDecode = DecodeMasks(eval);
        }
        PsthResult? psth = null;
        if (includePsth && _parameters.Psth is not null)
            psth = PsthBuilder.Build(_recording, Trials, train, eval, ignore, _parameters.Psth, _warnings);
        else if (includePsth)
            _warnings.Add("PSTHs are not supported for this dataset, skipping...");

        return new NlbDatasetTarget
        {
            EvalSpikesHeldout = evalHeldout,
            TrainBehavior = trainBehavior,
            EvalBehavior = evalBehavior,
            BehaviorIs2D = _parameters.BehaviorColumns is not null,
            EvalSpikesHeldinForward = TrialArrays.Stacked(_heldin, forwardWindows, trials, $"{evalSplit} forward spikes"),
            EvalSpikesHeldoutForward = TrialArrays.Stacked(_heldout, forwardWindows, trials, $"{evalSplit} forward held-out spikes"),
            TrainDecodeMask = trainDecode,
            EvalDecodeMask = evalDecode,
            Psth = psth?.Psth,
            TrainCondIdx = psth?.TrainConditionIndices,
            EvalCondIdx = psth?.EvalConditionIndices,
            EvalJitter = psth is not null && evalJitter is not null ? TrialJitter.InBins(evalJitter, BinMs) : null,
            TrainJitter = psth is not null && trainJitter is not null ? TrialJitter.InBins(trainJitter, BinMs) : null,
        };
    }

    /// <summary>area2_bump: [ctr_hold_bump == 0, ctr_hold_bump == 1] per selected trial.</summary>
    private bool[,] DecodeMasks(bool[] mask)
    {
        double[] bump = Trials.Numbers("ctr_hold_bump");
        int[] selected = Selected(mask);
        var masks = new bool[selected.Length, 2];
        for (int i = 0; i < selected.Length; i++)
        {
            masks[i, 0] = bump[selected[i]] == 0;
            masks[i, 1] = bump[selected[i]] == 1;
        }
        return masks;
    }
}
