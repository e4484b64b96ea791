using System.Text;
using Blend.Models;

namespace Blend.Training;

/// <summary>
/// A training configuration: <c>model:</c> (the architecture and <see cref="NdtOptions"/>' fields, shared by the transformer
/// models), <c>stndt:</c> and <c>lfads:</c> (each family's own options) and
/// <c>training:</c> (<see cref="TrainingOptions"/>), read from YAML with snake_case keys. Keys left out keep their
/// defaults (the reference's MC_Maze values). Unknown keys, malformed values and out-of-range values are
/// <see cref="BlendInputException"/>s naming the file and line (or the <c>--set</c> argument), the key and the value.
/// </summary>
public sealed record TrainingConfig
{
    /// <summary><c>model.architecture</c>: which <see cref="ModelFactory"/> entry builds the model.</summary>
    public string Architecture { get; init; } = ModelFactory.DefaultArchitecture;

    public NdtOptions Model { get; init; } = new();

    public TrainingOptions Training { get; init; } = new();

    /// <summary><c>stndt:</c> what STNDT adds to the transformer keys of <c>model:</c>.</summary>
    public StndtOptions Stndt { get; init; } = new();

    /// <summary><c>lfads:</c> LFADS' sizes, priors and regularisers.</summary>
    public LfadsOptions Lfads { get; init; } = new();

    internal static readonly ConfigSection<NdtOptions> ModelSection = new("model", new Dictionary<string, Func<object, string?>>
    {
        ["layers"] = Rules.AtLeast(1),
        ["heads"] = Rules.AtLeast(1),
        ["hidden_size"] = Rules.AtLeast(1),
        ["dropout"] = Rules.Probability,
        ["dropout_embedding"] = Rules.Probability,
        ["dropout_rates"] = Rules.Probability,
        ["context_forward"] = Rules.AtLeast(0),
        ["context_backward"] = Rules.AtLeast(0),
        ["input_smoothing_bins"] = Rules.NonNegative,
        ["readout_skip_bins"] = Rules.NonNegative,
        ["readout_skip_rank"] = Rules.AtLeast(0),
    });

    internal static readonly ConfigSection<StndtOptions> StndtSection = new("stndt", new Dictionary<string, Func<object, string?>>
    {
        ["contrast_lambda"] = Rules.NonNegative,
        ["contrast_temperature"] = Rules.Positive,
        ["contrast_mask_ratio"] = v => (double)v is > 0 and <= 1 ? null : "must be in (0, 1]",
        ["contrast_mask_token_ratio"] = Rules.Fraction,
        ["contrast_mask_random_ratio"] = Rules.Fraction,
        ["spatial_heads"] = Rules.AtLeast(0),
    });

    internal static readonly ConfigSection<LfadsOptions> LfadsSection = new("lfads", new Dictionary<string, Func<object, string?>>
    {
        ["ic_enc_dim"] = Rules.AtLeast(1),
        ["ci_enc_dim"] = Rules.AtLeast(0),
        ["con_dim"] = Rules.AtLeast(0),
        ["co_dim"] = Rules.AtLeast(0),
        ["ic_dim"] = Rules.AtLeast(1),
        ["gen_dim"] = Rules.AtLeast(1),
        ["fac_dim"] = Rules.AtLeast(1),
        ["ci_lag"] = Rules.AtLeast(0),
        ["dropout"] = Rules.Probability,
        ["cd_rate"] = Rules.Probability,
        ["cell_clip"] = Rules.Positive,
        ["ic_post_var_min"] = Rules.NonNegative,
        ["ic_prior_var"] = Rules.Positive,
        ["co_prior_tau"] = Rules.Positive,
        ["co_prior_nu"] = Rules.Positive,
        ["kl_ic_scale"] = Rules.NonNegative,
        ["kl_co_scale"] = Rules.NonNegative,
        ["kl_ramp_start"] = Rules.AtLeast(0),
        ["kl_ramp_epochs"] = Rules.AtLeast(0),
        ["l2_ic_enc_scale"] = Rules.NonNegative,
        ["l2_ci_enc_scale"] = Rules.NonNegative,
        ["l2_gen_scale"] = Rules.NonNegative,
        ["l2_con_scale"] = Rules.NonNegative,
        ["l2_ramp_start"] = Rules.AtLeast(0),
        ["l2_ramp_epochs"] = Rules.AtLeast(0),
        ["loss_scale"] = Rules.Positive,
        ["posterior_samples"] = v => (int)v is >= 0 and <= 1000 ? null : "must be in 0..1000",
    });

