using Blend.Data;
using Blend.Models;

namespace Blend.Training;

/// <summary>The Neural Data Transformer (Ye &amp; Pandarinath 2021), BLEND's base model: the <c>model:</c> keys are its own.</summary>
public sealed class NdtFamily : ModelFamily
{
    /// <inheritdoc/>
    public override string Name => "ndt";

    /// <inheritdoc/>
    public override string Description => "Neural Data Transformer (Ye & Pandarinath 2021): masked modeling of binned spikes with a transformer encoder";

    /// <inheritdoc/>
    public override string DemoConfig => "blend-demo.yaml";

    /// <inheritdoc/>
    public override NeuralDynamicsModel Create(TrainingConfig config, TrialLayout layout, int behaviorDims) =>
        new NdtModel(config.Model, layout.Neurons, layout.Bins, behaviorDims);
}
