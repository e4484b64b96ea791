using Blend.Models;
using static TorchSharp.torch;

namespace Blend.Training;

/// <summary>
/// What the trainer minimises for one masked training batch. The default is <see cref="MaskedModelingObjective"/>;
/// distillation is another objective (e.g. α·MLM + (1 − α)·distance to a frozen teacher's log-rates). Validation and
/// model selection always use the masked Poisson loss of the trained model itself, whatever the objective.
/// </summary>
public interface ITrainingObjective
{
    /// <summary>A 0-d loss tensor with gradient for <paramref name="model"/> (in training mode) on <paramref name="batch"/>.</summary>
    Tensor Loss(NeuralDynamicsModel model, MaskedBatch batch);

    /// <summary>
    /// Parameters the objective learns together with the model (e.g. feature-distillation projectors): optimised,
    /// clipped and checkpointed with it.
    /// </summary>
    IEnumerable<(string Name, TorchSharp.Modules.Parameter Parameter)> Parameters => [];

    /// <summary>Whether <see cref="Loss"/> reads <see cref="MaskedBatch.Unmasked"/>; the trainer builds it only then.</summary>
    bool ReadsUnmaskedInput => false;
}
