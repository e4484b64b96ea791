using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Blend.Experiments.Sweeps;

/// <summary>One config key a sweep sets, with where it was written (file:line) for errors.</summary>
/// <param name="Key">The config key, <c>section.key</c> (as <c>--set</c> takes it).</param>
/// <param name="Values">The values it takes: one for <c>set:</c>, the grid's list otherwise.</param>
/// <param name="Origin">file:line of the key.</param>
public sealed record SweepKey(string Key, IReadOnlyList<string> Values, string Origin);

/// <summary>How a random search draws one key: from a list, uniformly, log-uniformly, or as a uniform integer.</summary>
/// <param name="Key">The config key.</param>
/// <param name="Kind">choice, uniform, log_uniform or integer.</param>
/// <param name="Choices">The values of a <c>choice</c>.</param>
/// <param name="Low">The lower end of a range.</param>
/// <param name="High">The upper end of a range.</param>
/// <param name="Origin">file:line of the key.</param>
public sealed record SweepDistribution(string Key, string Kind, IReadOnlyList<string> Choices, double Low, double High, string Origin)
{
    /// <summary>One value drawn from <paramref name="random"/>, as the config file would spell it.</summary>
    public string Draw(Random random)
    {
        var inv = CultureInfo.InvariantCulture;
        return Kind switch
        {
            "choice" => Choices[random.Next(Choices.Count)],
            "uniform" => (Low + (High - Low) * random.NextDouble()).ToString("G4", inv),
            "log_uniform" => Math.Exp(Math.Log(Low) + (Math.Log(High) - Math.Log(Low)) * random.NextDouble()).ToString("G4", inv),
            _ => ((long)Low + random.NextInt64((long)High - (long)Low + 1)).ToString(inv),
        };
    }
}

/// <summary>The <c>random:</c> section: how many settings to draw, from which seed, over which keys.</summary>
public sealed record SweepRandomSearch(int Samples, int Seed, IReadOnlyList<SweepDistribution> Space);

/// <summary>
/// A sweep file (<c>blend sweep SWEEP.yaml</c>): the data, the base config(s), keys set for every cell, the grid (any
/// config key → list of values; their cross product), optional random samples crossed with the grid, the seeds, and the
/// Slurm resources. Paths are relative to the file. Every mistake is an error naming the file and line.
/// <code>
/// data: ../runs/demo-data
/// config: blend-demo.yaml          # or configs: [a.yaml, b.yaml] (one per family), or families: [ndt, lfads]
/// set: { training.epochs: 60 }
/// grid:
///   distillation.strategies: [hard, soft]
///   distillation.alpha: [0.3, 0.7]
/// random: { samples: 4, seed: 0, space: { distillation.temperature: { log_uniform: [1, 8] } } }
/// seeds: [100, 101]                # or a count: training.seed + 0 … n − 1
/// slurm: { cpus_per_task: 1, mem: 2G, time: "00:30:00", partition: debug }
/// </code>
/// </summary>
public sealed record SweepFile
{
    /// <summary>The file's path as given.</summary>
    public required string Path { get; init; }
    /// <summary>The dataset folder (absolute), or null when the file names none (the command line must).</summary>
    public string? Data { get; init; }
    /// <summary>Config files (absolute), one per model family; empty: the families' shipped CPU configs.</summary>
    public IReadOnlyList<string> Configs { get; init; } = [];
    /// <summary>Model families run from the one config file (or their shipped CPU configs).</summary>
    public IReadOnlyList<string> Families { get; init; } = [];
    /// <summary>Keys set for every cell, in order.</summary>
    public IReadOnlyList<SweepKey> Set { get; init; } = [];
    /// <summary>The grid's keys in order; the sweep runs their cross product (the last key varies fastest).</summary>
    public IReadOnlyList<SweepKey> Grid { get; init; } = [];
    /// <summary>Random samples crossed with the grid, or null.</summary>
    public SweepRandomSearch? Random { get; init; }
    /// <summary>Explicit training seeds, or null (see <see cref="SeedCount"/>).</summary>
    public IReadOnlyList<int>? Seeds { get; init; }
    /// <summary>Replicates from each config's <c>training.seed</c> when no explicit seeds are given (null: its <c>experiment.seeds</c>).</summary>
    public int? SeedCount { get; init; }
    /// <summary>The <c>slurm:</c> section.</summary>
    public SlurmOptions Slurm { get; init; } = new();

    private static readonly string[] Sections = ["data", "config", "configs", "families", "set", "grid", "random", "seeds", "slurm"];

