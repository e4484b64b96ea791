using Blend.Models;
using Blend.Data;

namespace Blend.Training;

/// <summary>Builds a model from a config's model sections and the data's layout; <paramref name="behaviorDims"/> &gt; 0 builds a teacher.</summary>
public delegate NeuralDynamicsModel ModelConstructor(TrainingConfig config, TrialLayout layout, int behaviorDims);

/// <summary>
/// The models <c>blend train</c> and <c>blend run</c> can build, by <c>model.architecture</c>. Construction draws
/// the initial weights from libtorch's global generator (<see cref="TorchGlobalState.Seeded"/> makes them reproducible). Adding a model family means one entry here — or,
/// from code that embeds Blend, a <see cref="Register"/> call (a plug-in family that reads the <c>model:</c> options).
/// </summary>
public static class ModelFactory
{
    public const string DefaultArchitecture = "ndt";

    private static readonly object Gate = new();

    private static readonly Dictionary<string, ModelConstructor> Constructors = new(StringComparer.Ordinal)
    {
        // The Neural Data Transformer (the reference's base model).
        ["ndt"] = (config, layout, behaviorDims) => new NdtModel(config.Model, layout.Neurons, layout.Bins, behaviorDims),
        // STNDT: NDT plus spatial (neuron × neuron) attention in every layer and a contrastive term.
        ["stndt"] = (config, layout, behaviorDims) => new StndtModel(config.Model, config.Stndt, layout, behaviorDims),
        // LFADS, the sequential VAE of lfads-torch.
        ["lfads"] = (config, layout, behaviorDims) => new LfadsModel(config.Lfads, config.Model, layout, behaviorDims),
        // A small temporal-convolution model with the same contract: fast, for tests and quick checks.
        ["conv"] = (config, layout, behaviorDims) => new TemporalConvModel(config.Model, layout.Neurons, layout.Bins, behaviorDims),
    };

    public static IReadOnlyCollection<string> Architectures
    {
        get
        {
            lock (Gate) return [.. Constructors.Keys];
        }
    }

    /// <summary>Adds a model family under <paramref name="architecture"/> until the returned handle is disposed.</summary>
    public static IDisposable Register(string architecture, ModelConstructor constructor)
    {
        ArgumentNullException.ThrowIfNull(constructor);
        if (string.IsNullOrWhiteSpace(architecture) || architecture.Any(c => c == ',' || char.IsWhiteSpace(c)))
            throw new ArgumentException($"an architecture name cannot be empty or contain ',' or spaces: '{architecture}'", nameof(architecture));
        lock (Gate)
        {
            if (!Constructors.TryAdd(architecture, constructor))
                throw new ArgumentException($"model.architecture '{architecture}' is registered already", nameof(architecture));
        }
        return new RegistrationHandle(() =>
        {
            lock (Gate) Constructors.Remove(architecture);
        });
    }

    /// <summary>
    /// Builds <c>config.Architecture</c>: a student (<paramref name="withBehavior"/> false) or a teacher that also takes the
    /// layout's behavior channels. Its initial weights come from libtorch's global generator: wrap the call in
    /// <see cref="TorchGlobalState.Seeded"/> for reproducible ones (the recipe does), or load weights into it.
    /// </summary>
    public static NeuralDynamicsModel Create(TrainingConfig config, TrialLayout layout, bool withBehavior = false)
    {
        ModelConstructor? constructor;
        lock (Gate) Constructors.TryGetValue(config.Architecture, out constructor);
        if (constructor is null)
            throw new BlendInputException($"model.architecture = {config.Architecture} is not known (known: {string.Join(", ", Architectures)})");
        if (withBehavior && layout.BehaviorDims == 0)
            throw new BlendInputException("a model with behavior input needs a dataset with behavior (train_behavior)");
        return constructor(config, layout, withBehavior ? layout.BehaviorDims : 0);
    }

    /// <summary><see cref="Create(TrainingConfig, TrialLayout, bool)"/> for a transformer-family model given only its <c>model:</c> options.</summary>
    public static NeuralDynamicsModel Create(string architecture, NdtOptions options, TrialLayout layout, bool withBehavior = false) =>
        Create(new TrainingConfig { Architecture = architecture, Model = options }, layout, withBehavior);
}
