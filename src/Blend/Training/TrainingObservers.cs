namespace Blend.Training;

/// <summary>Forwards the trainer's progress to several observers in order (a progress bar and TensorBoard).</summary>
public sealed class TrainingObservers(params ITrainingObserver[] observers) : ITrainingObserver
{
    public void EpochCompleted(int epoch, int totalEpochs)
    {
        foreach (var o in observers) o.EpochCompleted(epoch, totalEpochs);
    }

    public void Validated(ValidationRecord record)
    {
        foreach (var o in observers) o.Validated(record);
    }
}
