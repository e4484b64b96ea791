using Blend.Models;

namespace Blend.Training;

/// <summary>Builds a model from its options and the data's shape: neurons (held-in + held-out), bins (main + forward), behavior channels (0: student).</summary>
public delegate NeuralDynamicsModel ModelConstructor(NdtOptions options, int neurons, int bins, int behaviorDims);

/// <summary>
/// The models <c>blend train</c> can build, by <c>model.architecture</c>. Construction is seeded, so the same
/// <c>training.seed</c> gives the same initial weights.
/// </summary>
public static class ModelFactory
{
    public const string DefaultArchitecture = "ndt";

    private static readonly Dictionary<string, ModelConstructor> Constructors = new(StringComparer.Ordinal)
    {
        // The Neural Data Transformer (the reference's base model).
        ["ndt"] = (options, neurons, bins, behaviorDims) => new NdtModel(options, neurons, bins, behaviorDims),
        // A small temporal-convolution model with the same contract: fast, for tests and quick checks.
        ["conv"] = (options, neurons, bins, behaviorDims) => new TemporalConvModel(options, neurons, bins, behaviorDims),
    };

    public static IReadOnlyCollection<string> Architectures => Constructors.Keys;

    /// <summary>
    /// Seeds torch's default generator with <paramref name="seed"/>, then builds the model: a student
    /// (<paramref name="withBehavior"/> false) or a teacher that also takes the layout's behavior channels.
    /// </summary>
    public static NeuralDynamicsModel Create(string architecture, NdtOptions options, TrialLayout layout, int seed, bool withBehavior = false)
    {
        if (!Constructors.TryGetValue(architecture, out var constructor))
            throw new BlendInputException($"model.architecture = {architecture} is not known (known: {string.Join(", ", Architectures)})");
        if (withBehavior && layout.BehaviorDims == 0)
            throw new BlendInputException("a model with behavior input needs a dataset with behavior (train_behavior)");
        TorchSharp.torch.random.manual_seed(seed);
        return constructor(options, layout.Neurons, layout.Bins, withBehavior ? layout.BehaviorDims : 0);
    }
}
