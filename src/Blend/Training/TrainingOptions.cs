using Blend.Models;
namespace Blend.Training;

/// <summary>How the learning-rate schedule counts: per epoch (the reference) or per optimizer step.</summary>
public enum ScheduleUnit { Epoch, Step }

/// <summary>The learning-rate schedule: warmup then cosine decay (NDT, STNDT) or constant after the warmup (lfads-torch's MC_Maze setting).</summary>
public enum LrSchedule { WarmupCosine, Constant }

/// <summary>The validation mask: drawn once from <c>validation_seed</c> and reused (fixed), or new at every validation (fresh, the reference).</summary>
public enum ValidationMask { Fixed, Fresh }

/// <summary>
/// Which trials select the model. Clean: a validation set carved from the training trials; the eval split is only
/// scored. Reference: the BLEND authors' protocol, which early-stops on the eval split that is later scored.
/// </summary>
public enum SelectionProtocol { Clean, Reference }

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

    public int BatchSize { get; init; } = 64;

    /// <summary>LR.INIT: peak learning rate.</summary>
    public double Lr { get; init; } = 1e-3;

    /// <summary>LR.WARMUP: linear warmup length, in <see cref="ScheduleUnit"/>s.</summary>
    public int Warmup { get; init; } = 5000;

    public ScheduleUnit ScheduleUnit { get; init; } = ScheduleUnit.Epoch;

    public LrSchedule LrSchedule { get; init; } = LrSchedule.WarmupCosine;

    public double WeightDecay { get; init; } = 5e-5;

    public double AdamEps { get; init; } = 1e-6;

    public double AdamBeta1 { get; init; } = 0.9;

    public double AdamBeta2 { get; init; } = 0.999;

    /// <summary>MAX_GRAD_NORM: global gradient-norm clip (0: off).</summary>
    public double MaxGradNorm { get; init; } = 200;

    /// <summary>VAL_INTERVAL: epochs between validations (and checkpoints).</summary>
    public int ValInterval { get; init; } = 20;

    /// <summary>PATIENCE: stop when this many epochs have passed since the best validation loss.</summary>
    public int Patience { get; init; } = 3000;

    /// <summary>MASK_MODE: timestep (BLEND's NDT) or full (STNDT: every held-in entry masked independently).</summary>
    public MaskMode MaskMode { get; init; } = MaskMode.Timestep;

    public double MaskRatio { get; init; } = 0.25;

    public double MaskTokenRatio { get; init; } = 1.0;

    public double MaskRandomRatio { get; init; } = 0.5;

    public int MaskMaxSpan { get; init; } = 1;

    public int MaskSpanRampStart { get; init; } = 8000;

    public int MaskSpanRampEnd { get; init; } = 12000;

    public SelectionProtocol Protocol { get; init; } = SelectionProtocol.Clean;

    /// <summary>Fraction of training trials held out for validation when the dataset does not list validation trials.</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>Seeds the validation split and the fixed validation mask (separate from <see cref="Seed"/>, so runs with different seeds are compared on the same trials and mask).</summary>
    public int ValidationSeed { get; init; }

    public ValidationMask ValidationMask { get; init; } = ValidationMask.Fixed;

    /// <summary>Torch CPU threads (0: libtorch's default).</summary>
    public int Threads { get; init; }

    /// <summary>
    /// Forward passes for the submitted rates. 1: one pass on the unmasked input (the reference). K &gt; 1: K passes that
    /// each hide every K-th main bin of the held-in input, so each held-in rate is predicted the way the masked loss
    /// trained it (see <see cref="RatePrediction"/>).
    /// </summary>
    public int InferencePasses { get; init; } = 1;

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
