using Blend.Data;
using Blend.Training;

namespace Blend.Experiments;

/// <summary>
/// The configs Blend ships for its model families (<c>configs/blend-demo*.yaml</c>, embedded in the family's assembly under
/// the name its <see cref="ModelFamily.DemoConfig"/> gives): sized for a CPU, tuned on the demo dataset. <c>blend demo</c>
/// runs them as they are; <c>blend run</c> and <c>blend train</c> start from them when no config file is given, with the
/// training schedule scaled to the data (<see cref="DefaultBudget"/>). The reference's schedules stay in
/// <c>configs/&lt;family&gt;.yaml</c>.
/// </summary>
public static class BuiltInConfigs
{
    /// <summary>The shipped YAML of <paramref name="architecture"/>'s CPU config and its resource name, or null when the family has none.</summary>
    public static (string Name, string Yaml)? Find(string architecture)
    {
        var family = ModelFactory.Family(architecture);
        if (family?.DemoConfig is not { } name) return null;
        using var stream = family.GetType().Assembly.GetManifestResourceStream(name);
        if (stream is null) return null;
        using var reader = new StreamReader(stream);
        return (name, reader.ReadToEnd());
    }

    /// <summary>The families with a shipped CPU config.</summary>
    public static IEnumerable<string> Families => ModelFactory.Architectures.Where(a => Find(a) is not null);

    /// <summary>
    /// <paramref name="architecture"/>'s shipped CPU config with <paramref name="overrides"/> (<c>section.key=value</c>)
    /// applied; a family without one gets the built-in defaults for its architecture.
    /// </summary>
    public static ExperimentConfig Load(string architecture, IReadOnlyList<string> overrides)
    {
        if (Find(architecture) is not var (name, yaml)) return ExperimentConfig.Load(null, [$"model.architecture={architecture}", .. overrides]);
        return ExperimentConfig.Parse(yaml, $"configs/{name}", overrides);
    }

    /// <summary>
    /// The CPU default for a run without a config file: the shipped CPU config of the family that
    /// <paramref name="overrides"/> name in <c>model.architecture</c> (else the default family, NDT) with the overrides
    /// applied, and <c>training.threads</c> left to the machine (0: libtorch's default) unless an override sets it.
    /// </summary>
    public static ExperimentConfig CpuDefault(IReadOnlyList<string> overrides)
    {
        string architecture = new TrainingConfig().Architecture;
        foreach (string assignment in overrides)
            ConfigYaml.Assign(assignment, "model, training, …", (section, key, value, _) =>
            {
                if (section == "model" && key == "architecture") architecture = value.Trim();
            });
        return Load(architecture, ["training.threads=0", .. overrides]);
    }

    /// <summary>The <c>section.key</c> names <paramref name="overrides"/> set, in order.</summary>
    public static IReadOnlyList<string> Keys(IEnumerable<string> overrides)
    {
        var keys = new List<string>();
        foreach (string assignment in overrides) ConfigYaml.Assign(assignment, "model, training, …", (section, key, _, _) => keys.Add($"{section}.{key}"));
        return keys;
    }

    /// <summary>
    /// Whether a run on <paramref name="overrides"/> alone (no config file) should have its schedule chosen by
    /// <see cref="DefaultBudget"/>: yes unless an override sets the schedule itself (epochs, warmup, validation interval, patience).
    /// </summary>
    public static bool ScheduleIsDefault(IEnumerable<string> overrides) =>
        !Keys(overrides).Any(key => key is "training.epochs" or "training.warmup" or "training.val_interval" or "training.patience");

    /// <summary>
    /// One experiment config per model family, as <c>blend run</c> and sweeps choose them: each config file (its own
    /// model.architecture), or the one file (or, without one, the family's shipped CPU config) for each family in
    /// <paramref name="families"/>; <paramref name="overrides"/> apply to every family. <paramref name="familyOption"/> and
    /// <paramref name="fileOption"/> name where the families and files came from in errors.
    /// </summary>
    public static IReadOnlyList<ExperimentConfig> ForFamilies(IReadOnlyList<string> files, IReadOnlyList<string> families, IReadOnlyList<string> overrides,
        string familyOption, string fileOption)
    {
        if (families.Count > 0 && files.Count > 1)
            throw new BlendInputException($"{familyOption} cannot be combined with several {fileOption} files: each config names its model.architecture");
        foreach (string family in families)
            if (!ModelFactory.Architectures.Contains(family))
                throw new BlendInputException($"{familyOption}: {family} is not known (known: {string.Join(", ", ModelFactory.Architectures)})");
        // Without a config file each family starts from its shipped CPU config, its schedule scaled to the data (ChooseBudget).
        if (families.Count > 0)
            return [.. families.Select(f => files.Count == 1
                ? ExperimentConfig.Load(files[0], [.. overrides, $"model.architecture={f}"])
                : CpuDefault([.. overrides, $"model.architecture={f}"]))];
        if (files.Count == 0) return [CpuDefault(overrides)];
        return [.. files.Select(f => ExperimentConfig.Load(f, overrides))];
    }
}
