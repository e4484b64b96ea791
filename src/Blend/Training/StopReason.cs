namespace Blend.Training;

/// <summary>Why <see cref="Trainer.Run"/> returned.</summary>
public enum StopReason
{
    /// <summary>All <c>training.epochs</c> epochs ran.</summary>
    EpochsReached,
    /// <summary>No improvement for more than <c>training.patience</c> epochs.</summary>
    EarlyStopped,
    /// <summary>The run's epoch cap (<c>--max-epochs</c>) was reached; <c>--resume</c> continues it.</summary>
    MaxEpochs,
    /// <summary>Cancelled (Ctrl-C); the last checkpoint is at the end of the last full epoch.</summary>
    Cancelled,
    /// <summary>The run's time budget (<c>--time-limit</c>) ran out; the best checkpoint so far is the result, <c>--resume</c> continues.</summary>
    TimeLimit,
}
