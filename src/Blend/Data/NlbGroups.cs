namespace Blend.Data;

/// <summary>The per-dataset group layout shared by eval-target and submission files.</summary>
internal static class NlbGroups
{
    /// <summary>The file's top-level groups, each a usable dataset name (NLB or project-specific); at least one.</summary>
    public static IReadOnlyList<string> Read(Hdf5Reader reader, string what)
    {
        var groups = reader.GroupNames("/");
        if (groups.Count == 0)
        {
            var datasets = reader.DatasetNames("/");
            throw reader.Error("/", $"no dataset group; an NLB {what} file holds one group per dataset ({NlbDatasetNames.Describe()}), " +
                (datasets.Count == 0 ? "and this file is empty" : $"but this file has only datasets: {string.Join(", ", datasets)}"));
        }
        foreach (string group in groups)
            if (!NlbDatasetNames.IsUsableGroupName(group))
                throw reader.Error("/" + group, $"not a dataset group name (letters, digits and '_', starting with a letter, e.g. {NlbDatasetNames.Describe()}); the file root has: {string.Join(", ", reader.ChildNames("/"))}");
        return groups;
    }

    public static void CheckNames(string file, IReadOnlyCollection<string> groups)
    {
        if (groups.Count == 0) throw new NlbFileException(file, "/", "nothing to write: no dataset group");
        foreach (string group in groups)
            if (!NlbDatasetNames.IsUsableGroupName(group))
                throw new NlbFileException(file, "/" + group, $"not a dataset group name (letters, digits and '_', starting with a letter, e.g. {NlbDatasetNames.Describe()})");
    }
}
