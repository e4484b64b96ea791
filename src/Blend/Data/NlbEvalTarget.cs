namespace Blend.Data;

/// <summary>
/// nlb_tools' <c>eval_target.h5</c>: one group per dataset (see <see cref="NlbDatasetNames"/>), each an
/// <see cref="NlbDatasetTarget"/>. Group names must be known NLB names, optionally with a bin suffix (<c>_20</c>).
/// </summary>
public sealed class NlbEvalTarget
{
    /// <summary>The datasets by group name (e.g. <c>mc_maze</c>, <c>mc_maze_small_20</c>).</summary>
    public Dictionary<string, NlbDatasetTarget> Datasets { get; } = new(StringComparer.Ordinal);

    public NlbEvalTarget() { }

    public NlbEvalTarget(string groupName, NlbDatasetTarget target) => Datasets[groupName] = target;

    /// <summary>The one dataset group, by name; a clear exception when it is not there.</summary>
    public NlbDatasetTarget this[string groupName] => Datasets.TryGetValue(groupName, out var target)
        ? target
        : throw new KeyNotFoundException($"no dataset group '{groupName}' (have: {string.Join(", ", Datasets.Keys)})");

    public static NlbEvalTarget Read(string path)
    {
        using var reader = Hdf5Reader.Open(path);
        var result = new NlbEvalTarget();
        foreach (string group in NlbGroups.Read(reader, "eval target"))
            result.Datasets[group] = NlbDatasetTarget.Read(reader, "/" + group);
        return result;
    }

    public void Write(string path)
    {
        Validate(path);
        var writer = new NlbFileWriter();
        foreach (var (group, target) in Datasets.OrderBy(d => d.Key, StringComparer.Ordinal)) target.AddTo(writer, "/" + group);
        writer.Write(path);
    }

    /// <summary>Throws <see cref="NlbFileException"/> for an empty target, unknown group names or inconsistent shapes.</summary>
    public void Validate(string file)
    {
        NlbGroups.CheckNames(file, Datasets.Keys);
        foreach (var (group, target) in Datasets) target.Validate(file, "/" + group);
    }
}
