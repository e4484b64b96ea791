using Blend.Evaluation.Results;
using Blend.Experiments;
using Blend.Models;
using Blend.Training;

namespace Blend.Cli;

/// <summary>
/// An experiment observer that several threads may call at once (one per worker process): every call, and every call
/// to the training observers it hands out, runs under one lock, so the observer behind it sees one call at a time.
/// </summary>
internal sealed class SynchronizedObserver(IExperimentObserver inner) : IExperimentObserver
{
    private readonly Lock _lock = new();

    public ITrainingObserver? Starting(ExperimentStep step)
    {
        lock (_lock) return inner.Starting(step) is { } training ? new Training(training, _lock) : null;
    }

    public void Finished(ExperimentStep step, ModelRun run)
    {
        lock (_lock) inner.Finished(step, run);
    }

    public void TeacherUsed(ExperimentStep step, NeuralDynamicsModel teacher)
    {
        lock (_lock) inner.TeacherUsed(step, teacher);
    }

    public void Note(string message)
    {
        lock (_lock) inner.Note(message);
    }

    private sealed class Training(ITrainingObserver inner, Lock gate) : ITrainingObserver
    {
        public void EpochCompleted(int epoch, int totalEpochs)
        {
            lock (gate) inner.EpochCompleted(epoch, totalEpochs);
        }

        public void Validated(ValidationRecord record)
        {
            lock (gate) inner.Validated(record);
        }
    }
}
