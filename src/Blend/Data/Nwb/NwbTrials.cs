namespace Blend.Data.Nwb;

/// <summary>
/// The NWB trials table (<c>/intervals/trials</c>) as nlb_tools' trial_info: every column, <c>id</c> named
/// <c>trial_id</c> and <c>stop_time</c> named <c>end_time</c>.
/// </summary>
public sealed class NwbTrials
{
    public const string Group = "/intervals/trials";

    private readonly Dictionary<string, NwbTrialColumn> _columns;

    public NwbTrials(int count, IEnumerable<NwbTrialColumn> columns, string source)
    {
        Count = count;
        Source = source;
        _columns = columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
    }

    public int Count { get; }

    /// <summary>The file (and table path) the trials came from, for messages.</summary>
    public string Source { get; }

    public IEnumerable<NwbTrialColumn> Columns => _columns.Values;

    public bool Has(string name) => _columns.ContainsKey(name);

    public NwbTrialColumn Column(string name) => _columns.TryGetValue(name, out var column)
        ? column
        : throw new BlendInputException($"{Source}: the trials table has no column '{Name(name)}' (it has: {string.Join(", ", _columns.Keys.Select(Name))})");

    /// <summary>A numeric column's values.</summary>
    public double[] Numbers(string name)
    {
        var column = Column(name);
        return column.Numbers ?? throw new BlendInputException($"{Source}: trials column '{Name(name)}' holds {column.Kind.ToString().ToLowerInvariant()} values, expected numbers");
    }

    /// <summary>A time column as pandas nanoseconds (NaN → NaT).</summary>
    public long[] Times(string name) => Numbers(name).Select(PandasTime.FromSeconds).ToArray();

    /// <summary>A text column's values.</summary>
    public string[] Texts(string name)
    {
        var column = Column(name);
        return column.Texts ?? throw new BlendInputException($"{Source}: trials column '{Name(name)}' holds numbers, expected text");
    }

    /// <summary>The NWB name of a trial_info column (for messages).</summary>
    private static string Name(string column) => column switch { "end_time" => "stop_time", "trial_id" => "id", _ => column };

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
                columns.Add(new NwbTrialColumn
                {
                    Name = columnName,
                    Kind = NwbColumnKind.Number,
                    Numbers = reader.ReadDoubles(key, out _),
                    IsBool = reader.IsBool(key),
                });
        }
        var trials = new NwbTrials(ids.Length, columns, $"{reader.FilePath}: {Group}");
        foreach (string required in new[] { "start_time", "end_time" })
            if (!trials.Has(required)) NwbLayout.Column(reader, Group, Name(required));
        return trials;
    }
}
