namespace Blend.Data.Nwb;

/// <summary>Required-path checks that say what is missing, where, and why nlb_tools needs it.</summary>
internal static class NwbLayout
{
    public static void RequireGroup(Hdf5Reader reader, string group, string what)
    {
        if (!reader.IsGroup(group))
            throw reader.Error(group, $"missing: an NLB NWB file needs {what} here" + (reader.Exists(group) ? " (found a dataset, expected a group)" : ""));
    }

    /// <summary>The key of a required column dataset in a table group.</summary>
    public static string Column(Hdf5Reader reader, string group, string name, string? why = null)
    {
        string key = group + "/" + name;
        if (!reader.IsDataset(key))
        {
            string have = string.Join(", ", reader.DatasetNames(group));
            throw reader.Error(key, $"required column is missing{(why is null ? "" : $" ({why})")}; {group} has: {have}");
        }
        return key;
    }
}
