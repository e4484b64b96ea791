namespace Blend.Training;

/// <summary>
/// The family sections' values of one <see cref="TrainingConfig"/>, by section name, holding only sections that differ
/// from their defaults — so two configs with the same values are equal however they were built (a config record's
/// equality compares this set by value).
/// </summary>
internal sealed class FamilyOptionSet : IEquatable<FamilyOptionSet>
{
    public static readonly FamilyOptionSet Empty = new(new SortedDictionary<string, object>(StringComparer.Ordinal));

    private readonly SortedDictionary<string, object> _values;

    private FamilyOptionSet(SortedDictionary<string, object> values) => _values = values;

    /// <summary>The section's options: the stored ones, or its defaults.</summary>
    public TOptions Get<TOptions>(FamilySection<TOptions> section) where TOptions : class, new() =>
        _values.TryGetValue(section.Name, out var value) ? (TOptions)value : new TOptions();

    /// <summary>The section's options as stored, or its defaults (untyped, for the config reader and writer).</summary>
    public object Get(FamilySection section) => _values.TryGetValue(section.Name, out var value) ? value : section.Defaults();

    /// <summary>This set with <paramref name="section"/> set to <paramref name="options"/> (dropped when they are the defaults).</summary>
    public FamilyOptionSet With(FamilySection section, object options)
    {
        var values = new SortedDictionary<string, object>(_values, StringComparer.Ordinal);
        if (options.Equals(section.Defaults())) values.Remove(section.Name);
        else values[section.Name] = options;
        return new FamilyOptionSet(values);
    }

    public bool Equals(FamilyOptionSet? other) =>
        other is not null && _values.Count == other._values.Count
        && _values.All(p => other._values.TryGetValue(p.Key, out var value) && value.Equals(p.Value));

    public override bool Equals(object? obj) => Equals(obj as FamilyOptionSet);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (key, value) in _values)
        {
            hash.Add(key);
            hash.Add(value);
        }
        return hash.ToHashCode();
    }
}