    internal static readonly ConfigSection<TrainingOptions> TrainingSection = new("training", new Dictionary<string, Func<object, string?>>
    {
        ["seed"] = Rules.AtLeast(0),
        ["epochs"] = Rules.AtLeast(1),
        ["batch_size"] = Rules.AtLeast(1),
        ["lr"] = Rules.Positive,
        ["warmup"] = Rules.AtLeast(0),
        ["weight_decay"] = Rules.NonNegative,
        ["adam_eps"] = Rules.Positive,
        ["adam_beta1"] = Rules.UnitInterval,
        ["adam_beta2"] = Rules.UnitInterval,
        ["max_grad_norm"] = Rules.NonNegative,
        ["val_interval"] = Rules.AtLeast(1),
        ["patience"] = Rules.AtLeast(0),
        ["mask_ratio"] = v => (double)v is > 0 and <= 1 ? null : "must be in (0, 1]",
        ["mask_token_ratio"] = Rules.Fraction,
        ["mask_random_ratio"] = Rules.Fraction,
        ["mask_max_span"] = Rules.AtLeast(1),
        ["mask_span_ramp_start"] = Rules.AtLeast(0),
        ["mask_span_ramp_end"] = Rules.AtLeast(0),
        ["validation_fraction"] = v => (double)v is > 0 and < 1 ? null : "must be in (0, 1)",
        ["validation_seed"] = Rules.AtLeast(0),
        ["threads"] = Rules.AtLeast(0),
        ["inference_passes"] = v => (int)v is >= 1 and <= 16 ? null : "must be in 1..16",
    });

    private const string ArchitectureKey = "architecture";

    /// <summary>Every key as <c>section.key</c>, in the order <see cref="ToYaml"/> writes them.</summary>
    public static IEnumerable<string> AllKeys =>
        new[] { $"model.{ArchitectureKey}" }
            .Concat(ModelSection.Keys.Select(k => $"model.{k}"))
            .Concat(TrainingSection.Keys.Select(k => $"training.{k}"))
            .Concat(StndtSection.Keys.Select(k => $"stndt.{k}"))
            .Concat(LfadsSection.Keys.Select(k => $"lfads.{k}"));

    /// <summary>Reads <paramref name="path"/> (null: defaults only), then applies <c>section.key=value</c> overrides in order.</summary>
    public static TrainingConfig Load(string? path, IEnumerable<string>? overrides = null) => Load(path, overrides, null);

    /// <summary>
    /// <see cref="Load(string?, IEnumerable{string}?)"/> with further sections (e.g. <c>blend run</c>'s
    /// <c>distillation:</c>) handled by <paramref name="extra"/>, in the same files and <c>--set</c> arguments.
    /// </summary>
    internal static TrainingConfig Load(string? path, IEnumerable<string>? overrides, IConfigSections? extra)
    {
        if (path is null) return Parse(null, "config", overrides, extra);
        if (Directory.Exists(path)) throw new BlendInputException($"{path}: is a folder, not a config file");
        if (!File.Exists(path)) throw new BlendInputException($"{path}: config file not found");
        return Parse(File.ReadAllText(path), path, overrides, extra);
    }

    /// <summary>
    /// YAML text (null: defaults only) named <paramref name="source"/> in messages, then <c>section.key=value</c>
    /// overrides, with further sections handled by <paramref name="extra"/>.
    /// </summary>
    internal static TrainingConfig Parse(string? yaml, string source, IEnumerable<string>? overrides, IConfigSections? extra)
    {
        var builder = new Builder(extra: extra);
        if (yaml is not null) builder.ReadYaml(yaml, source);
        foreach (string assignment in overrides ?? []) builder.SetAssignment(assignment);
        return builder.Build(source);
    }

