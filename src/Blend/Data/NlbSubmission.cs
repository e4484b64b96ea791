namespace Blend.Data;

/// <summary>
/// An NLB submission file (the format EvalAI and nlb_tools.evaluation take): one group per dataset (see
/// <see cref="NlbDatasetNames"/>), each an <see cref="NlbDatasetRates"/>.
/// </summary>
public sealed class NlbSubmission
{
    /// <summary>The datasets by group name (e.g. <c>mc_maze</c>, <c>mc_maze_small_20</c>).</summary>
    public Dictionary<string, NlbDatasetRates> Datasets { get; } = new(StringComparer.Ordinal);

    public NlbSubmission() { }

    public NlbSubmission(string groupName, NlbDatasetRates rates) => Datasets[groupName] = rates;

    /// <summary>The one dataset group, by name; a clear exception when it is not there.</summary>
    public NlbDatasetRates this[string groupName] => Datasets.TryGetValue(groupName, out var rates)
        ? rates
        : throw new KeyNotFoundException($"no dataset group '{groupName}' (have: {string.Join(", ", Datasets.Keys)})");

    public static NlbSubmission Read(string path)
    {
        using var reader = Hdf5Reader.Open(path);
        var result = new NlbSubmission();
        foreach (string group in NlbGroups.Read(reader, "submission"))
            result.Datasets[group] = NlbDatasetRates.Read(reader, "/" + group);
        return result;
    }

    public void Write(string path)
    {
        Validate(path);
        var writer = new NlbFileWriter();
        foreach (var (group, rates) in Datasets.OrderBy(d => d.Key, StringComparer.Ordinal)) rates.AddTo(writer, "/" + group);
        writer.Write(path);
    }

    /// <summary>Throws <see cref="NlbFileException"/> for an empty submission, unknown group names or inconsistent shapes.</summary>
    public void Validate(string file)
    {
        NlbGroups.CheckNames(file, Datasets.Keys);
        foreach (var (group, rates) in Datasets) rates.Validate(file, "/" + group);
    }
}
