using Blend.Data;
using Blend.Models;

namespace Blend.Training;

/// <summary>A small temporal-convolution model with the same contract: fast, for tests and quick checks.</summary>
public sealed class ConvFamily : ModelFamily
{
    /// <inheritdoc/>
    public override string Name => "conv";

    /// <inheritdoc/>
    public override string Description => "a small temporal-convolution stand-in (model: layers, hidden_size, dropouts, context), for tests and quick checks";

    /// <inheritdoc/>
    public override NeuralDynamicsModel Create(TrainingConfig config, TrialLayout layout, int behaviorDims) =>
        new TemporalConvModel(config.Model, layout.Neurons, layout.Bins, behaviorDims);
}
