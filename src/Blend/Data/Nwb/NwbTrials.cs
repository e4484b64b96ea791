namespace Blend.Data.Nwb;

/// <summary>
/// The NWB trials table (<c>/intervals/trials</c>) as read from one file: every column, <c>id</c> named
/// <c>trial_id</c> and <c>stop_time</c> named <c>end_time</c> as in nlb_tools' trial_info. <see cref="TrialTable"/>
/// joins the files' tables and gives typed access.
/// </summary>
public sealed class NwbTrials
{
    /// <summary>The HDF5 path of the NWB trials table.</summary>
    public const string Group = "/intervals/trials";

    /// <summary>A table of <paramref name="count"/> trials with the given columns; <paramref name="source"/> names it in messages.</summary>
    public NwbTrials(int count, IReadOnlyList<NwbTrialColumn> columns, string source)
    {
        Count = count;
        Source = source;
        Columns = columns;
    }

    /// <summary>Number of trials (table rows).</summary>
    public int Count { get; }

    /// <summary>The file (and table path) the trials came from, for messages.</summary>
    public string Source { get; }

    /// <summary>Every column in stored order, <c>trial_id</c> first; ragged or non-numeric columns are kept as <see cref="NwbColumnKind.Unused"/>.</summary>
    public IReadOnlyList<NwbTrialColumn> Columns { get; }

    /// <summary>The NWB name of a trial_info column, for messages: <c>end_time</c> is <c>stop_time</c>, <c>trial_id</c> is <c>id</c>.</summary>
    public static string NwbName(string column) => column switch { "end_time" => "stop_time", "trial_id" => "id", _ => column };

    /// <summary>
    /// Reads <c>/intervals/trials</c>: the <c>id</c> column as <c>trial_id</c>, then every other column. Requires
    /// <c>start_time</c> and <c>stop_time</c> and one row per trial in each column; raises <see cref="NlbFileException"/> otherwise.
    /// </summary>
    public static NwbTrials Read(Hdf5Reader reader)
    {
        NwbLayout.RequireGroup(reader, Group, "the trials table (trial times, alignment times and the benchmark split)");
        string idKey = NwbLayout.Column(reader, Group, "id");
        long[] ids = reader.ReadInt64Vector(idKey);
        var names = reader.DatasetNames(Group);
        var columns = new List<NwbTrialColumn>
        {
            new() { Name = "trial_id", Kind = NwbColumnKind.Number, Numbers = ids.Select(i => (double)i).ToArray() },
        };
        foreach (string name in names)
        {
            if (name == "id" || (name.EndsWith("_index", StringComparison.Ordinal) && names.Contains(name[..^"_index".Length]))) continue;
            string key = Group + "/" + name;
            string columnName = name == "stop_time" ? "end_time" : name;
            if (names.Contains(name + "_index"))
            {
                NwbRaggedIndex.Read(reader, key + "_index", key, ids.Length);
                columns.Add(new NwbTrialColumn { Name = columnName, Kind = NwbColumnKind.Unused });
                continue;
            }
            int[] shape = reader.Shape(key);
            if (shape.Length == 0 || shape[0] != ids.Length)
                throw reader.Error(key, $"a trials column must hold one row per trial ({ids.Length}), found shape {Hdf5Reader.ShapeText(shape)}");
            if (shape.Length > 1 || !(reader.IsText(key) || reader.IsNumeric(key)))
                columns.Add(new NwbTrialColumn { Name = columnName, Kind = NwbColumnKind.Unused });
            else if (reader.IsText(key))
                columns.Add(new NwbTrialColumn { Name = columnName, Kind = NwbColumnKind.Text, Texts = reader.ReadStrings(key) });
            else
                columns.Add(new NwbTrialColumn { Name = columnName, Kind = NwbColumnKind.Number, Numbers = reader.ReadDoubles(key, out _) });
        }
        foreach (string required in new[] { "start_time", "stop_time" })
            NwbLayout.Column(reader, Group, required);
        return new NwbTrials(ids.Length, columns, $"{reader.FilePath}: {Group}");
    }
}
