using System.Text;
using Blend.Distillation;
using Blend.Training;

namespace Blend.Experiments;

/// <summary>The <c>distillation:</c> section of a <c>blend run</c> config: how students learn from the teacher.</summary>
public sealed record DistillationOptions
{
    /// <summary>Weight of the student's own masked Poisson NLL; the distillation term gets 1 − α.</summary>
    public double Alpha { get; init; } = 0.5;

    /// <summary>Softmax temperature τ of the soft strategy.</summary>
    public double Temperature { get; init; } = 2.0;

    /// <summary>How the soft term is normalised (per_bin_mean: on the MLM loss's scale; reference: the reference's sum).</summary>
    public SoftDistillationScaling SoftScaling { get; init; } = SoftDistillationScaling.PerBinMean;

    /// <summary>What the frozen teacher reads: the student's masked batch (default) or the unmasked spikes.</summary>
    public TeacherInput TeacherInput { get; init; } = TeacherInput.Masked;

    /// <summary>
    /// Start the teacher from the same seed's trained baseline (its behavior embedding zero, so it starts as that baseline)
    /// instead of from scratch: a teacher that must first relearn the dynamics can end up a worse rate model than the
    /// baseline it is meant to improve on.
    /// </summary>
    public bool TeacherFromBaseline { get; init; }

    /// <summary>Start each student from the same seed's trained baseline: distillation then refines a model that already
    /// fits the spikes, instead of trading its own loss against the teacher's from a random start.</summary>
    public bool StudentFromBaseline { get; init; }

    /// <summary>Weight of the per-layer feature term of the feature strategy.</summary>
    public double FeatureWeight { get; init; } = 1.0;

    /// <summary>Comma-separated strategies, one student each: hard, soft, correlation, feature, or weighted sums such as 0.5*hard+0.5*soft.</summary>
    public string Strategies { get; init; } = "hard,soft,correlation,feature";
}

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
    public TrainingConfig Training { get; init; } = new();

    public DistillationOptions Distillation { get; init; } = new();

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
