using System.Text;
using Blend.Data.Identity;
using Blend.Evaluation.Identity;
using Blend.Models;
using Blend.Training;
using Blend.Training.Identity;
using Blend.Distillation;

namespace Blend.Experiments.Identity;

/// <summary>
/// A <c>blend identity</c> config: <c>model:</c> (the NeuPRINT dynamics model), <c>training:</c> (joint training, Φ
/// re-fit and distillation), <c>data:</c> (loading the Bugeon layout), <c>classifier:</c> (the linear and MLP
/// classifiers of Φ) and <c>experiment:</c> (replicates, strategies, classifiers, protocol). Every key is optional;
/// defaults are the released NeuPRINT code's values (configs/identity.yaml lists and documents each). Unknown keys
/// and out-of-range values are errors naming the file and line or the <c>--set</c> argument.
/// </summary>
public sealed record IdentityConfig
{
    /// <summary>The <c>model:</c> section: the NeuPRINT dynamics model f (Φ and activity widths, heads, layers, feed-forward width, dropout, attention context, neighbour channels).</summary>
    public NeuprintOptions Model { get; init; } = new();

    /// <summary>The <c>training:</c> section: joint training of f and Φ (steps, neuron and window sampling, masking, Adam), the Φ re-fit with f frozen, and the students' weight α of own reconstruction against distillation.</summary>
    public NeuprintTrainingOptions Training { get; init; } = new();

    /// <summary>The <c>data:</c> section: how the Bugeon-layout sessions are loaded (recording folder, neighbour radius in µm).</summary>
    public IdentityLoadOptions Data { get; init; } = new();

    /// <summary>The <c>classifier:</c> section: full-batch training of the linear and MLP classifiers of Φ (epochs, Adam learning rate, hidden units, StepLR schedule, gradient clip, epoch selection).</summary>
    public TorchClassifierOptions Classifier { get; init; } = new();

    /// <summary>The <c>experiment:</c> section: replicates and first seed, distillation strategies, classifiers and the primary one, the dynamics protocol, the probes and the classifiers' train fraction.</summary>
    public IdentityExperimentOptions Experiment { get; init; } = new();

