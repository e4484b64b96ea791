using System.Reflection;

namespace Blend.Training;

/// <summary>
/// A model family's own config section (<c>stndt:</c>, <c>lfads:</c>, or a plug-in's): its name, what it configures, and
/// its keys — the public init properties of an options record, in snake_case, parsed strictly and checked against
/// per-key rules as they are set (as <c>model:</c> and <c>training:</c> are). <see cref="TrainingConfig"/> reads, checks
/// and writes the sections of every registered family; <see cref="TrainingConfig.FamilyOptions{TOptions}"/> returns one.
/// </summary>
public abstract class FamilySection
{
    private protected FamilySection()
    {
    }

    /// <summary>The section's name in YAML and <c>--set section.key=value</c>.</summary>
    public abstract string Name { get; }

    /// <summary>What the section configures, one sentence.</summary>
    public abstract string Documentation { get; }

    /// <summary>The section's keys in declaration order.</summary>
    public abstract IEnumerable<string> Keys { get; }

    internal abstract object Defaults();

    internal abstract object Copy(object options);

    internal abstract bool Has(string key);

    internal abstract void Set(object options, string key, string value, string origin);

    internal abstract IEnumerable<(string Key, string Value)> Values(object options);

    internal abstract void Check(object options, string origin);
}

/// <summary>A family section bound to the options record <typeparamref name="TOptions"/> (its defaults: <c>new TOptions()</c>).</summary>
public sealed class FamilySection<TOptions> : FamilySection where TOptions : class, new()
{
    private static readonly MethodInfo ShallowCopy = typeof(object).GetMethod(nameof(MemberwiseClone), BindingFlags.Instance | BindingFlags.NonPublic)!;
    private readonly ConfigSection<TOptions> _section;

    /// <param name="name">The section's name (lower case, no dots).</param>
    /// <param name="documentation">What it configures, one sentence.</param>
    /// <param name="rules">Range rules by key (<see cref="ConfigRules"/>); keys without one take any value of their type.</param>
    public FamilySection(string name, string documentation, IReadOnlyDictionary<string, Func<object, string?>>? rules = null)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Any(c => c == '.' || char.IsWhiteSpace(c)))
            throw new ArgumentException($"a config section name cannot be empty or contain '.' or spaces: '{name}'", nameof(name));
        Name = name;
        Documentation = documentation;
        _section = new ConfigSection<TOptions>(name, rules ?? new Dictionary<string, Func<object, string?>>());
    }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <inheritdoc/>
    public override string Documentation { get; }

    /// <inheritdoc/>
    public override IEnumerable<string> Keys => _section.Keys;

    internal override object Defaults() => new TOptions();

    // The options are records of plain values: a shallow copy is a private copy the builder may set keys on.
    internal override object Copy(object options) => ShallowCopy.Invoke(options, null)!;

    internal override bool Has(string key) => _section.Has(key);

    internal override void Set(object options, string key, string value, string origin) => _section.Set((TOptions)options, key, value, origin);

    internal override IEnumerable<(string Key, string Value)> Values(object options) => _section.Values((TOptions)options);

    internal override void Check(object options, string origin) => _section.Check((TOptions)options, origin);
}
