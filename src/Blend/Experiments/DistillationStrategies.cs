using Blend.Distillation;
using Blend.Models;

namespace Blend.Experiments;

/// <summary>Builds one distillation term for a student of some family distilled from a frozen teacher.</summary>
public delegate IDistillationStrategy StrategyConstructor(NeuralDynamicsModel student, NeuralDynamicsModel teacher, DistillationOptions options);

/// <summary>
/// The distillation strategies <c>--strategies</c> and <c>distillation.strategies</c> name, by name. Adding a strategy is
/// one <see cref="IDistillationStrategy"/> and one entry here — or, from code that embeds Blend, a <see cref="Register"/>
/// call (a plug-in, as CEBRA registers its models), which every command then accepts.
/// </summary>
public static class DistillationStrategies
{
    private static readonly object Gate = new();

    private static readonly List<(string Name, StrategyConstructor Constructor)> Entries =
    [
        ("hard", (_, _, _) => new HardDistillation()),
        ("soft", (_, _, o) => new SoftDistillation(o.Temperature, o.SoftScaling)),
        ("correlation", (_, _, _) => new CorrelationDistillation()),
        ("feature", (student, teacher, o) => new FeatureDistillation(student.FeatureWidth, teacher.FeatureWidth, FeatureLayers(student, teacher), o.FeatureWeight)),
        ("poisson", (_, _, _) => new PoissonDistillation()),
    ];

    /// <summary>Every registered name, built-ins first.</summary>
    public static IReadOnlyList<string> Names
    {
        get
        {
            lock (Gate) return [.. Entries.Select(e => e.Name)];
        }
    }

    public static bool Has(string name) => Names.Contains(name);

    /// <summary>A fresh term <paramref name="name"/> for <paramref name="student"/> distilled from <paramref name="teacher"/>.</summary>
    public static IDistillationStrategy Create(string name, NeuralDynamicsModel student, NeuralDynamicsModel teacher, DistillationOptions options)
    {
        StrategyConstructor? constructor;
        lock (Gate) constructor = Entries.FirstOrDefault(e => e.Name == name).Constructor;
        return constructor is null
            ? throw new BlendInputException($"unknown distillation strategy '{name}' (known: {string.Join(", ", Names)})")
            : constructor(student, teacher, options);
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

    private static int FeatureLayers(NeuralDynamicsModel student, NeuralDynamicsModel teacher) =>
        student.FeatureLayers == teacher.FeatureLayers
            ? student.FeatureLayers
            : throw new BlendInputException(
                $"feature distillation: the student has {student.FeatureLayers} feature layers, the teacher {teacher.FeatureLayers}");
}
