using Blend.Models;
using static TorchSharp.torch;

namespace Blend.Training;

/// <summary>The reference's objective: masked Poisson NLL of the model's log-rates (behavior is passed only to models that take it).</summary>
public sealed class MaskedModelingObjective : ITrainingObjective
{
    public Tensor Loss(NeuralDynamicsModel model, MaskedBatch batch)
    {
        using var scope = NewDisposeScope();
        var output = model.Forward(batch.Input, model.BehaviorDims > 0 ? batch.Behavior : null);
        return MaskedPoissonLoss.Mean(output.LogRates, batch.Labels).MoveToOuterDisposeScope();
    }
}
