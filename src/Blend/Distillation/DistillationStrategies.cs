using Blend.Distillation;

namespace Blend.Distillation;

/// <summary>Builds one distillation term for a student distilled from a frozen teacher, of any family or task.</summary>
public delegate IDistillationStrategy StrategyConstructor(DistillationPair pair, DistillationOptions options);

/// <summary>
/// The distillation strategies <c>--strategies</c> and <c>distillation.strategies</c> name, by name. Adding a strategy is
/// one <see cref="IDistillationStrategy"/> and one entry here — or, from code that embeds Blend, a <see cref="Register"/>
/// call (a plug-in, as CEBRA registers its models), which every command and both tasks (population dynamics and
/// identity) then accept.
/// </summary>
public static class DistillationStrategies
{
    private static readonly object Gate = new();

    private static readonly List<(string Name, StrategyConstructor Constructor)> Entries =
    [
        ("hard", (_, _) => new HardDistillation()),
        // Soft targets (Hinton et al. 2015): a temperature softens Poisson log-rates; continuous predictions (NeuPRINT's
        // calcium reconstructions) are matched directly at the masked entries, where a softmax over neurons means nothing.
        ("soft", (pair, o) => pair.Observations == ObservationKind.Counts
            ? new SoftDistillation(o.Temperature, o.SoftScaling)
            : new MaskedPredictionDistillation()),
        ("correlation", (_, _) => new CorrelationDistillation()),
        ("feature", (pair, o) => new FeatureDistillation(pair.StudentFeatureWidth, pair.TeacherFeatureWidth, FeatureLayers(pair), o.FeatureWeight)),
        ("poisson", (_, _) => new PoissonDistillation()),
    ];

    /// <summary>Every registered name, built-ins first.</summary>
    public static IReadOnlyList<string> Names
    {
        get
        {
            lock (Gate) return [.. Entries.Select(e => e.Name)];
        }
    }

    /// <summary>Whether a strategy is registered under <paramref name="name"/> (a built-in or one added with <see cref="Register"/>); names are case-sensitive.</summary>
    public static bool Has(string name) => Names.Contains(name);

    /// <summary>A fresh term <paramref name="name"/> for the student of <paramref name="pair"/> distilled from its teacher.</summary>
    public static IDistillationStrategy Create(string name, DistillationPair pair, DistillationOptions options)
    {
        StrategyConstructor? constructor;
        lock (Gate) constructor = Entries.FirstOrDefault(e => e.Name == name).Constructor;
        return constructor is null
            ? throw new BlendInputException($"unknown distillation strategy '{name}' (known: {string.Join(", ", Names)})")
            : constructor(pair, options);
    }

    /// <summary>Adds a strategy under <paramref name="name"/> until the returned handle is disposed.</summary>
    public static IDisposable Register(string name, StrategyConstructor constructor)
    {
        ArgumentNullException.ThrowIfNull(constructor);
        if (string.IsNullOrWhiteSpace(name) || name.Any(c => c is ',' or '+' or '*' || char.IsWhiteSpace(c)))
            throw new ArgumentException($"a strategy name cannot be empty or contain ',', '+', '*' or spaces: '{name}'", nameof(name));
        lock (Gate)
        {
            if (Entries.Any(e => e.Name == name)) throw new ArgumentException($"distillation strategy '{name}' is registered already", nameof(name));
            Entries.Add((name, constructor));
        }
        return new RegistrationHandle(() =>
        {
            lock (Gate) Entries.RemoveAll(e => e.Name == name);
        });
    }

    private static int FeatureLayers(DistillationPair pair) =>
        pair.StudentFeatureLayers == pair.TeacherFeatureLayers
            ? pair.StudentFeatureLayers
            : throw new BlendInputException(
                $"feature distillation: the student has {pair.StudentFeatureLayers} feature layers, the teacher {pair.TeacherFeatureLayers}");
}
