namespace Blend.Data;

/// <summary>The dataset names nlb_tools writes (plus BLEND's forward-behaviour keys).</summary>
public static class NlbKeys
{
    // train_input.h5
    public const string TrainSpikesHeldin = "train_spikes_heldin";
    public const string TrainSpikesHeldout = "train_spikes_heldout";
    public const string TrainBehavior = "train_behavior";
    public const string TrainSpikesHeldinForward = "train_spikes_heldin_forward";
    public const string TrainSpikesHeldoutForward = "train_spikes_heldout_forward";
    /// <summary>BLEND's extra key: behaviour over the forward window, shifted by the lag.</summary>
    public const string TrainBehaviorForward = "train_behavior_forward";

    // eval_input.h5
    public const string EvalSpikesHeldin = "eval_spikes_heldin";
    public const string EvalSpikesHeldout = "eval_spikes_heldout";
    public const string EvalBehavior = "eval_behavior";
    public const string EvalBehaviorForward = "eval_behavior_forward";

    // eval_target.h5, inside one group per dataset
    public const string EvalSpikesHeldinForward = "eval_spikes_heldin_forward";
    public const string EvalSpikesHeldoutForward = "eval_spikes_heldout_forward";
    public const string TrainDecodeMask = "train_decode_mask";
    public const string EvalDecodeMask = "eval_decode_mask";
    public const string Psth = "psth";
    public const string EvalCondIdx = "eval_cond_idx";
    public const string TrainCondIdx = "train_cond_idx";
    public const string EvalJitter = "eval_jitter";
    public const string TrainJitter = "train_jitter";

    // submission.h5, inside one group per dataset
    public const string TrainRatesHeldin = "train_rates_heldin";
    public const string TrainRatesHeldout = "train_rates_heldout";
    public const string EvalRatesHeldin = "eval_rates_heldin";
    public const string EvalRatesHeldout = "eval_rates_heldout";
    public const string EvalRatesHeldinForward = "eval_rates_heldin_forward";
    public const string EvalRatesHeldoutForward = "eval_rates_heldout_forward";
}
