using Blend.Models;
using static TorchSharp.torch;

namespace Blend.Training;

/// <summary>
/// The inference loop shared by <see cref="RatePrediction"/> and <see cref="LatentPrediction"/>: the model in eval mode
/// without gradients, the trials in batches, each batch in its own dispose scope (so only what the caller copies out
/// survives it), and the model's training mode restored afterwards.
/// </summary>
public static class InferenceBatches
{
    /// <summary>
    /// Calls <paramref name="step"/> with (first trial, trial count, the batch's spikes, its behavior or null) for every
    /// batch of <paramref name="spikes"/> (B × (T + F) × N) and <paramref name="behavior"/>.
    /// </summary>
    public static void ForEach(NeuralDynamicsModel model, Tensor spikes, Tensor? behavior, int batchSize,
        Action<int, int, Tensor, Tensor?> step)
    {
        if (model.BehaviorDims > 0 && behavior is null)
            throw new ArgumentException("the model takes behavior input, and these trials have none", nameof(behavior));
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), $"need a batch of ≥ 1 trial, got {batchSize}");
        int trials = (int)spikes.shape[0];
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            for (int start = 0; start < trials; start += batchSize)
            {
                using var scope = NewDisposeScope();
                int count = Math.Min(batchSize, trials - start);
                step(start, count, spikes.narrow(0, start, count), model.BehaviorDims > 0 ? behavior!.narrow(0, start, count) : null);
            }
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
