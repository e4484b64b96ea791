namespace Blend.Data.Nwb;

/// <summary>
/// nlb_tools' <c>make_tensors.PARAMS</c> for one NLB'21 dataset (commit 1ddc15f4): windows, behaviour, forward
/// prediction, PSTH conditions and smoothing, decode masks, behaviour mask and jitter.
/// </summary>
public sealed record NlbConversionParameters
{
    /// <summary>The NLB'21 dataset name these parameters belong to, e.g. <c>mc_maze</c> or <c>dmfc_rsg</c>.</summary>
    public required string Dataset { get; init; }

    /// <summary><c>make_params</c>: the main window of train and eval-input tensors.</summary>
    public required TrialWindowSpec Window { get; init; }

    /// <summary><c>eval_make_params</c>: the window of the eval target.</summary>
    public required TrialWindowSpec EvalWindow { get; init; }

    /// <summary><c>eval_tensor_params</c>: when set, eval-target arrays are padded to this many ms (dmfc_rsg).</summary>
    public int? EvalSegmentMs { get; init; }

    /// <summary><c>eval_tensor_params</c>' padding: where eval-target arrays padded to <see cref="EvalSegmentMs"/> put their NaNs (front for dmfc_rsg).</summary>
    public TrialPadding EvalPadding { get; init; } = TrialPadding.Back;

    /// <summary>Continuous behaviour field (<c>behavior_source='data'</c>), e.g. hand_vel; null for trial_info behaviour.</summary>
    public string? BehaviorSignal { get; init; }

    /// <summary>trial_info behaviour columns (<c>behavior_source='trial_info'</c>, dmfc_rsg).</summary>
    public IReadOnlyList<string>? BehaviorColumns { get; init; }

    /// <summary>Behaviour lag in ms (null: none).</summary>
    public int? LagMs { get; init; }

    /// <summary><c>fp_len</c>: forward-prediction length in ms.</summary>
    public int ForwardMs { get; init; } = 200;

    /// <summary>dmfc_rsg's behavior_mask: behaviour of trials with <c>is_outlier ≠ 0</c> becomes NaN.</summary>
    public bool MaskOutlierBehavior { get; init; }

    /// <summary>area2_bump's decode_masks: [ctr_hold_bump == 0, ctr_hold_bump == 1] per trial.</summary>
    public bool DecodeMasksByBump { get; init; }

    /// <summary>dmfc_rsg's jitter: up to clip(1500 − tp, 0, 300) ms per non-test trial.</summary>
    public bool JitterByProducedInterval { get; init; }

    /// <summary><c>psth_params</c>: how the eval target's PSTHs are built; null for datasets without PSTHs (mc_rtt).</summary>
    public PsthParameters? Psth { get; init; }

    /// <summary>The parameters of a dataset name, case-sensitive as in nlb_tools.</summary>
    public static NlbConversionParameters For(string dataset) => dataset switch
    {
        NlbDatasetNames.McMaze => Maze(dataset, lagMs: 100, kernelMs: 70),
        NlbDatasetNames.McMazeLarge or NlbDatasetNames.McMazeMedium or NlbDatasetNames.McMazeSmall => Maze(dataset, lagMs: 120, kernelMs: 50),
        NlbDatasetNames.McRtt => new NlbConversionParameters
        {
            Dataset = dataset,
            Window = TrialWindowSpec.Aligned("start_time", 0, 600, allowOverlap: true),
            EvalWindow = TrialWindowSpec.Aligned("start_time", 0, 600, allowOverlap: true),
            BehaviorSignal = "finger_vel",
            LagMs = 140,
        },
        NlbDatasetNames.Area2Bump => new NlbConversionParameters
        {
            Dataset = dataset,
            Window = TrialWindowSpec.Aligned("move_onset_time", -100, 500),
            EvalWindow = TrialWindowSpec.Aligned("move_onset_time", -100, 500, allowOverlap: true),
            BehaviorSignal = "hand_vel",
            LagMs = -20,
            DecodeMasksByBump = true,
            Psth = new PsthParameters(["cond_dir", "ctr_hold_bump"], TrialWindowSpec.Aligned("move_onset_time", -100, 500), KernelSdMs: 40),
        },
        NlbDatasetNames.DmfcRsg => new NlbConversionParameters
        {
            Dataset = dataset,
            Window = TrialWindowSpec.Aligned("go_time", -1500, 0, allowOverlap: true),
            EvalWindow = new TrialWindowSpec { StartField = "set_time", EndField = "go_time", AlignField = "go_time" },
            EvalSegmentMs = 1500,
            EvalPadding = TrialPadding.Front,
            BehaviorColumns = ["is_eye", "theta", "is_short", "ts", "tp"],
            MaskOutlierBehavior = true,
            JitterByProducedInterval = true,
            Psth = new PsthParameters(["is_eye", "theta", "is_short", "ts"],
                new TrialWindowSpec { StartField = "set_time", EndField = "go_time", AlignField = "go_time" },
                KernelSdMs: 70, Padding: TrialPadding.Front, SegmentMs: 1500, SkipOutliers: true),
        },
        _ => throw new BlendInputException($"unknown NLB dataset '{dataset}' (known: {string.Join(", ", NlbDatasetNames.Known)})"),
    };

    private static NlbConversionParameters Maze(string dataset, int lagMs, int kernelMs) => new()
    {
        Dataset = dataset,
        Window = TrialWindowSpec.Aligned("move_onset_time", -250, 450),
        EvalWindow = TrialWindowSpec.Aligned("move_onset_time", -250, 450),
        BehaviorSignal = "hand_vel",
        LagMs = lagMs,
        Psth = new PsthParameters(["trial_type", "trial_version"], TrialWindowSpec.Aligned("move_onset_time", -250, 450), kernelMs),
    };
}

/// <summary>nlb_tools' <c>psth_params</c>: condition fields, window, Gaussian σ, padding, length, outlier skipping.</summary>
public sealed record PsthParameters(
    IReadOnlyList<string> ConditionFields,
    TrialWindowSpec Window,
    int KernelSdMs,
    TrialPadding Padding = TrialPadding.Back,
    int? SegmentMs = null,
    bool SkipOutliers = false);
