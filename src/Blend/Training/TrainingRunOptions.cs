namespace Blend.Training;

/// <summary>Where and how long one <see cref="Trainer.Run"/> call trains.</summary>
public sealed record TrainingRunOptions
{
    /// <summary>Folder for <c>best.pt</c> and <c>last.pt</c> (null: no checkpoints, no resume).</summary>
    public string? CheckpointFolder { get; init; }

    /// <summary>JSON-lines file with one <see cref="ValidationRecord"/> per validation (null: none).</summary>
    public string? MetricsFile { get; init; }

    /// <summary>Continue from <c>last.pt</c> in <see cref="CheckpointFolder"/>.</summary>
    public bool Resume { get; init; }

    /// <summary>Stop once this many epochs (in total, across resumes) are done; the schedule still spans <c>training.epochs</c>.</summary>
    public int? MaxEpochs { get; init; }

    /// <summary>Told of each completed epoch and validation (e.g. a progress bar, TensorBoard); null: none.</summary>
    public ITrainingObserver? Observer { get; init; }

    /// <summary>
    /// When to stop (UTC), checked before every epoch: the run then writes <c>last.pt</c> and returns
    /// <see cref="StopReason.TimeLimit"/>, its best checkpoint so far being its result. Null: no time limit.
    /// </summary>
    public DateTime? Deadline { get; init; }

    /// <summary>Checked after every epoch; on cancellation <c>last.pt</c> is written and the run returns <see cref="StopReason.Cancelled"/>.</summary>
    public CancellationToken Cancellation { get; init; }
}