    /// <summary>Reads YAML text; <paramref name="source"/> names it in messages.</summary>
    public static TrainingConfig Parse(string yaml, string source = "config")
    {
        var builder = new Builder();
        builder.ReadYaml(yaml, source);
        return builder.Build(source);
    }

    /// <summary>This config with <c>section.key=value</c> overrides applied.</summary>
    public TrainingConfig With(params string[] assignments)
    {
        var builder = new Builder(this);
        foreach (string assignment in assignments) builder.SetAssignment(assignment);
        return builder.Build("--set");
    }

    /// <summary>Checks a config built in code against the same rules as one read from YAML.</summary>
    public void Validate(string origin = "config")
    {
        if (!ModelFactory.Architectures.Contains(Architecture))
            throw new BlendInputException($"{origin}: model.{ArchitectureKey} = {Architecture} is not known (known: {string.Join(", ", ModelFactory.Architectures)})");
        ModelSection.Check(Model, origin);
        TrainingSection.Check(Training, origin);
        StndtSection.Check(Stndt, origin);
        LfadsSection.Check(Lfads, origin);
        if (Training.MaskMode == MaskMode.Full && Training.InferencePasses > 1)
            throw new BlendInputException(
                $"{origin}: training.inference_passes = {Training.InferencePasses} hides whole time bins, which matches timestep masking; with training.mask_mode = full use 1");
        if (Architecture == "lfads" && Training.InferencePasses > 1)
            throw new BlendInputException(
                $"{origin}: training.inference_passes = {Training.InferencePasses} applies to masked-modeling models (ndt, stndt); LFADS infers from posterior means or lfads.posterior_samples");
        if (Model.Causal && (Model.ContextForward != 0 || Model.FullContext))
            throw new BlendInputException(
                $"{origin}: model.causal needs model.context_forward = 0 and model.full_context = false (got {Model.ContextForward}, {Model.FullContext.ToString().ToLowerInvariant()}): a causal model attends the past only");
        if (Model.Causal && Architecture == "stndt")
            throw new BlendInputException($"{origin}: model.causal: STNDT's spatial attention reads each neuron's whole time course, so it has no causal form; use ndt (or lfads with lfads.causal)");
        if ((Model.Causal || Lfads.Causal) && Training.InferencePasses > 1)
            throw new BlendInputException($"{origin}: a causal model streams one pass per bin; training.inference_passes must be 1, got {Training.InferencePasses}");
        if (Lfads.Causal && !(Lfads.CiEncDim > 0 && Lfads.ConDim > 0 && Lfads.CoDim > 0))
            throw new BlendInputException(
                $"{origin}: lfads.causal starts the generator from the initial-condition prior and drives it through the controller alone; it needs lfads.ci_enc_dim, con_dim and co_dim > 0");
        if (Training.MaskSpanRampEnd <= Training.MaskSpanRampStart)
            throw new BlendInputException(
                $"{origin}: training.mask_span_ramp_end = {Training.MaskSpanRampEnd} must be greater than training.mask_span_ramp_start = {Training.MaskSpanRampStart}");
    }

    /// <summary>The resolved config as YAML, every key written, readable by <see cref="Parse(string, string)"/>.</summary>
    public string ToYaml()
    {
        var text = new StringBuilder();
        text.Append("# Blend training config (resolved: every key, defaults included)\n");
        text.Append("model:\n");
        text.Append($"  {ArchitectureKey}: {Architecture}\n");
        foreach (var (key, value) in ModelSection.Values(Model)) text.Append($"  {key}: {value}\n");
        text.Append("training:\n");
        foreach (var (key, value) in TrainingSection.Values(Training)) text.Append($"  {key}: {value}\n");
        // The sections of other architectures are not used by this one and are left out.
        if (Architecture == "stndt")
        {
            text.Append("stndt:\n");
            foreach (var (key, value) in StndtSection.Values(Stndt)) text.Append($"  {key}: {value}\n");
        }
        if (Architecture == "lfads")
        {
            text.Append("lfads:\n");
            foreach (var (key, value) in LfadsSection.Values(Lfads)) text.Append($"  {key}: {value}\n");
        }
        return text.ToString();
    }

    /// <summary>Collects values into private copies of the option records, checking each as it is set.</summary>
    private sealed class Builder
    {
        private string _architecture;
        private readonly NdtOptions _model;
        private readonly TrainingOptions _training;
        private readonly StndtOptions _stndt;
        private readonly LfadsOptions _lfads;

