using Blend.Models;
using static TorchSharp.torch;

namespace Blend.Training;

/// <summary>
/// A model trained on its own: its <see cref="NeuralDynamicsModel.TrainingLoss"/> (for NDT the reference's masked
/// Poisson NLL; STNDT adds its contrastive term, LFADS is its ELBO).
/// </summary>
public sealed class MaskedModelingObjective : ITrainingObjective
{
    /// <summary>The model's own <see cref="NeuralDynamicsModel.TrainingLoss"/> on the batch (0-d, with gradient).</summary>
    public Tensor Loss(NeuralDynamicsModel model, MaskedBatch batch)
    {
        using var scope = NewDisposeScope();
        return model.TrainingLoss(batch).Loss.MoveToOuterDisposeScope();
    }
}
