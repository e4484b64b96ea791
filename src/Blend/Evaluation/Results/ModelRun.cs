namespace Blend.Evaluation.Results;

/// <summary>One trained model of one replicate: its training run and its NLB scores on the eval split.</summary>
public sealed record ModelRun
{
    /// <summary>The model's name (<c>baseline</c>, <c>teacher</c>, <c>student-soft</c>, …).</summary>
    public required string Model { get; init; }
    /// <summary>Baseline, teacher, student or reference.</summary>
    public required ModelRole Role { get; init; }
    /// <summary>Replicate index k (0-based) and the training seed it used (<c>training.seed</c> + k).</summary>
    public required int Replicate { get; init; }
    /// <summary>The training seed of the replicate (model initialisation, masks, dropout, shuffling).</summary>
    public required int Seed { get; init; }
    /// <summary>The run folder, relative to the experiment folder.</summary>
    public required string Folder { get; init; }
    /// <summary>Epochs trained (passes over the training trials); 0 for the fitted smoothing reference.</summary>
    public required int Epochs { get; init; }
    /// <summary>The epoch (counted from 1) with the lowest validation loss, whose weights were scored.</summary>
    public required int BestEpoch { get; init; }
    /// <summary>The masked validation loss at <see cref="BestEpoch"/>; NaN when never validated.</summary>
    public required double BestValLoss { get; init; }
    /// <summary>Why training stopped: <c>epochs_reached</c>, <c>early_stopped</c> or <c>max_epochs</c>; <c>fitted</c> for the smoothing reference.</summary>
    public required string StopReason { get; init; }
    /// <summary>Wall-clock seconds of training and scoring the run.</summary>
    public required double Seconds { get; init; }
    /// <summary>NLB metrics (co-bps, vel R2, psth R2, fp-bps, as present), in nlb_tools' order.</summary>
    public required IReadOnlyDictionary<string, double> Metrics { get; init; }
    /// <summary>
    /// co-bps and vel R² on the validation trials carved from the training trials (<see cref="Blend.Evaluation.ValidationScores"/>),
    /// what Distill-Best chooses by; null under the reference protocol (no such trials).
    /// </summary>
    public IReadOnlyDictionary<string, double>? ValidationMetrics { get; init; }
}
