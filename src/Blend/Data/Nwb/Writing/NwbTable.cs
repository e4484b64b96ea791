namespace Blend.Data.Nwb.Writing;

/// <summary>
/// An hdmf DynamicTable (the trials table, the units table, the electrodes table): a group whose <c>colnames</c>
/// attribute lists the columns in order, one VectorData dataset per column, a VectorIndex <c>&lt;name&gt;_index</c>
/// for each ragged column (cumulative end offsets, hdmf's index width, see <see cref="VectorIndexWidth"/>) and the
/// row ids in <c>id</c>. Every column must have the table's row count; ids default to 0, 1, 2, ….
/// </summary>
public sealed class NwbTable
{
    private static readonly Type[] NumericTypes =
        [typeof(double), typeof(float), typeof(long), typeof(int), typeof(short), typeof(sbyte), typeof(ulong), typeof(uint), typeof(ushort), typeof(byte)];

    private readonly List<NwbColumn> _columns = [];
    private long[]? _ids;

    internal NwbTable(string neurodataType, string @namespace, string description)
    {
        NeurodataType = neurodataType;
        Namespace = @namespace;
        Description = description;
    }

    /// <summary>TimeIntervals, Units or DynamicTable.</summary>
    public string NeurodataType { get; }

    /// <summary>core or hdmf-common: the namespace of <see cref="NeurodataType"/>.</summary>
    public string Namespace { get; }

    /// <summary>The table's <c>description</c> attribute.</summary>
    public string Description { get; set; }

    /// <summary>The rows, set by the first column or <see cref="SetIds"/>; null before either.</summary>
    public int? RowCount { get; private set; }

    /// <summary>The column names in order, as written to <c>colnames</c> (indexes not listed).</summary>
    public IReadOnlyList<string> ColumnNames => _columns.Select(c => c.Name).ToList();

    /// <summary>The row ids (default 0 … rows − 1).</summary>
    public long[] Ids => _ids ?? Enumerable.Range(0, RowCount ?? 0).Select(i => (long)i).ToArray();

    /// <summary>Whether the table has neither columns nor ids (an empty trials table is not written).</summary>
    public bool IsEmpty => _columns.Count == 0 && _ids is null;

    /// <summary>Sets the row ids (<c>id</c>, e.g. unit ids); their count must match the table's rows, or sets it when there is no column yet.</summary>
    public NwbTable SetIds(long[] ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        CheckRows("id", ids.Length);
        _ids = ids;
        return this;
    }

    /// <summary>A float64 column, one value per row (e.g. times in seconds).</summary>
    public NwbTable AddColumn(string name, string description, double[] values) => AddPlain(name, description, values);

    /// <summary>An int64 column, one value per row.</summary>
    public NwbTable AddColumn(string name, string description, long[] values) => AddPlain(name, description, values);

    /// <summary>A boolean column, written as h5py's bool enum.</summary>
    public NwbTable AddColumn(string name, string description, bool[] values) => AddPlain(name, description, values);

    /// <summary>A text column, written as variable-length UTF-8 strings.</summary>
    public NwbTable AddColumn(string name, string description, string[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Any(v => v is null)) throw new ArgumentException($"{name}: strings cannot be null", nameof(values));
        return AddPlain(name, description, values);
    }

    /// <summary>
    /// A ragged column: row i holds <c>rows[i].Length / width</c> entries of <paramref name="width"/> values each
    /// (e.g. width 2 for n × 2 target positions). Written as an n × width (or 1-D when width is 1) dataset of
    /// <typeparamref name="T"/> plus the <c>_index</c> of cumulative ends.
    /// </summary>
    public NwbTable AddRaggedColumn<T>(string name, string description, IReadOnlyList<T[]> rows, int width = 1) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (!NumericTypes.Contains(typeof(T))) throw new ArgumentException($"{name}: ragged columns hold numbers, not {typeof(T).Name}", nameof(rows));
        return Add(NwbColumn.Ragged(name, description, rows, width));
    }

    /// <summary>Removes a column (and its index) as if it had never been added; false when there is none.</summary>
    public bool RemoveColumn(string name) => _columns.RemoveAll(c => c.Name == name) > 0;

    /// <summary>Adds a prepared column (the units table builds its own ragged columns without copying rows twice).</summary>
    internal NwbTable Add(NwbColumn column)
    {
        if (string.IsNullOrWhiteSpace(column.Name) || column.Name.Contains('/') || column.Name == "id")
            throw new ArgumentException($"invalid column name '{column.Name}'", nameof(column));
        if (_columns.Any(c => c.Name == column.Name || c.Name + "_index" == column.Name || c.Name == column.Name + "_index"))
            throw new ArgumentException($"column {column.Name} clashes with an existing column", nameof(column));
        if (column.Values.Length % column.Width != 0)
            throw new ArgumentException($"{column.Name}: {column.Values.Length} values are not rows of {column.Width}", nameof(column));
        CheckRows(column.Name, column.TableRows);
        _columns.Add(column);
        return this;
    }

    private NwbTable AddPlain(string name, string description, Array values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Add(new NwbColumn(name, description, values, Width: 1, Ends: null));
    }

    private void CheckRows(string name, int rows)
    {
        if (RowCount is int expected && expected != rows)
            throw new ArgumentException($"{name} has {rows} rows, the table has {expected}");
        RowCount = rows;
    }

    /// <summary>Lays the table out under <paramref name="path"/>: columns (each data before its index), then ids.</summary>
    internal void WriteTo(HdfTree tree, string path, string fileIdentifier)
    {
        var group = tree.Group(path);
        group.Attributes["colnames"] = _columns.Select(c => c.Name).ToArray();
        group.Attributes["description"] = Description;
        NwbAttributes.Type(group, Namespace, NeurodataType, NwbObjectIds.For(fileIdentifier, path));
        foreach (var column in _columns)
        {
            string columnPath = path + "/" + column.Name;
            ulong[] dims = column.Width == 1 ? [(ulong)column.DataRows] : [(ulong)column.DataRows, (ulong)column.Width];
            var data = tree.Dataset(columnPath, column.Values, dims);
            data.Attributes["description"] = column.Description;
            NwbAttributes.Type(data, "hdmf-common", column.NeurodataType, NwbObjectIds.For(fileIdentifier, columnPath));
            if (column.RegionTable is string table) data.Attributes["table"] = new HdfReference(table);
            if (column.Ends is not long[] ends) continue;
            string indexPath = columnPath + "_index";
            var index = tree.Dataset(indexPath, VectorIndexWidth.Encode(ends), [(ulong)ends.Length]);
            index.Attributes["description"] = $"Index for VectorData '{column.Name}'";
            NwbAttributes.Type(index, "hdmf-common", "VectorIndex", NwbObjectIds.For(fileIdentifier, indexPath));
            index.Attributes["target"] = new HdfReference(columnPath);
        }
        long[] rowIds = Ids;
        var ids = tree.Dataset(path + "/id", rowIds, [(ulong)rowIds.Length]);
        NwbAttributes.Type(ids, "hdmf-common", "ElementIdentifiers", NwbObjectIds.For(fileIdentifier, path + "/id"));
    }
}