        private readonly IConfigSections? _extra;

        public Builder(TrainingConfig? start = null, IConfigSections? extra = null)
        {
            _extra = extra;
            start ??= new TrainingConfig();
            _architecture = start.Architecture;
            _model = start.Model with { };
            _training = start.Training with { };
            _stndt = start.Stndt with { };
            _lfads = start.Lfads with { };
        }

        public TrainingConfig Build(string origin)
        {
            var config = new TrainingConfig
            {
                Architecture = _architecture, Model = _model with { }, Training = _training with { }, Stndt = _stndt with { }, Lfads = _lfads with { },
            };
            config.Validate(origin);
            return config;
        }

        public void SetAssignment(string assignment) => ConfigYaml.Assign(assignment, SectionList, Set);

        public void ReadYaml(string yaml, string source) =>
            ConfigYaml.Read(yaml, source, section => IsOwnSection(section) || _extra?.Has(section) == true, SectionList, Set);

        private void Set(string section, string key, string value, string origin)
        {
            switch (section)
            {
                case "model" when key == ArchitectureKey:
                    string architecture = value.Trim();
                    if (!ModelFactory.Architectures.Contains(architecture))
                        throw new BlendInputException($"{origin}: model.{ArchitectureKey} = {architecture} is not known (known: {string.Join(", ", ModelFactory.Architectures)})");
                    _architecture = architecture;
                    break;
                case "model" when ModelSection.Has(key):
                    ModelSection.Set(_model, key, value, origin);
                    break;
                case "training" when TrainingSection.Has(key):
                    TrainingSection.Set(_training, key, value, origin);
                    break;
                case "stndt" when StndtSection.Has(key):
                    StndtSection.Set(_stndt, key, value, origin);
                    break;
                case "lfads" when LfadsSection.Has(key):
                    LfadsSection.Set(_lfads, key, value, origin);
                    break;
                case "model" or "training" or "stndt" or "lfads":
                    throw new BlendInputException($"{origin}: unknown key {section}.{key} (known: {string.Join(", ", Known(section))})");
                default:
                    if (_extra?.Has(section) == true)
                    {
                        _extra.Set(section, key, value, origin);
                        break;
                    }
                    throw new BlendInputException($"{origin}: unknown section '{section}' (sections: {SectionList})");
            }
        }

        private string SectionList => string.Join(", ", new[] { "model", "training", "stndt", "lfads" }.Concat(_extra?.Names ?? []));

        private static IEnumerable<string> Known(string section) =>
            section switch
            {
                "model" => new[] { ArchitectureKey }.Concat(ModelSection.Keys),
                "training" => TrainingSection.Keys,
                "stndt" => StndtSection.Keys,
                _ => LfadsSection.Keys,
            };

        private static bool IsOwnSection(string section) => section is "model" or "training" or "stndt" or "lfads";
    }

    private static class Rules
    {
        public static Func<object, string?> AtLeast(int minimum) =>
            v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) >= minimum ? null : $"must be at least {minimum}";

        public static readonly Func<object, string?> Positive = v => (double)v > 0 ? null : "must be greater than 0";
        public static readonly Func<object, string?> NonNegative = v => (double)v >= 0 ? null : "must be at least 0";
        public static readonly Func<object, string?> Fraction = v => (double)v is >= 0 and <= 1 ? null : "must be in [0, 1]";
        public static readonly Func<object, string?> Probability = v => (double)v is >= 0 and < 1 ? null : "must be in [0, 1)";
        public static readonly Func<object, string?> UnitInterval = v => (double)v is >= 0 and < 1 ? null : "must be in [0, 1)";
    }
}

/// <summary>Config sections beyond <c>model:</c> and <c>training:</c>, read from the same YAML and <c>--set</c> arguments.</summary>
internal interface IConfigSections
{
    IEnumerable<string> Names { get; }

    bool Has(string section);

    /// <summary>Parses, checks and stores <c>section.key = value</c>; <paramref name="origin"/> names the file and line or the argument.</summary>
    void Set(string section, string key, string value, string origin);
}
