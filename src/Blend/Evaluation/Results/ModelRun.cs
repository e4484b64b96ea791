namespace Blend.Evaluation.Results;

/// <summary>One trained model of one replicate: its training run and its NLB scores on the eval split.</summary>
public sealed record ModelRun
{
    public required string Model { get; init; }
    public required ModelRole Role { get; init; }
    /// <summary>Replicate index k (0-based) and the training seed it used (<c>training.seed</c> + k).</summary>
    public required int Replicate { get; init; }
    public required int Seed { get; init; }
    /// <summary>The run folder, relative to the experiment folder.</summary>
    public required string Folder { get; init; }
    public required int Epochs { get; init; }
    public required int BestEpoch { get; init; }
    public required double BestValLoss { get; init; }
    public required string StopReason { get; init; }
    public required double Seconds { get; init; }
    /// <summary>NLB metrics (co-bps, vel R2, psth R2, fp-bps, as present), in nlb_tools' order.</summary>
    public required IReadOnlyDictionary<string, double> Metrics { get; init; }
    /// <summary>
    /// co-bps and vel R² on the validation trials carved from the training trials (<see cref="Blend.Evaluation.ValidationScores"/>),
    /// what Distill-Best chooses by; null under the reference protocol (no such trials).
    /// </summary>
    public IReadOnlyDictionary<string, double>? ValidationMetrics { get; init; }
}
