namespace Blend.Data.Nwb.Writing;

/// <summary>
/// Collects the parts of an NWB 2.x file as the Neural Latents Benchmark's DANDI files have them (units table,
/// trials table, electrodes, processing modules of time series) and writes them with the layout and attribute
/// conventions pynwb / hdmf use: <c>neurodata_type</c>, <c>namespace</c> and <c>object_id</c> on every typed
/// object, <c>colnames</c> on tables, ragged columns as VectorData plus a VectorIndex whose <c>target</c>
/// references it, h5py's bool enum, variable-length UTF-8 strings, shuffle + gzip where compressed.
/// <para>
/// For error-case tests the finished layout can be damaged before it is written: <see cref="Omit"/>,
/// <see cref="OmitAttribute"/>, <see cref="SetAttribute"/>, <see cref="ReplaceData"/> and <see cref="ReplaceIndex"/>
/// apply, in the order given, to HDF5 paths such as <c>/units/spike_times_index</c>, and a path that is not in the
/// file is an error at <see cref="Write"/> (so a test cannot silently damage nothing). To leave a column out cleanly
/// (colnames included) use <see cref="NwbTable.RemoveColumn"/> instead.
/// </para>
/// <para>
/// <see cref="Write"/> is atomic (temporary file in the destination folder, then a rename) and deterministic: the
/// object ids are name-based UUIDs and nothing is taken from the clock, so the same content gives the same bytes.
/// The cached schema (<c>/specifications</c>) and the root's <c>.specloc</c> reference are not written; pynwb then
/// uses its installed schema.
/// </para>
/// </summary>
public sealed class NwbFileBuilder
{
    /// <summary>The NWB schema version written to the root's <c>nwb_version</c> attribute.</summary>
    public const string NwbVersion = "2.6.0";
    /// <summary>HDF5 path of the electrodes table (written when any electrode was added).</summary>
    public const string ElectrodesPath = "/general/extracellular_ephys/electrodes";
    /// <summary>HDF5 path of the units table.</summary>
    public const string UnitsPath = "/units";
    /// <summary>HDF5 path of the trials table (TimeIntervals).</summary>
    public const string TrialsPath = "/intervals/trials";

    private readonly List<NwbElectrodeGroup> _electrodeGroups = [];
    private readonly List<NwbElectrode> _electrodes = [];
    private readonly List<NwbProcessingModule> _modules = [];
    private readonly List<(string What, Action<HdfTree> Apply)> _damage = [];

    /// <summary>Starts an empty file with this metadata; <see cref="NwbSessionInfo.Identifier"/> must not be blank.</summary>
    public NwbFileBuilder(NwbSessionInfo session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (string.IsNullOrWhiteSpace(session.Identifier)) throw new ArgumentException("the session needs an identifier", nameof(session));
        Session = session;
    }

    /// <summary>The file-level metadata (identifier, session description and start time, subject, …).</summary>
    public NwbSessionInfo Session { get; }

    /// <summary>The trials table (TimeIntervals); written when it has any column.</summary>
    public NwbTable Trials { get; } = new("TimeIntervals", "core", "experimental trials");

    /// <summary>The units table; written when it has any unit.</summary>
    public NwbUnitsData Units { get; } = new();

    /// <summary>The electrodes table's rows in order; a unit names an electrode by its row number here.</summary>
    public IReadOnlyList<NwbElectrode> Electrodes => _electrodes;

    /// <summary>The processing modules (<c>/processing/&lt;name&gt;</c>) in the order they were added.</summary>
    public IReadOnlyList<NwbProcessingModule> ProcessingModules => _modules;

    /// <summary>
    /// Adds an electrode group (<c>/general/extracellular_ephys/&lt;name&gt;</c>) and, once per device name, its device.
    /// Group names must be unique, and groups sharing a device must describe it the same way.
    /// </summary>
    public NwbFileBuilder AddElectrodeGroup(NwbElectrodeGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (_electrodeGroups.Any(g => g.Name == group.Name)) throw new ArgumentException($"electrode group {group.Name} already exists", nameof(group));
        if (_electrodeGroups.Any(g => g.Device == group.Device && g.DeviceDescription != group.DeviceDescription))
            throw new ArgumentException($"device {group.Device} is described twice, differently", nameof(group));
        _electrodeGroups.Add(group);
        return this;
    }

