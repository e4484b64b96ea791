namespace Blend.Training;

/// <summary>Receives progress from <see cref="Trainer.Run"/> (progress bars, logs, TensorBoard). Calls come from the training thread.</summary>
public interface ITrainingObserver
{
    /// <summary>After each epoch; <paramref name="epoch"/> epochs of <paramref name="totalEpochs"/> are done.</summary>
    void EpochCompleted(int epoch, int totalEpochs) { }

    /// <summary>After each validation, once the checkpoints and the metrics line are written.</summary>
    void Validated(ValidationRecord record) { }
}
