using Blend.Training;
using static TorchSharp.torch;

namespace Blend.Models;

/// <summary>STNDT (placeholder until the model lands).</summary>
public sealed class StndtModel : NeuralDynamicsModel
{
    public StndtModel(NdtOptions transformer, StndtOptions options, TrialLayout layout, int behaviorDims = 0) : base("STNDT") =>
        throw new BlendInputException("model.architecture = stndt is not available yet");
    public override int Neurons => 0;
    public override int BehaviorDims => 0;
    public override int FeatureWidth => 0;
    public override int FeatureLayers => 0;
    public override ModelOutput Forward(Tensor neural, Tensor? behavior = null) => throw new NotSupportedException();
}
