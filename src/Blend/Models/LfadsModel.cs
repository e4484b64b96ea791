using Blend.Training;
using static TorchSharp.torch;

namespace Blend.Models;

/// <summary>LFADS (placeholder until the model lands).</summary>
public sealed class LfadsModel : NeuralDynamicsModel
{
    public LfadsModel(LfadsOptions options, NdtOptions shared, TrialLayout layout, int behaviorDims = 0) : base("LFADS") =>
        throw new BlendInputException("model.architecture = lfads is not available yet");
    public override int Neurons => 0;
    public override int BehaviorDims => 0;
    public override int FeatureWidth => 0;
    public override int FeatureLayers => 0;
    public override ModelOutput Forward(Tensor neural, Tensor? behavior = null) => throw new NotSupportedException();
}