    private static readonly Func<object, string?> Positive = v => Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) > 0 ? null : "must be greater than 0";
    private static readonly Func<object, string?> NonNegative = v => Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) >= 0 ? null : "must be at least 0";
    private static readonly Func<object, string?> Fraction = v => (double)v is >= 0 and <= 1 ? null : "must be in [0, 1]";
    private static readonly Func<object, string?> OpenFraction = v => (double)v is > 0 and < 1 ? null : "must be in (0, 1)";

    internal static readonly ConfigSection<NeuprintOptions> ModelSection = new("model", new Dictionary<string, Func<object, string?>>
    {
        ["embedding_dim"] = Positive, ["activity_dim"] = Positive, ["heads"] = Positive, ["layers"] = Positive,
        ["feedforward_dim"] = Positive, ["dropout"] = v => (double)v is >= 0 and < 1 ? null : "must be in [0, 1)",
        ["context_backward"] = NonNegative,
    });

    internal static readonly ConfigSection<NeuprintTrainingOptions> TrainingSection = new("training", new Dictionary<string, Func<object, string?>>
    {
        ["steps"] = Positive, ["steps_per_epoch"] = Positive, ["neurons_per_step"] = Positive, ["windows_per_step"] = Positive,
        ["window"] = v => (int)v >= 2 ? null : "must be at least 2", ["record_fraction"] = Fraction,
        ["mask_ratio"] = v => (double)v is > 0 and <= 1 ? null : "must be in (0, 1]", ["mask_span"] = Positive, ["lr"] = Positive, ["embedding_lr"] = NonNegative,
        ["gradient_clip"] = Positive, ["train_fraction"] = OpenFraction, ["refit_steps"] = Positive, ["refit_lr"] = Positive,
        ["alpha"] = Fraction, ["embedding_distillation"] = NonNegative, ["threads"] = NonNegative,
    });

    internal static readonly ConfigSection<IdentityLoadOptions> DataSection = new("data", new Dictionary<string, Func<object, string?>>
    {
        ["neighbour_radius"] = NonNegative,
    });

    internal static readonly ConfigSection<TorchClassifierOptions> ClassifierSection = new("classifier", new Dictionary<string, Func<object, string?>>
    {
        ["epochs"] = Positive, ["learning_rate"] = Positive, ["hidden"] = Positive, ["step_size"] = Positive, ["gamma"] = Positive,
        ["max_grad_norm"] = Positive, ["validate_every"] = Positive,
    });

    internal static readonly ConfigSection<IdentityExperimentOptions> ExperimentSection = new("experiment", new Dictionary<string, Func<object, string?>>
    {
        ["seeds"] = v => (int)v is >= 1 and <= 100 ? null : "must be in 1..100",
        ["seed"] = NonNegative,
        ["strategies"] = v => (string)v == "none" ? null
            : !StrategySpec.TryParseList((string)v, out var specs, out string? error) ? error
            : specs.SelectMany(s => s.Terms).Any(t => t.Strategy == "poisson")
                ? "poisson distils Poisson rates; the identity task's students take hard, soft, correlation or feature"
            : null,
        ["classifiers"] = v => ClassifierList.TryParse((string)v, out _, out string? error) ? null : error,
        ["primary_classifier"] = v => ClassifierList.Known.Contains((string)v) ? null : $"must be one of {string.Join(", ", ClassifierList.Known)}",
        ["classifier_train_fraction"] = OpenFraction,
    });

    private static readonly string[] SectionNames = ["model", "training", "data", "classifier", "experiment"];

    /// <summary>Every key as <c>section.key</c>, in the order <see cref="ToYaml"/> writes them.</summary>
    public static IEnumerable<string> AllKeys =>
        ModelSection.Keys.Select(k => $"model.{k}")
            .Concat(TrainingSection.Keys.Select(k => $"training.{k}"))
            .Concat(DataSection.Keys.Select(k => $"data.{k}"))
            .Concat(ClassifierSection.Keys.Select(k => $"classifier.{k}"))
            .Concat(ExperimentSection.Keys.Select(k => $"experiment.{k}"));

    /// <summary>The strategies of <see cref="IdentityExperimentOptions.Strategies"/> (none: no students).</summary>
    public IReadOnlyList<StrategySpec> StrategyList => Experiment.Strategies == "none" ? [] : StrategySpec.ParseList(Experiment.Strategies);

    /// <summary>Reads <paramref name="path"/> (null: defaults only), then applies <c>section.key=value</c> overrides in order.</summary>
    public static IdentityConfig Load(string? path, IEnumerable<string>? overrides = null)
    {
        var builder = new Builder(new IdentityConfig());
        if (path is not null)
        {
            if (Directory.Exists(path)) throw new BlendInputException($"{path}: is a folder, not a config file");
            if (!File.Exists(path)) throw new BlendInputException($"{path}: config file not found");
            ConfigYaml.Read(File.ReadAllText(path), path, SectionNames.Contains, string.Join(", ", SectionNames), builder.Set);
        }
        foreach (string assignment in overrides ?? []) ConfigYaml.Assign(assignment, string.Join(", ", SectionNames), builder.Set);
        return builder.Build(path ?? "config");
    }

    /// <summary>Reads YAML text; <paramref name="source"/> names it in messages.</summary>
    public static IdentityConfig Parse(string yaml, string source = "config")
    {
        var builder = new Builder(new IdentityConfig());
        ConfigYaml.Read(yaml, source, SectionNames.Contains, string.Join(", ", SectionNames), builder.Set);
        return builder.Build(source);
    }

    /// <summary>Checks rules between keys (and the values of a config built in code).</summary>
    public void Validate(string origin = "config")
    {
        ModelSection.Check(Model, origin);
        TrainingSection.Check(Training, origin);
        DataSection.Check(Data, origin);
        ClassifierSection.Check(Classifier, origin);
        ExperimentSection.Check(Experiment, origin);
        int width = Model.TokenWidth;
        if (width % Model.Heads != 0)
            throw new BlendInputException(
                $"{origin}: the token width {width} (model.activity_dim + model.embedding_dim + 5 population + 2 neighbour channels) is not divisible by model.heads = {Model.Heads}");
        if (!ClassifierList.Parse(Experiment.Classifiers).Contains(Experiment.PrimaryClassifier))
            throw new BlendInputException(
                $"{origin}: experiment.primary_classifier = {Experiment.PrimaryClassifier} is not among experiment.classifiers = {Experiment.Classifiers}");
        if (Training.EmbeddingDistillation > 0 && StrategyList.Count == 0)
            throw new BlendInputException($"{origin}: training.embedding_distillation applies to distilled students; experiment.strategies is none");
    }

    /// <summary>The resolved config as YAML, every key written, readable by <see cref="Parse"/>.</summary>
    public string ToYaml()
    {
        var text = new StringBuilder("# Blend identity config (resolved: every key, defaults included)\n");
        Append(text, ModelSection, Model);
        Append(text, TrainingSection, Training);
        Append(text, DataSection, Data);
        Append(text, ClassifierSection, Classifier);
        Append(text, ExperimentSection, Experiment);
        return text.ToString();
    }

    private static void Append<T>(StringBuilder text, ConfigSection<T> section, T values) where T : class
    {
        text.Append($"{section.Name}:\n");
        // Quote strings YAML would misread ('*' starts an alias, '/' and ',' are fine but quoting is harmless).
        foreach (var (key, value) in section.Values(values))
            text.Append($"  {key}: {(value.Contains('*') || value.Contains(',') ? $"\"{value}\"" : value)}\n");
    }

    /// <summary>Collects values into private copies of the option records, checking each as it is set.</summary>
    private sealed class Builder(IdentityConfig start)
    {
        private readonly NeuprintOptions _model = start.Model with { };
        private readonly NeuprintTrainingOptions _training = start.Training with { };
        private readonly IdentityLoadOptions _data = start.Data with { };
        private readonly TorchClassifierOptions _classifier = start.Classifier with { };
        private readonly IdentityExperimentOptions _experiment = start.Experiment with { };

        public void Set(string section, string key, string value, string origin)
        {
            bool known = section switch
            {
                "model" => TrySet(ModelSection, _model, key, value, origin),
                "training" => TrySet(TrainingSection, _training, key, value, origin),
                "data" => TrySet(DataSection, _data, key, value, origin),
                "classifier" => TrySet(ClassifierSection, _classifier, key, value, origin),
                "experiment" => TrySet(ExperimentSection, _experiment, key, value, origin),
                _ => throw new BlendInputException($"{origin}: unknown section '{section}' (sections: {string.Join(", ", SectionNames)})"),
            };
            if (!known) throw new BlendInputException($"{origin}: unknown key {section}.{key} (known: {string.Join(", ", KeysOf(section))})");
        }

        private static bool TrySet<T>(ConfigSection<T> section, T target, string key, string value, string origin) where T : class
        {
            if (!section.Has(key)) return false;
            section.Set(target, key, value, origin);
            return true;
        }

        private static IEnumerable<string> KeysOf(string section) => section switch
        {
            "model" => ModelSection.Keys,
            "training" => TrainingSection.Keys,
            "data" => DataSection.Keys,
            "classifier" => ClassifierSection.Keys,
            _ => ExperimentSection.Keys,
        };

        public IdentityConfig Build(string origin)
        {
            var config = new IdentityConfig
            {
                Model = _model with { }, Training = _training with { }, Data = _data with { }, Classifier = _classifier with { },
                Experiment = _experiment with { },
            };
            config.Validate(origin);
            return config;
        }
    }
}
