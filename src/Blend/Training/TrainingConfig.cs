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

    /// <summary><c>model:</c> the transformer keys shared by NDT and STNDT (width, layers, heads, dropout, context) and the behavior fusion of a teacher.</summary>
    public NdtOptions Model { get; init; } = new();

    /// <summary><c>training:</c> optimiser, schedule, masking, selection protocol, seed and threads.</summary>
    public TrainingOptions Training { get; init; } = new();

    private FamilyOptionSet _families = FamilyOptionSet.Empty;

    /// <summary><c>stndt:</c> what STNDT adds to the transformer keys of <c>model:</c> (<see cref="StndtFamily"/>).</summary>
    public StndtOptions Stndt
    {
        get => _families.Get(StndtFamily.OptionsSection);
        init => _families = _families.With(StndtFamily.OptionsSection, value);
    }

    /// <summary><c>lfads:</c> LFADS' sizes, priors and regularisers (<see cref="LfadsFamily"/>).</summary>
    public LfadsOptions Lfads
    {
        get => _families.Get(LfadsFamily.OptionsSection);
        init => _families = _families.With(LfadsFamily.OptionsSection, value);
    }

    /// <summary>The options of a family's own config section (its defaults when the config does not set them).</summary>
    public TOptions FamilyOptions<TOptions>(FamilySection<TOptions> section) where TOptions : class, new() => _families.Get(section);

    /// <summary>This config with a family section's options replaced (checked by <see cref="Validate"/>).</summary>
    public TrainingConfig WithFamilyOptions<TOptions>(FamilySection<TOptions> section, TOptions options) where TOptions : class, new() =>
        this with { _families = _families.With(section, options) };

    internal static readonly ConfigSection<NdtOptions> ModelSection = new("model", new Dictionary<string, Func<object, string?>>
    {
        ["layers"] = ConfigRules.AtLeast(1),
        ["heads"] = ConfigRules.AtLeast(1),
        ["hidden_size"] = ConfigRules.AtLeast(1),
        ["dropout"] = ConfigRules.Probability,
        ["dropout_embedding"] = ConfigRules.Probability,
        ["dropout_rates"] = ConfigRules.Probability,
        ["context_forward"] = ConfigRules.AtLeast(0),
        ["context_backward"] = ConfigRules.AtLeast(0),
        ["input_smoothing_bins"] = ConfigRules.NonNegative,
        ["readout_skip_bins"] = ConfigRules.NonNegative,
        ["readout_skip_rank"] = ConfigRules.AtLeast(0),
    });

    internal static readonly ConfigSection<TrainingOptions> TrainingSection = new("training", new Dictionary<string, Func<object, string?>>
    {
        ["seed"] = ConfigRules.AtLeast(0),
        ["epochs"] = ConfigRules.AtLeast(1),
        ["batch_size"] = ConfigRules.AtLeast(1),
        ["lr"] = ConfigRules.Positive,
        ["warmup"] = ConfigRules.AtLeast(0),
        ["weight_decay"] = ConfigRules.NonNegative,
        ["adam_eps"] = ConfigRules.Positive,
        ["adam_beta1"] = ConfigRules.UnitInterval,
        ["adam_beta2"] = ConfigRules.UnitInterval,
        ["max_grad_norm"] = ConfigRules.NonNegative,
        ["val_interval"] = ConfigRules.AtLeast(1),
        ["patience"] = ConfigRules.AtLeast(0),
        ["mask_ratio"] = v => (double)v is > 0 and <= 1 ? null : "must be in (0, 1]",
        ["mask_token_ratio"] = ConfigRules.Fraction,
        ["mask_random_ratio"] = ConfigRules.Fraction,
        ["mask_max_span"] = ConfigRules.AtLeast(1),
        ["mask_span_ramp_start"] = ConfigRules.AtLeast(0),
        ["mask_span_ramp_end"] = ConfigRules.AtLeast(0),
        ["validation_fraction"] = v => (double)v is > 0 and < 1 ? null : "must be in (0, 1)",
        ["validation_seed"] = ConfigRules.AtLeast(0),
        ["threads"] = ConfigRules.AtLeast(0),
        ["inference_passes"] = v => (int)v is >= 1 and <= 16 ? null : "must be in 1..16",
    });

    private const string ArchitectureKey = "architecture";

    /// <summary>Every key as <c>section.key</c>, in the order <see cref="ToYaml"/> writes them.</summary>
    public static IEnumerable<string> AllKeys =>
        new[] { $"model.{ArchitectureKey}" }
            .Concat(ModelSection.Keys.Select(k => $"model.{k}"))
            .Concat(TrainingSection.Keys.Select(k => $"training.{k}"))
            .Concat(FamilySections.SelectMany(section => section.Keys.Select(k => $"{section.Name}.{k}")));

    /// <summary>The config sections of the registered families (<c>stndt:</c>, <c>lfads:</c>, plug-ins').</summary>
    private static IEnumerable<FamilySection> FamilySections => ModelFactory.Families.Select(f => f.Section).OfType<FamilySection>();

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
        foreach (var section in FamilySections) section.Check(_families.Get(section), origin);
        if (Training.MaskMode == MaskMode.Full && Training.InferencePasses > 1)
            throw new BlendInputException(
                $"{origin}: training.inference_passes = {Training.InferencePasses} hides whole time bins, which matches timestep masking; with training.mask_mode = full use 1");
        if (Model.Causal && (Model.ContextForward != 0 || Model.FullContext))
            throw new BlendInputException(
                $"{origin}: model.causal needs model.context_forward = 0 and model.full_context = false (got {Model.ContextForward}, {Model.FullContext.ToString().ToLowerInvariant()}): a causal model attends the past only");
        if ((Model.Causal || Lfads.Causal) && Training.InferencePasses > 1)
            throw new BlendInputException($"{origin}: a causal model streams one pass per bin; training.inference_passes must be 1, got {Training.InferencePasses}");
        if (ModelFactory.Family(Architecture)?.Problems(this).FirstOrDefault() is string problem)
            throw new BlendInputException($"{origin}: {problem}");
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
        // The sections of other families are not used by this one and are left out.
        if (ModelFactory.Family(Architecture)?.Section is { } own)
        {
            text.Append($"{own.Name}:\n");
            foreach (var (key, value) in own.Values(_families.Get(own))) text.Append($"  {key}: {value}\n");
        }
        return text.ToString();
    }

    /// <summary>Collects values into private copies of the option records, checking each as it is set.</summary>
    private sealed class Builder
    {
        private string _architecture;
        private readonly NdtOptions _model;
        private readonly TrainingOptions _training;
        private readonly Dictionary<string, (FamilySection Section, object Options)> _families;

        private readonly IConfigSections? _extra;

        public Builder(TrainingConfig? start = null, IConfigSections? extra = null)
        {
            _extra = extra;
            start ??= new TrainingConfig();
            _architecture = start.Architecture;
            _model = start.Model with { };
            _training = start.Training with { };
            _families = FamilySections.ToDictionary(s => s.Name, s => (s, s.Copy(start._families.Get(s))), StringComparer.Ordinal);
        }

        public TrainingConfig Build(string origin)
        {
            var families = FamilyOptionSet.Empty;
            foreach (var (section, options) in _families.Values) families = families.With(section, section.Copy(options));
            var config = new TrainingConfig { Architecture = _architecture, Model = _model with { }, Training = _training with { }, _families = families };
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
                    return;
                case "model" when ModelSection.Has(key):
                    ModelSection.Set(_model, key, value, origin);
                    return;
                case "training" when TrainingSection.Has(key):
                    TrainingSection.Set(_training, key, value, origin);
                    return;
            }
            if (_families.TryGetValue(section, out var family))
            {
                if (!family.Section.Has(key))
                    throw new BlendInputException($"{origin}: unknown key {section}.{key} (known: {string.Join(", ", family.Section.Keys)})");
                family.Section.Set(family.Options, key, value, origin);
                return;
            }
            if (section is "model" or "training")
                throw new BlendInputException($"{origin}: unknown key {section}.{key} (known: {string.Join(", ", Known(section))})");
            if (_extra?.Has(section) == true)
            {
                _extra.Set(section, key, value, origin);
                return;
            }
            throw new BlendInputException($"{origin}: unknown section '{section}' (sections: {SectionList})");
        }

        private string SectionList => string.Join(", ", new[] { "model", "training" }.Concat(_families.Keys).Concat(_extra?.Names ?? []));

        private static IEnumerable<string> Known(string section) =>
            section == "model" ? new[] { ArchitectureKey }.Concat(ModelSection.Keys) : TrainingSection.Keys;

        private bool IsOwnSection(string section) => section is "model" or "training" || _families.ContainsKey(section);
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
