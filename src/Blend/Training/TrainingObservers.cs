namespace Blend.Training;

/// <summary>Forwards the trainer's progress to several observers in order (a progress bar and TensorBoard).</summary>
public sealed class TrainingObservers(params ITrainingObserver[] observers) : ITrainingObserver
{
    /// <summary>Passes the epoch count on to every observer, in order.</summary>
    public void EpochCompleted(int epoch, int totalEpochs)
    {
        foreach (var o in observers) o.EpochCompleted(epoch, totalEpochs);
    }

    /// <summary>Passes the validation record on to every observer, in order.</summary>
    public void Validated(ValidationRecord record)
    {
        foreach (var o in observers) o.Validated(record);
    }
}
