using Blend.Models;
namespace Blend.Training;

/// <summary>How the learning-rate schedule counts: per epoch (the reference) or per optimizer step.</summary>
public enum ScheduleUnit
{
    /// <summary>The learning rate is updated once per epoch (the reference); warmup and schedule length count epochs.</summary>
    Epoch,
    /// <summary>The learning rate is updated before every optimizer step; warmup and schedule length count steps.</summary>
    Step,
}

/// <summary>The learning-rate schedule: warmup then cosine decay (NDT, STNDT) or constant after the warmup (lfads-torch's MC_Maze setting).</summary>
public enum LrSchedule
{
    /// <summary>Linear warmup, then cosine decay to 0 at the end of training (<c>warmup_cosine</c>).</summary>
    WarmupCosine,
    /// <summary>Linear warmup, then the peak learning rate throughout (<c>constant</c>).</summary>
    Constant,
}

/// <summary>The validation mask: drawn once from <c>validation_seed</c> and reused (fixed), or new at every validation (fresh, the reference).</summary>
public enum ValidationMask
{
    /// <summary>One mask drawn from <c>validation_seed</c>, reused at every validation, so losses compare like with like.</summary>
    Fixed,
    /// <summary>A new mask at every validation (the reference).</summary>
    Fresh,
}

/// <summary>
/// Which trials select the model. Clean: a validation set carved from the training trials; the eval split is only
/// scored. Reference: the BLEND authors' protocol, which early-stops on the eval split that is later scored.
/// </summary>
public enum SelectionProtocol
{
    /// <summary>Select on validation trials carved from the training trials; the eval split is only scored.</summary>
    Clean,
    /// <summary>Select and early-stop on the eval split that is later scored (the BLEND authors' protocol; leaks).</summary>
    Reference,
}

/// <summary>
/// The <c>training:</c> section of a config. Defaults are the reference's effective MC_Maze values. "Epoch" is one
/// pass over the training trials (the reference's "update").
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>SEED: model initialisation, masks, dropout and shuffling.</summary>
    public int Seed { get; init; } = 100;

    /// <summary>NUM_UPDATES: epochs to train at most, and the length of the cosine schedule.</summary>
    public int Epochs { get; init; } = 50501;

    /// <summary>BATCH_SIZE: trials per optimizer step.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>LR.INIT: peak learning rate.</summary>
    public double Lr { get; init; } = 1e-3;

    /// <summary>LR.WARMUP: linear warmup length, in <see cref="ScheduleUnit"/>s.</summary>
    public int Warmup { get; init; } = 5000;

    /// <summary>Whether <see cref="Warmup"/> and the cosine schedule count epochs (the reference) or optimizer steps.</summary>
    public ScheduleUnit ScheduleUnit { get; init; } = ScheduleUnit.Epoch;

    /// <summary>Warmup then cosine decay to 0 by the end of training (<see cref="Epochs"/>), or constant after the warmup.</summary>
    public LrSchedule LrSchedule { get; init; } = LrSchedule.WarmupCosine;

    /// <summary>WEIGHT_DECAY: decoupled weight decay applied to every parameter (<see cref="ReferenceAdamW"/>).</summary>
    public double WeightDecay { get; init; } = 5e-5;

    /// <summary>Adam's ε, added to √v.</summary>
    public double AdamEps { get; init; } = 1e-6;

    /// <summary>Adam's β1 (first-moment decay).</summary>
    public double AdamBeta1 { get; init; } = 0.9;

    /// <summary>Adam's β2 (second-moment decay).</summary>
    public double AdamBeta2 { get; init; } = 0.999;

    /// <summary>MAX_GRAD_NORM: global gradient-norm clip (0: off).</summary>
    public double MaxGradNorm { get; init; } = 200;

    /// <summary>VAL_INTERVAL: epochs between validations (and checkpoints).</summary>
    public int ValInterval { get; init; } = 20;

    /// <summary>PATIENCE: stop when this many epochs have passed since the best validation loss.</summary>
    public int Patience { get; init; } = 3000;

    /// <summary>MASK_MODE: timestep (BLEND's NDT) or full (STNDT: every held-in entry masked independently).</summary>
    public MaskMode MaskMode { get; init; } = MaskMode.Timestep;

    /// <summary>MASK_RATIO: fraction of time steps (entries, in full mode) masked.</summary>
    public double MaskRatio { get; init; } = 0.25;

    /// <summary>MASK_TOKEN_RATIO: fraction of masked entries whose input is zeroed.</summary>
    public double MaskTokenRatio { get; init; } = 1.0;

    /// <summary>MASK_RANDOM_RATIO: of the masked entries not zeroed, the fraction given a random count in [0, max(batch)).</summary>
    public double MaskRandomRatio { get; init; } = 0.5;

    /// <summary>MASK_MAX_SPAN: widest masked span, in bins; 1 turns span masking off.</summary>
    public int MaskMaxSpan { get; init; } = 1;

    /// <summary>MASK_SPAN_RAMP_START: epoch at which the chance of span masking starts rising from 0.</summary>
    public int MaskSpanRampStart { get; init; } = 8000;

    /// <summary>MASK_SPAN_RAMP_END: epoch at which the chance of span masking reaches 1.</summary>
    public int MaskSpanRampEnd { get; init; } = 12000;

    /// <summary>Which trials select the model: validation trials carved from the training trials (clean) or the eval split (reference).</summary>
    public SelectionProtocol Protocol { get; init; } = SelectionProtocol.Clean;

    /// <summary>Fraction of training trials held out for validation when the dataset does not list validation trials.</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>Seeds the validation split and the fixed validation mask (separate from <see cref="Seed"/>, so runs with different seeds are compared on the same trials and mask).</summary>
    public int ValidationSeed { get; init; }

    /// <summary>Whether validation reuses one mask drawn from <see cref="ValidationSeed"/> or draws a new one each time.</summary>
    public ValidationMask ValidationMask { get; init; } = ValidationMask.Fixed;

    /// <summary>Torch CPU threads (0: libtorch's default).</summary>
    public int Threads { get; init; }

    /// <summary>
    /// Forward passes for the submitted rates. 1: one pass on the unmasked input (the reference). K &gt; 1: K passes that
    /// each hide every K-th main bin of the held-in input, so each held-in rate is predicted the way the masked loss
    /// trained it (see <see cref="RatePrediction"/>).
    /// </summary>
    public int InferencePasses { get; init; } = 1;

    /// <summary>The mask settings above as the <see cref="Masker"/> takes them.</summary>
    public MaskingOptions Masking => new()
    {
        Mode = MaskMode,
        Ratio = MaskRatio,
        TokenRatio = MaskTokenRatio,
        RandomRatio = MaskRandomRatio,
        MaxSpan = MaskMaxSpan,
        RampStart = MaskSpanRampStart,
        RampEnd = MaskSpanRampEnd,
    };
}