    /// <summary>Adds an electrode row (its row number is the value units use to name it).</summary>
    public NwbFileBuilder AddElectrode(NwbElectrode electrode)
    {
        ArgumentNullException.ThrowIfNull(electrode);
        if (_electrodeGroups.All(g => g.Name != electrode.Group))
            throw new ArgumentException($"electrode group {electrode.Group} has not been added", nameof(electrode));
        _electrodes.Add(electrode);
        return this;
    }

    /// <summary>Adds an empty processing module named <paramref name="name"/> (unique, no '/') and returns it for adding series.</summary>
    public NwbProcessingModule AddProcessingModule(string name, string description)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Contains('/')) throw new ArgumentException($"invalid module name '{name}'", nameof(name));
        if (_modules.Any(m => m.Name == name)) throw new ArgumentException($"processing module {name} already exists", nameof(name));
        var module = new NwbProcessingModule(name, description);
        _modules.Add(module);
        return module;
    }

    // ---- deliberate damage ------------------------------------------------------------------------------------

    /// <summary>Leaves the group, dataset or link at <paramref name="path"/> out (tables keep listing it in colnames).</summary>
    public NwbFileBuilder Omit(string path) => Damage($"omit {path}", tree =>
    {
        if (!tree.Remove(path)) throw NotInFile(path);
    });

    /// <summary>Leaves attribute <paramref name="name"/> of the object at <paramref name="path"/> out of the written file.</summary>
    public NwbFileBuilder OmitAttribute(string path, string name) => Damage($"omit {path}@{name}", tree =>
    {
        if (!(tree.Find(path) ?? throw NotInFile(path)).Attributes.Remove(name)) throw NotInFile($"{path}@{name}");
    });

    /// <summary>Sets (or adds) an attribute: a string, string[], double or long.</summary>
    public NwbFileBuilder SetAttribute(string path, string name, object value)
    {
        if (value is not (string or string[] or double or long)) throw new ArgumentException($"attribute values are string, string[], double or long, not {value?.GetType().Name}", nameof(value));
        return Damage($"set {path}@{name}", tree => (tree.Find(path) ?? throw NotInFile(path)).Attributes[name] = value);
    }

    /// <summary>
    /// Replaces a dataset's values (any element type the writer supports, of any length) and shape, keeping its
    /// attributes: e.g. a column one row short, float32 spike times, or a 1-D obs_intervals.
    /// </summary>
    public NwbFileBuilder ReplaceData(string path, Array values, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Rank != 1) throw new ArgumentException("give the values as a 1-D array in C order", nameof(values));
        long product = shape.Aggregate(1L, (p, d) => p * d);
        if (shape.Length == 0 || shape.Any(d => d < 0) || product != values.Length)
            throw new ArgumentException($"{values.Length} values do not fill shape ({string.Join(", ", shape)})", nameof(shape));
        return Damage($"replace {path}", tree =>
        {
            var node = tree.Find(path) as HdfDatasetNode ?? throw NotInFile(path, "dataset");
            node.Data = values;
            node.Dims = shape.Select(d => (ulong)d).ToArray();
        });
    }

    /// <summary>
    /// Replaces a VectorIndex with these end offsets, in hdmf's width for them: e.g. a last value past the data's
    /// length, or values that decrease.
    /// </summary>
    public NwbFileBuilder ReplaceIndex(string path, IReadOnlyList<long> ends)
    {
        var encoded = VectorIndexWidth.Encode(ends);
        return ReplaceData(path, encoded, encoded.Length);
    }

    private NwbFileBuilder Damage(string what, Action<HdfTree> apply)
    {
        _damage.Add((what, apply));
        return this;
    }

    private static ArgumentException NotInFile(string path, string what = "object") =>
        new($"cannot damage {path}: no such {what} in the file");

    // ---- layout and writing -----------------------------------------------------------------------------------

    /// <summary>Writes the file atomically; an existing file at <paramref name="path"/> is replaced.</summary>
    public void Write(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var tree = BuildTree();
        AtomicFile.Write(path, temporary => HdfTreeWriter.Write(tree, temporary));
    }

    /// <summary>The complete layout, damage applied. Children are added in an order that puts every reference target
    /// (electrode groups, the electrodes table, VectorData) before what refers to it, as PureHDF needs.</summary>
    internal HdfTree BuildTree()
    {
        var tree = new HdfTree();
        string id = Session.Identifier;
        var root = tree.Root;
        root.Attributes["namespace"] = "core";
        root.Attributes["neurodata_type"] = "NWBFile";
        root.Attributes["nwb_version"] = NwbVersion;
        root.Attributes["object_id"] = NwbObjectIds.For(id, "/");

        tree.Group("/acquisition");
        tree.Group("/analysis");
        tree.Texts("/file_create_date", [NwbSessionInfo.Format(Session.FileCreateDate)]);
        WriteGeneral(tree);
        tree.Text("/identifier", id);
        if (!Trials.IsEmpty) Trials.WriteTo(tree, TrialsPath, id);
        if (_modules.Count > 0) tree.Group("/processing");
        foreach (var module in _modules) module.WriteTo(tree, "/processing/" + module.Name, id);
        tree.Text("/session_description", Session.SessionDescription);
        tree.Text("/session_start_time", NwbSessionInfo.Format(Session.SessionStartTime));
        tree.Group("/stimulus/presentation");
        tree.Group("/stimulus/templates");
        tree.Text("/timestamps_reference_time", NwbSessionInfo.Format(Session.TimestampsReferenceTime ?? Session.SessionStartTime));
        if (Units.Count > 0)
            Units.ToTable(_electrodes.Count > 0 ? ElectrodesPath : null, _electrodes.Count).WriteTo(tree, UnitsPath, id);

        foreach (var (_, apply) in _damage) apply(tree);
        return tree;
    }

    private void WriteGeneral(HdfTree tree)
    {
        string id = Session.Identifier;
        tree.Group("/general");
        foreach (var group in _electrodeGroups.DistinctBy(g => g.Device))
        {
            string path = "/general/devices/" + group.Device;
            var device = tree.Group(path);
            device.Attributes["description"] = group.DeviceDescription;
            NwbAttributes.Type(device, "core", "Device", NwbObjectIds.For(id, path));
        }
        if (Session.ExperimentDescription is string experiment) tree.Text("/general/experiment_description", experiment);
        if (Session.Experimenters.Count > 0) tree.Texts("/general/experimenter", [.. Session.Experimenters]);
        foreach (var group in _electrodeGroups)
        {
            string path = "/general/extracellular_ephys/" + group.Name;
            var node = tree.Group(path);
            node.Attributes["description"] = group.Description;
            node.Attributes["location"] = group.Location;
            NwbAttributes.Type(node, "core", "ElectrodeGroup", NwbObjectIds.For(id, path));
            tree.SoftLink(path + "/device", "/general/devices/" + group.Device);
        }
        if (_electrodes.Count > 0) ElectrodesTable().WriteTo(tree, ElectrodesPath, id);
        if (Session.Institution is string institution) tree.Text("/general/institution", institution);
        if (Session.Keywords.Count > 0) tree.Texts("/general/keywords", [.. Session.Keywords]);
        if (Session.Lab is string lab) tree.Text("/general/lab", lab);
        if (Session.SessionId is string session) tree.Text("/general/session_id", session);
        if (Session.Subject is NwbSubject subject)
        {
            var node = tree.Group("/general/subject");
            NwbAttributes.Type(node, "core", "Subject", NwbObjectIds.For(id, "/general/subject"));
            tree.Text("/general/subject/description", subject.Description);
            tree.Text("/general/subject/species", subject.Species);
            tree.Text("/general/subject/subject_id", subject.SubjectId);
        }
    }

    /// <summary>pynwb's electrodes table columns, in its order.</summary>
    private NwbTable ElectrodesTable()
    {
        var table = new NwbTable("DynamicTable", "hdmf-common", "metadata about extracellular electrodes");
        table.AddColumn("location", "the location of channel within the subject e.g. brain region", _electrodes.Select(e => e.Location).ToArray());
        table.Add(new NwbColumn("group", "a reference to the ElectrodeGroup this electrode is a part of",
            _electrodes.Select(e => new HdfReference("/general/extracellular_ephys/" + e.Group)).ToArray(), Width: 1, Ends: null));
        table.AddColumn("group_name", "the name of the ElectrodeGroup this electrode is a part of", _electrodes.Select(e => e.Group).ToArray());
        table.AddColumn("x", "the x coordinate of the position (+x is posterior)", _electrodes.Select(e => e.X).ToArray());
        table.AddColumn("y", "the y coordinate of the position (+y is inferior)", _electrodes.Select(e => e.Y).ToArray());
        table.AddColumn("z", "the z coordinate of the position (+z is right)", _electrodes.Select(e => e.Z).ToArray());
        table.AddColumn("imp", "the impedance of the electrode, in ohms", _electrodes.Select(e => e.Impedance).ToArray());
        table.AddColumn("filtering", "description of hardware filtering, including the filter name and frequency cutoffs",
            _electrodes.Select(e => e.Filtering).ToArray());
        return table;
    }
}
