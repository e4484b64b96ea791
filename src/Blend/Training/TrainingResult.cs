namespace Blend.Training;

/// <summary>How a <see cref="Trainer.Run"/> ended: epochs and steps done, the best validation loss and its epoch (NaN / −1 before any validation), the validations so far.</summary>
public sealed record TrainingResult(
    StopReason Reason, int Epoch, long Step, double BestValLoss, int BestEpoch, IReadOnlyList<ValidationRecord> History)
{
    /// <summary>Whether training is over (more epochs would not run on resume).</summary>
    public bool Finished => Reason is StopReason.EpochsReached or StopReason.EarlyStopped;
}
