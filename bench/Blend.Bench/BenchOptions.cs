namespace Blend.Bench;

/// <summary>Minimal `--name value` / `--flag` parsing shared by the benchmarks.</summary>
internal sealed class BenchOptions
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

    public BenchOptions(string[] args)
    {
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                throw new ArgumentException($"unexpected argument '{args[i]}'");
            bool hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            _values[args[i][2..]] = hasValue ? args[++i] : null;
        }
    }

    public bool Flag(string name) => _values.ContainsKey(name);

    public string? String(string name) => _values.GetValueOrDefault(name);

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var v) && v is not null ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
