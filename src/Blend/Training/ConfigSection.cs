using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace Blend.Training;

/// <summary>
/// One section of a training config (<c>model:</c> or <c>training:</c>) bound to the init properties of an options
/// record: every public settable int, long, double, bool, string or enum property is a key, named in snake_case
/// (so a field added to <c>NdtOptions</c> becomes a config key by itself). Values are parsed strictly and checked
/// against per-key rules as they are set, so errors can name where the value came from.
/// </summary>
internal sealed class ConfigSection<T> where T : class
{
    private readonly Dictionary<string, PropertyInfo> _keys = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, Func<object, string?>> _rules;

    public ConfigSection(string name, IReadOnlyDictionary<string, Func<object, string?>> rules)
    {
        Name = name;
        _rules = rules;
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is null || !property.SetMethod.IsPublic) continue;
            var type = property.PropertyType;
            if (type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(bool)
                || type == typeof(string) || type.IsEnum)
                _keys[SnakeCase(property.Name)] = property;
        }
        foreach (string key in rules.Keys)
            if (!_keys.ContainsKey(key)) throw new InvalidOperationException($"rule for unknown key {name}.{key}");
    }

    public string Name { get; }

    public IEnumerable<string> Keys => _keys.Keys;

    public bool Has(string key) => _keys.ContainsKey(key);

    /// <summary>Parses <paramref name="raw"/>, checks it, and sets it on <paramref name="target"/> (a private copy being built).</summary>
    public void Set(T target, string key, string raw, string origin)
    {
        var property = _keys[key];
        object value = Parse(property.PropertyType, raw.Trim())
            ?? throw new BlendInputException($"{origin}: {Name}.{key}: '{raw}' is not {Describe(property.PropertyType)}");
        if (_rules.TryGetValue(key, out var rule) && rule(value) is string requirement)
            throw new BlendInputException($"{origin}: {Name}.{key} = {raw.Trim()} is out of range: {requirement}");
        property.SetValue(target, value);
    }

    /// <summary>The section's values as (key, text) pairs, in declaration order, in the form <see cref="Set"/> reads back.</summary>
    public IEnumerable<(string Key, string Value)> Values(T source) =>
        _keys.Select(k => (k.Key, Format(k.Value.GetValue(source))));

    /// <summary>Checks every value of <paramref name="source"/> against the rules (for options built in code).</summary>
    public void Check(T source, string origin)
    {
        foreach (var (key, property) in _keys)
            if (_rules.TryGetValue(key, out var rule) && property.GetValue(source) is { } value && rule(value) is string requirement)
                throw new BlendInputException($"{origin}: {Name}.{key} = {Format(value)} is out of range: {requirement}");
    }

    public static string SnakeCase(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

    private static object? Parse(Type type, string raw)
    {
        var invariant = CultureInfo.InvariantCulture;
        if (type == typeof(int)) return int.TryParse(raw, NumberStyles.AllowLeadingSign, invariant, out int i) ? i : null;
        if (type == typeof(long)) return long.TryParse(raw, NumberStyles.AllowLeadingSign, invariant, out long l) ? l : null;
        if (type == typeof(double))
            return double.TryParse(raw, NumberStyles.Float, invariant, out double d) && double.IsFinite(d) ? d : null;
        if (type == typeof(bool)) return raw switch { "true" or "True" => true, "false" or "False" => false, _ => null };
        if (type == typeof(string)) return raw.Length > 0 ? raw : null;
        if (type.IsEnum)
            return Enum.GetNames(type).FirstOrDefault(n => SnakeCase(n) == raw) is string name ? Enum.Parse(type, name) : null;
        return null;
    }

    private static string Describe(Type type) =>
        type == typeof(int) || type == typeof(long) ? "an integer"
        : type == typeof(double) ? "a finite number"
        : type == typeof(bool) ? "true or false"
        : type.IsEnum ? "one of " + string.Join(", ", Enum.GetNames(type).Select(SnakeCase))
        : "a non-empty value";

    public static string Format(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture).ToLowerInvariant(),
        bool b => b ? "true" : "false",
        Enum e => SnakeCase(e.ToString()),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
