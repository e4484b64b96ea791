namespace Blend.Data;

/// <summary>The dataset names nlb_tools writes (plus BLEND's forward-behaviour keys).</summary>
public static class NlbKeys
{
    // train_input.h5
    /// <summary>Train trials' held-in spike counts, trials × bins × held-in neurons.</summary>
    public const string TrainSpikesHeldin = "train_spikes_heldin";
    /// <summary>Train trials' held-out spike counts, trials × bins × held-out neurons.</summary>
    public const string TrainSpikesHeldout = "train_spikes_heldout";
    /// <summary>Train trials' behaviour (e.g. hand velocity), trials × bins × dims; 2-D trials × dims for dmfc_rsg.</summary>
    public const string TrainBehavior = "train_behavior";
    /// <summary>Held-in spike counts in the forward-prediction bins after each train trial, trials × forward bins × held-in neurons.</summary>
    public const string TrainSpikesHeldinForward = "train_spikes_heldin_forward";
    /// <summary>Held-out spike counts in the forward-prediction bins after each train trial, trials × forward bins × held-out neurons.</summary>
    public const string TrainSpikesHeldoutForward = "train_spikes_heldout_forward";
    /// <summary>BLEND's extra key: behaviour over the forward window, shifted by the lag.</summary>
    public const string TrainBehaviorForward = "train_behavior_forward";

    // eval_input.h5
    /// <summary>Eval trials' held-in spike counts, trials × bins × held-in neurons: the model's input.</summary>
    public const string EvalSpikesHeldin = "eval_spikes_heldin";
    /// <summary>Eval trials' held-out spike counts, the co-smoothing answers (in eval_input.h5 only when the split has them).</summary>
    public const string EvalSpikesHeldout = "eval_spikes_heldout";
    /// <summary>Eval trials' behaviour, shaped like <see cref="TrainBehavior"/>; the answers for velocity decoding.</summary>
    public const string EvalBehavior = "eval_behavior";
    /// <summary>BLEND's extra key: eval trials' behaviour over the forward window.</summary>
    public const string EvalBehaviorForward = "eval_behavior_forward";

    // eval_target.h5, inside one group per dataset
    /// <summary>Eval trials' held-in spike counts in the forward bins, trials × forward bins × held-in neurons: forward-prediction answers.</summary>
    public const string EvalSpikesHeldinForward = "eval_spikes_heldin_forward";
    /// <summary>Eval trials' held-out spike counts in the forward bins, trials × forward bins × held-out neurons: forward-prediction answers.</summary>
    public const string EvalSpikesHeldoutForward = "eval_spikes_heldout_forward";
    /// <summary>Train trials × masks (bool): the trials each velocity decoder is fitted on (area2_bump has one decoder per mask).</summary>
    public const string TrainDecodeMask = "train_decode_mask";
    /// <summary>Eval trials × masks (bool): the trials each velocity decoder is scored on.</summary>
    public const string EvalDecodeMask = "eval_decode_mask";
    /// <summary>PSTHs: condition-averaged smoothed spikes per bin, conditions × bins × neurons (held-in then held-out), for PSTH R².</summary>
    public const string Psth = "psth";
    /// <summary>For each PSTH condition, the indices of its trials among the eval trials.</summary>
    public const string EvalCondIdx = "eval_cond_idx";
    /// <summary>For each PSTH condition, the indices of its trials among the train trials.</summary>
    public const string TrainCondIdx = "train_cond_idx";
    /// <summary>One integer shift (bins) per eval trial, applied before averaging a condition's trials for PSTH R² (dmfc_rsg).</summary>
    public const string EvalJitter = "eval_jitter";
    /// <summary>One integer shift (bins) per train trial, as <see cref="EvalJitter"/>.</summary>
    public const string TrainJitter = "train_jitter";

    // submission.h5, inside one group per dataset
    /// <summary>Predicted rates (spikes per bin) of the held-in neurons on the train trials, trials × bins × held-in neurons.</summary>
    public const string TrainRatesHeldin = "train_rates_heldin";
    /// <summary>Predicted rates (spikes per bin) of the held-out neurons on the train trials, trials × bins × held-out neurons.</summary>
    public const string TrainRatesHeldout = "train_rates_heldout";
    /// <summary>Predicted rates (spikes per bin) of the held-in neurons on the eval trials.</summary>
    public const string EvalRatesHeldin = "eval_rates_heldin";
    /// <summary>Predicted rates (spikes per bin) of the held-out neurons on the eval trials: scored by co-smoothing bits/spike.</summary>
    public const string EvalRatesHeldout = "eval_rates_heldout";
    /// <summary>Predicted rates (spikes per bin) of the held-in neurons in the eval trials' forward bins.</summary>
    public const string EvalRatesHeldinForward = "eval_rates_heldin_forward";
    /// <summary>Predicted rates (spikes per bin) of the held-out neurons in the eval trials' forward bins.</summary>
    public const string EvalRatesHeldoutForward = "eval_rates_heldout_forward";
}