    /// <summary>Reads and checks <paramref name="path"/>.</summary>
    public static SweepFile Load(string path)
    {
        if (!File.Exists(path)) throw new BlendInputException($"{path}: no such sweep file");
        return Parse(File.ReadAllText(path), path, System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
    }

    /// <summary>Reads sweep YAML <paramref name="yaml"/> (<paramref name="source"/> names it; relative paths start at <paramref name="folder"/>).</summary>
    public static SweepFile Parse(string yaml, string source, string folder)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(yaml)); }
        catch (YamlException e)
        {
            throw new BlendInputException($"{source}:{e.Start.Line}: not valid YAML: {e.Message.ReplaceLineEndings(" ").Trim()}", e);
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new BlendInputException($"{source}: expected one YAML mapping with {string.Join(", ", Sections)}");
        string At(YamlNode node) => $"{source}:{node.Start.Line}";
        string Resolve(string relative) => System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, relative));
        var file = new SweepFile { Path = source };
        foreach (var (keyNode, value) in root.Children)
        {
            string section = Scalar(keyNode, At(keyNode));
            string where = At(keyNode);
            file = section switch
            {
                "data" => file with { Data = Resolve(Scalar(value, where)) },
                "config" => file with { Configs = [.. file.Configs, Resolve(Scalar(value, where))] },
                "configs" => file with { Configs = [.. file.Configs, .. List(value, where).Select(Resolve)] },
                "families" => file with { Families = List(value, where) },
                "set" => file with { Set = Keys(value, where, single: true) },
                "grid" => file with { Grid = Keys(value, where, single: false) },
                "random" => file with { Random = RandomSearch(value, where, At) },
                "seeds" => value is YamlSequenceNode
                    ? file with { Seeds = [.. List(value, where).Select(s => Integer(s, $"{where}: seeds"))] }
                    : file with { SeedCount = Integer(Scalar(value, where), $"{where}: seeds") },
                "slurm" => file with { Slurm = SlurmSection(value, where, At) },
                _ => throw new BlendInputException($"{where}: unknown section '{section}' (sections: {string.Join(", ", Sections)})"),
            };
        }
        if (file.Seeds is { Count: 0 }) throw new BlendInputException($"{source}: seeds: the list is empty");
        if (file.Seeds is { } seeds && seeds.Distinct().Count() != seeds.Count) throw new BlendInputException($"{source}: seeds: a seed is listed twice");
        if (file.SeedCount is < 1 or > 100) throw new BlendInputException($"{source}: seeds: a count must be in 1..100");
        var keys = file.Set.Concat(file.Grid).Select(k => (k.Key, k.Origin)).Concat(file.Random?.Space.Select(d => (d.Key, d.Origin)) ?? []).ToList();
        foreach (var (key, origin) in keys)
        {
            if (key is "training.seed" or "experiment.seeds")
                throw new BlendInputException($"{origin}: {key}: a sweep's replicates are its seeds: list (each cell trains one seed)");
            if (!key.Contains('.')) throw new BlendInputException($"{origin}: '{key}' is not section.key (e.g. distillation.alpha)");
        }
        if (keys.GroupBy(k => k.Key).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new BlendInputException($"{twice.Last().Origin}: {twice.Key} is set in more than one place (set, grid, random)");
        return file;
    }

    private static string Scalar(YamlNode node, string where) => node is YamlScalarNode { Value: { } value }
        ? value
        : throw new BlendInputException($"{where}: expected a single value");

    private static List<string> List(YamlNode node, string where) => node switch
    {
        YamlSequenceNode sequence => [.. sequence.Children.Select(c => Scalar(c, where))],
        YamlScalarNode => [Scalar(node, where)],
        _ => throw new BlendInputException($"{where}: expected a list of values"),
    };

    private static int Integer(string text, string what) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : throw new BlendInputException($"{what}: '{text}' is not an integer");

    private static double Number(string text, string what) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)
            ? value
            : throw new BlendInputException($"{what}: '{text}' is not a number");

    private static List<SweepKey> Keys(YamlNode node, string where, bool single)
    {
        if (node is YamlScalarNode { Value: null or "" }) return [];
        if (node is not YamlMappingNode mapping) throw new BlendInputException($"{where}: expected a mapping of config keys (section.key: {(single ? "value" : "[values]")})");
        var keys = new List<SweepKey>();
        foreach (var (keyNode, value) in mapping.Children)
        {
            string origin = $"{where[..where.LastIndexOf(':')]}:{keyNode.Start.Line}";
            string key = Scalar(keyNode, origin);
            var values = single ? [Scalar(value, $"{origin}: {key}")] : List(value, $"{origin}: {key}");
            if (values.Count == 0) throw new BlendInputException($"{origin}: {key}: the grid needs at least one value");
            if (values.Distinct().Count() != values.Count) throw new BlendInputException($"{origin}: {key}: a value is listed twice");
            keys.Add(new SweepKey(key, values, origin));
        }
        return keys;
    }

    private static SweepRandomSearch RandomSearch(YamlNode node, string where, Func<YamlNode, string> at)
    {
        if (node is not YamlMappingNode mapping) throw new BlendInputException($"{where}: random: expected samples, seed and space");
        int samples = 0, seed = 0;
        var space = new List<SweepDistribution>();
        foreach (var (keyNode, value) in mapping.Children)
        {
            string key = Scalar(keyNode, at(keyNode));
            switch (key)
            {
                case "samples": samples = Integer(Scalar(value, at(keyNode)), $"{at(keyNode)}: random.samples"); break;
                case "seed": seed = Integer(Scalar(value, at(keyNode)), $"{at(keyNode)}: random.seed"); break;
                case "space":
                    if (value is not YamlMappingNode keys) throw new BlendInputException($"{at(keyNode)}: random.space: expected a mapping of config keys");
                    foreach (var (name, spec) in keys.Children) space.Add(Distribution(Scalar(name, at(name)), spec, at(name)));
                    break;
                default: throw new BlendInputException($"{at(keyNode)}: random: unknown key '{key}' (samples, seed, space)");
            }
        }
        if (samples < 1) throw new BlendInputException($"{where}: random.samples must be at least 1");
        if (space.Count == 0) throw new BlendInputException($"{where}: random.space names no key");
        return new SweepRandomSearch(samples, seed, space);
    }

    private static SweepDistribution Distribution(string key, YamlNode spec, string origin)
    {
        if (spec is YamlSequenceNode) return new SweepDistribution(key, "choice", List(spec, origin), 0, 0, origin);
        if (spec is not YamlMappingNode { Children.Count: 1 } mapping)
            throw new BlendInputException($"{origin}: {key}: expected a list of choices or one of uniform, log_uniform, integer: [low, high]");
        var (kindNode, range) = mapping.Children.Single();
        string kind = Scalar(kindNode, origin);
        if (kind is not ("uniform" or "log_uniform" or "integer"))
            throw new BlendInputException($"{origin}: {key}: unknown distribution '{kind}' (uniform, log_uniform, integer, or a list of choices)");
        var ends = List(range, origin).Select(v => Number(v, $"{origin}: {key}")).ToArray();
        if (ends.Length != 2 || !(ends[0] < ends[1])) throw new BlendInputException($"{origin}: {key}: {kind} needs [low, high] with low < high");
        if (kind == "log_uniform" && ends[0] <= 0) throw new BlendInputException($"{origin}: {key}: log_uniform needs low > 0");
        if (kind == "integer" && ends.Any(e => e != Math.Floor(e))) throw new BlendInputException($"{origin}: {key}: integer needs whole ends");
        return new SweepDistribution(key, kind, [], ends[0], ends[1], origin);
    }

    private static SlurmOptions SlurmSection(YamlNode node, string where, Func<YamlNode, string> at)
    {
        if (node is not YamlMappingNode mapping) throw new BlendInputException($"{where}: slurm: expected a mapping (cpus_per_task, mem, time, partition, account, extra)");
        var options = new SlurmOptions();
        foreach (var (keyNode, value) in mapping.Children)
        {
            string key = Scalar(keyNode, at(keyNode));
            string origin = $"{at(keyNode)}: slurm.{key}";
            options = key switch
            {
                "cpus_per_task" => options with { CpusPerTask = Integer(Scalar(value, origin), origin) is var n and >= 1 ? n : throw new BlendInputException($"{origin}: at least 1") },
                "mem" => options with { Memory = Scalar(value, origin) },
                "time" => options with { Time = Scalar(value, origin) },
                "partition" => options with { Partition = Scalar(value, origin) },
                "account" => options with { Account = Scalar(value, origin) },
                "extra" => options with { Extra = List(value, origin) },
                _ => throw new BlendInputException($"{origin}: unknown key (cpus_per_task, mem, time, partition, account, extra)"),
            };
        }
        return options;
    }
}
