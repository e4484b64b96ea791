using System.Text;
using Blend.Distillation;
using Blend.Training;

namespace Blend.Experiments;

/// <summary>The <c>experiment:</c> section: replicates.</summary>
public sealed record ReplicateOptions
{
    /// <summary>
    /// Replicates; replicate k trains every model with <c>training.seed</c> + k. Five by default: the paired t-test
    /// needs a few degrees of freedom, and with n seeds no Wilcoxon signed-rank p can go below 2 / 2ⁿ (0.25 at 3).
    /// </summary>
    public int Seeds { get; init; } = 5;

    /// <summary>
    /// Adds NLB's smoothing baseline as a reference row (<see cref="SmoothingReference"/>): fitted once, in seconds, it
    /// shows at a glance whether the deep models beat smoothed spikes. Needs the bin width (dataset.json or an NLB name).
    /// </summary>
    public bool SmoothingReference { get; init; } = true;
}

/// <summary>
/// A <c>blend run</c> config: the <c>model:</c> and <c>training:</c> sections of <c>blend train</c> (shared by the
/// baseline, the teacher and every student) plus <c>distillation:</c> and <c>experiment:</c>. Same rules: unknown keys
/// and out-of-range values are errors naming the file and line or the <c>--set</c> argument.
/// </summary>
public sealed record ExperimentConfig
{
    /// <summary>The <c>model:</c>, <c>training:</c> and family sections shared by baseline, teacher and students.</summary>
    public TrainingConfig Training { get; init; } = new();

    /// <summary>The <c>distillation:</c> section: α, temperature, strategies, warm starts.</summary>
    public DistillationOptions Distillation { get; init; } = new();

    /// <summary>The <c>experiment:</c> section: seeds and the smoothing reference row.</summary>
    public ReplicateOptions Experiment { get; init; } = new();

    internal static readonly ConfigSection<DistillationOptions> DistillationSection = new("distillation", new Dictionary<string, Func<object, string?>>
    {
        ["alpha"] = v => (double)v is >= 0 and <= 1 ? null : "must be in [0, 1]",
        ["temperature"] = v => (double)v > 0 ? null : "must be greater than 0",
        ["feature_weight"] = v => (double)v >= 0 ? null : "must be at least 0",
        ["strategies"] = v => StrategySpec.TryParseList((string)v, out _, out string? error) ? null : error,
    });

    internal static readonly ConfigSection<ReplicateOptions> ExperimentSection = new("experiment", new Dictionary<string, Func<object, string?>>
    {
        ["seeds"] = v => (int)v is >= 1 and <= 100 ? null : "must be in 1..100",
    });

    /// <summary>Reads <paramref name="path"/> (null: defaults), then applies <c>section.key=value</c> overrides in order.</summary>
    public static ExperimentConfig Load(string? path, IEnumerable<string>? overrides = null)
    {
        var extra = new Sections();
        return Of(TrainingConfig.Load(path, overrides, extra), extra);
    }

    /// <summary>Reads YAML text (<paramref name="source"/> names it in messages), then applies the overrides in order.</summary>
    public static ExperimentConfig Parse(string yaml, string source, IEnumerable<string>? overrides = null)
    {
        var extra = new Sections();
        return Of(TrainingConfig.Parse(yaml, source, overrides, extra), extra);
    }

    private static ExperimentConfig Of(TrainingConfig training, Sections extra) =>
        new() { Training = training, Distillation = extra.Distillation with { }, Experiment = extra.Experiment with { } };

    /// <summary>
    /// Checks a config built or changed in code (typed command-line options applied with <c>with</c>) against the rules a
    /// file or <c>--set</c> value meets when it is read; <paramref name="origin"/> names where the values came from.
    /// </summary>
    public void Validate(string origin = "config")
    {
        Training.Validate(origin);
        DistillationSection.Check(Distillation, origin);
        ExperimentSection.Check(Experiment, origin);
    }

    /// <summary>The parsed <see cref="DistillationOptions.Strategies"/>.</summary>
    public IReadOnlyList<StrategySpec> StrategyList => StrategySpec.ParseList(Distillation.Strategies);

    /// <summary>Every key, defaults included, readable by <see cref="Load"/>.</summary>
    public string ToYaml()
    {
        var text = new StringBuilder(Training.ToYaml().Replace("# Blend training config", "# Blend experiment config"));
        text.Append("distillation:\n");
        foreach (var (key, value) in DistillationSection.Values(Distillation)) text.Append($"  {key}: {Quote(value)}\n");
        text.Append("experiment:\n");
        foreach (var (key, value) in ExperimentSection.Values(Experiment)) text.Append($"  {key}: {value}\n");
        return text.ToString();
    }

    // Strategy lists hold '*' and '+', which YAML would read as an alias or keep; quote them to stay plain strings.
    private static string Quote(string value) => value.Contains('*') ? $"\"{value}\"" : value;

    private sealed class Sections : IConfigSections
    {
        public DistillationOptions Distillation { get; } = new();
        public ReplicateOptions Experiment { get; } = new();

        public IEnumerable<string> Names => ["distillation", "experiment"];

        public bool Has(string section) => section is "distillation" or "experiment";

        public void Set(string section, string key, string value, string origin)
        {
            if (section == "distillation" && DistillationSection.Has(key)) DistillationSection.Set(Distillation, key, value, origin);
            else if (section == "experiment" && ExperimentSection.Has(key)) ExperimentSection.Set(Experiment, key, value, origin);
            else
            {
                var known = section == "distillation" ? DistillationSection.Keys : ExperimentSection.Keys;
                throw new BlendInputException($"{origin}: unknown key {section}.{key} (known: {string.Join(", ", known)})");
            }
        }
    }
}
