using Blend.Models;
using Blend.Data;

namespace Blend.Training;

/// <summary>Builds a model from a config's model sections and the data's layout; <paramref name="behaviorDims"/> &gt; 0 builds a teacher.</summary>
public delegate NeuralDynamicsModel ModelConstructor(TrainingConfig config, TrialLayout layout, int behaviorDims);

/// <summary>
/// The model families <c>blend train</c>, <c>blend run</c> and the rest can build, by <c>model.architecture</c>: one
/// <see cref="ModelFamily"/> descriptor each (its config section, objective, demo config, rules and constructor).
/// Construction draws the initial weights from libtorch's global generator (<see cref="TorchGlobalState.Seeded"/> makes
/// them reproducible). Adding a built-in family means one descriptor and one entry here; code that embeds Blend calls
/// <see cref="Register(ModelFamily)"/> (a plug-in, which every command then accepts, its config section included).
/// </summary>
public static class ModelFactory
{
    /// <summary>The family built when a config names none: NDT.</summary>
    public const string DefaultArchitecture = "ndt";

    private static readonly object Gate = new();

    private static readonly List<ModelFamily> Registered = [new NdtFamily(), new StndtFamily(), new LfadsFamily(), new ConvFamily()];

    /// <summary>Every registered family name (built-ins first, then plug-ins).</summary>
    public static IReadOnlyCollection<string> Architectures => [.. Families.Select(f => f.Name)];

    /// <summary>Every registered family (built-ins first, then plug-ins).</summary>
    public static IReadOnlyList<ModelFamily> Families
    {
        get
        {
            lock (Gate) return [.. Registered];
        }
    }

    /// <summary>The family named <paramref name="architecture"/>, or null.</summary>
    public static ModelFamily? Family(string architecture) => Families.FirstOrDefault(f => f.Name == architecture);

    /// <summary>Adds <paramref name="family"/> until the returned handle is disposed; its config section joins every config.</summary>
    public static IDisposable Register(ModelFamily family)
    {
        ArgumentNullException.ThrowIfNull(family);
        string name = family.Name;
        if (string.IsNullOrWhiteSpace(name) || name.Any(c => c == ',' || char.IsWhiteSpace(c)))
            throw new ArgumentException($"an architecture name cannot be empty or contain ',' or spaces: '{name}'", nameof(family));
        lock (Gate)
        {
            if (Registered.Any(f => f.Name == name))
                throw new ArgumentException($"model.architecture '{name}' is registered already", nameof(family));
            if (family.Section is { } section && (section.Name is "model" or "training" || Registered.Any(f => f.Section?.Name == section.Name)))
                throw new ArgumentException($"config section '{section.Name}' is taken already", nameof(family));
            Registered.Add(family);
        }
        return new RegistrationHandle(() =>
        {
            lock (Gate) Registered.Remove(family);
        });
    }

    /// <summary>Adds a family that reads only the shared <c>model:</c> keys, built by <paramref name="constructor"/>.</summary>
    public static IDisposable Register(string architecture, ModelConstructor constructor)
    {
        ArgumentNullException.ThrowIfNull(constructor);
        return Register(new DelegateFamily(architecture, constructor));
    }

    /// <summary>
    /// Builds <c>config.Architecture</c>: a student (<paramref name="withBehavior"/> false) or a teacher that also takes the
    /// layout's behavior channels. Its initial weights come from libtorch's global generator: wrap the call in
    /// <see cref="TorchGlobalState.Seeded"/> for reproducible ones (the recipe does), or load weights into it.
    /// </summary>
    public static NeuralDynamicsModel Create(TrainingConfig config, TrialLayout layout, bool withBehavior = false)
    {
        var family = Family(config.Architecture)
                     ?? throw new BlendInputException($"model.architecture = {config.Architecture} is not known (known: {string.Join(", ", Architectures)})");
        if (withBehavior && layout.BehaviorDims == 0)
            throw new BlendInputException("a model with behavior input needs a dataset with behavior (train_behavior)");
        return family.Create(config, layout, withBehavior ? layout.BehaviorDims : 0);
    }

    /// <summary><see cref="Create(TrainingConfig, TrialLayout, bool)"/> for a transformer-family model given only its <c>model:</c> options.</summary>
    public static NeuralDynamicsModel Create(string architecture, NdtOptions options, TrialLayout layout, bool withBehavior = false) =>
        Create(new TrainingConfig { Architecture = architecture, Model = options }, layout, withBehavior);

    /// <summary>A plug-in registered with a constructor only.</summary>
    private sealed class DelegateFamily(string name, ModelConstructor constructor) : ModelFamily
    {
        public override string Name => name;

        public override string Description => $"{name} (a registered plug-in family)";

        public override NeuralDynamicsModel Create(TrainingConfig config, TrialLayout layout, int behaviorDims) => constructor(config, layout, behaviorDims);
    }
}
