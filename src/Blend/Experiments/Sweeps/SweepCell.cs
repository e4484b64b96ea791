using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Blend.Data;
using Blend.Distillation;
using Blend.Evaluation;

namespace Blend.Experiments.Sweeps;

/// <summary>One key=value of a cell's setting (a grid or random-search key).</summary>
public sealed record SweepSetting(string Key, string Value);

/// <summary>
/// One cell of a sweep: one setting of one model family for one seed, run as a <c>blend run</c> of one replicate
/// (baseline, teacher, a student per strategy). <see cref="Id"/> hashes the resolved config, the schedule choice and the
/// data's fingerprint, so a sweep run again finds its finished cells; <see cref="Trunk"/> hashes what the baseline and
/// the teacher depend on, so cells that differ only in how students learn share them.
/// </summary>
/// <param name="Id">12 hex digits of SHA-256 over the resolved config, <see cref="ChooseBudget"/> and the data.</param>
/// <param name="Trunk">12 hex digits of SHA-256 over what the baseline and teacher depend on (<see cref="TrunkConfig"/>) and the data.</param>
/// <param name="Family">The model family (<c>model.architecture</c>).</param>
/// <param name="Setting">The grid's and random search's keys and values for this cell, in the sweep file's order.</param>
/// <param name="Seed">The training seed of the cell's one replicate.</param>
/// <param name="Config">The resolved experiment config (YAML, every key).</param>
/// <param name="ChooseBudget">Whether the schedule is scaled to the data, as a run without a config file does.</param>
/// <param name="DataFolder">The dataset folder (absolute).</param>
/// <param name="DataHash">SHA-256 over the data's fingerprint (every file's name, size and SHA-256).</param>
public sealed record SweepCell(string Id, string Trunk, string Family, IReadOnlyList<SweepSetting> Setting, int Seed, string Config, bool ChooseBudget,
    string DataFolder, string DataHash)
{
    /// <summary>The setting as one label (<c>alpha=0.3 strategies=soft</c>; keys shortened where unambiguous by <paramref name="shortKeys"/>).</summary>
    public string Label(IReadOnlyDictionary<string, string>? shortKeys = null) =>
        Setting.Count == 0 ? "—" : string.Join(" ", Setting.Select(s => $"{shortKeys?.GetValueOrDefault(s.Key) ?? s.Key}={s.Value}"));

    /// <summary>The part of the setting the baseline and teacher depend on (keys outside <see cref="StudentOnly"/>).</summary>
    public string TrunkLabel(IReadOnlyDictionary<string, string>? shortKeys = null) =>
        (this with { Setting = [.. Setting.Where(s => !StudentOnly(s.Key))] }).Label(shortKeys);

    /// <summary>
    /// Keys that change only how students learn, never the baseline or the teacher: the <c>distillation:</c> section
    /// except <c>teacher_from_baseline</c>, and the <c>experiment:</c> section. <see cref="TrunkConfig"/> resets exactly these.
    /// </summary>
    public static bool StudentOnly(string key) =>
        (key.StartsWith("distillation.", StringComparison.Ordinal) && key != "distillation.teacher_from_baseline") ||
        key.StartsWith("experiment.", StringComparison.Ordinal);

    /// <summary><paramref name="config"/> with the <see cref="StudentOnly"/> keys at their defaults: what the baseline and teacher depend on.</summary>
    public static ExperimentConfig TrunkConfig(ExperimentConfig config) => config with
    {
        Distillation = new DistillationOptions { TeacherFromBaseline = config.Distillation.TeacherFromBaseline },
        Experiment = new ReplicateOptions { Seeds = 1 },
    };

    /// <summary>A cell of <paramref name="config"/> (one replicate of <paramref name="seed"/>) on the data of <paramref name="dataHash"/>.</summary>
    public static SweepCell Of(ExperimentConfig config, IReadOnlyList<SweepSetting> setting, int seed, bool chooseBudget, string dataFolder, string dataHash)
    {
        var resolved = config with
        {
            Training = config.Training with { Training = config.Training.Training with { Seed = seed } },
            Experiment = config.Experiment with { Seeds = 1 },
        };
        string yaml = resolved.ToYaml();
        string Hash(string kind, string text) =>
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"blend sweep {kind} v1\n{text}\nchoose_budget: {chooseBudget}\ndata: {dataHash}\n")))[..12];
        return new SweepCell(Hash("cell", yaml), Hash("trunk", TrunkConfig(resolved).ToYaml()), config.Training.Architecture, setting, seed, yaml,
            chooseBudget, dataFolder, dataHash);
    }

    /// <summary>The most libtorch threads any of <paramref name="cells"/> trains with (<c>training.threads</c>; 0: libtorch's default).</summary>
    public static int Threads(IReadOnlyCollection<SweepCell> cells) =>
        cells.Count == 0 ? 1 : cells.Max(c => c.ExperimentConfig($"cell {c.Id}").Training.Training.Threads);

    /// <summary>The cell's config, as <see cref="ExperimentConfig"/>; <paramref name="source"/> names it in errors.</summary>
    public ExperimentConfig ExperimentConfig(string source) => Experiments.ExperimentConfig.Parse(Config, source);

    /// <summary>SHA-256 (hex) over a data fingerprint's files: what identifies the data in cell hashes.</summary>
    public static string HashOf(DataFingerprint fingerprint) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", fingerprint.Files.Select(f => $"{f.Name} {f.Bytes} {f.Sha256}")))));

    /// <summary>The cell as JSON (its definition file).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ResultsJson.Options) + "\n";

    /// <summary>A cell definition written by <see cref="ToJson"/>.</summary>
    public static SweepCell FromJson(string json, string source) =>
        JsonSerializer.Deserialize<SweepCell>(json, ResultsJson.Options) ?? throw new BlendInputException($"{source}: empty cell definition");
}
