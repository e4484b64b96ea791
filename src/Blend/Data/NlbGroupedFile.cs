namespace Blend.Data;

/// <summary>
/// An NLB file with one group per dataset (see <see cref="NlbDatasetNames"/>): the eval target and the submission.
/// Holds the groups by name and shares reading, atomic writing and validation.
/// </summary>
public abstract class NlbGroupedFile<TDataset> where TDataset : class
{
    /// <summary>The datasets by group name (e.g. <c>mc_maze</c>, <c>mc_maze_small_20</c>).</summary>
    public Dictionary<string, TDataset> Datasets { get; } = new(StringComparer.Ordinal);

    /// <summary>The one dataset group, by name; a clear exception when it is not there.</summary>
    public TDataset this[string groupName] => Datasets.TryGetValue(groupName, out var dataset)
        ? dataset
        : throw new KeyNotFoundException($"no dataset group '{groupName}' (have: {string.Join(", ", Datasets.Keys)})");

    private protected abstract void AddTo(TDataset dataset, NlbFileWriter writer, string group);

    private protected abstract void Validate(TDataset dataset, string file, string group);

    private protected static TFile Read<TFile>(string path, string what, Func<Hdf5Reader, string, TDataset> readGroup)
        where TFile : NlbGroupedFile<TDataset>, new()
    {
        using var reader = Hdf5Reader.Open(path);
        var result = new TFile();
        foreach (string group in NlbGroups.Read(reader, what))
            result.Datasets[group] = readGroup(reader, "/" + group);
        return result;
    }

    /// <summary>Validates, then writes atomically (groups in name order).</summary>
    public void Write(string path)
    {
        Validate(path);
        var writer = new NlbFileWriter();
        foreach (var (group, dataset) in Datasets.OrderBy(d => d.Key, StringComparer.Ordinal)) AddTo(dataset, writer, "/" + group);
        writer.Write(path);
    }

    /// <summary>Throws <see cref="NlbFileException"/> for no groups, unusable group names or inconsistent shapes.</summary>
    public void Validate(string file)
    {
        NlbGroups.CheckNames(file, Datasets.Keys);
        foreach (var (group, dataset) in Datasets) Validate(dataset, file, "/" + group);
    }
}
