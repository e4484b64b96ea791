using PureHDF;
using PureHDF.Filters;
using PureHDF.VOL.Native;

namespace Blend.Data;

/// <summary>
/// Collects datasets under HDF5 paths and writes them in one go, the way nlb_tools' <c>save_to_h5</c> stores them:
/// floats as float32, integers as int32, masks as h5py's bool (an 8-bit enum FALSE = 0, TRUE = 1) and integer
/// lists as variable-length int32 sequences. Numeric arrays are chunked and deflate (gzip) compressed.
/// <para>
/// <see cref="Write"/> is atomic: the file is written to <c>&lt;name&gt;.tmp-&lt;random&gt;</c> in the destination
/// folder and then moved over the destination; on any failure the temporary file is deleted, so a destination is
/// either the old file or the complete new one.
/// </para>
/// </summary>
public sealed class NlbFileWriter
{
    /// <summary>Chunks hold whole leading-axis slabs of about this many bytes (at least one slab).</summary>
    private const long TargetChunkBytes = 1 << 20;

    private readonly H5File _root = new();
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);

    /// <summary>Deflate-compress numeric and mask datasets (default true). Variable-length ones are never compressed.</summary>
    public bool Compress { get; init; } = true;

    /// <summary>Test hook: runs with the temporary file's path after it is written and before it is moved.</summary>
    internal Action<string>? BeforeCommit { get; set; }

    /// <summary>The HDF5 paths added so far.</summary>
    public IReadOnlyCollection<string> Keys => _keys;

    /// <summary>Adds a trials × time × channels array as float32.</summary>
    public NlbFileWriter AddFloat32(string key, Array3 array) =>
        AddFloat32(key, array.Values, [array.Trials, array.Time, array.Channels]);

    /// <summary>
    /// Adds behaviour as float32: trials × time × channels, or, when <paramref name="is2D"/>, trials × columns
    /// (the array then has Time = 1; dmfc_rsg's behaviour is per trial).
    /// </summary>
    public NlbFileWriter AddBehavior(string key, Array3 array, bool is2D)
    {
        if (!is2D) return AddFloat32(key, array);
        if (array.Time != 1) throw new ArgumentException($"{key}: 2-D behaviour needs Time = 1, got shape {array.ShapeText}", nameof(array));
        return AddFloat32(key, array.Values, [array.Trials, array.Channels]);
    }

    /// <summary>Adds a float array of any shape (C order) as float32.</summary>
    public NlbFileWriter AddFloat32(string key, double[] values, int[] shape)
    {
        CheckShape(key, values.Length, shape);
        var data = new float[values.Length];
        for (int i = 0; i < values.Length; i++) data[i] = (float)values[i];
        return AddNumeric(key, data, shape, sizeof(float));
    }

    /// <summary>Adds a 1-D int32 dataset.</summary>
    public NlbFileWriter AddInt32(string key, int[] values) => AddNumeric(key, values.ToArray(), [values.Length], sizeof(int));

    /// <summary>Adds a rows × columns boolean mask as h5py's bool enum.</summary>
    public NlbFileWriter AddBool(string key, bool[,] mask)
    {
        int rows = mask.GetLength(0), columns = mask.GetLength(1);
        var data = new Hdf5Bool[rows * columns];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                data[r * columns + c] = mask[r, c] ? Hdf5Bool.TRUE : Hdf5Bool.FALSE;
        return AddNumeric(key, data, [rows, columns], 1);
    }

    /// <summary>Adds a list of integer lists as a 1-D variable-length int32 dataset (h5py <c>vlen_dtype(int32)</c>).</summary>
    public NlbFileWriter AddJaggedInt32(string key, IReadOnlyList<int[]> lists)
    {
        var data = new int[lists.Count][];
        for (int i = 0; i < data.Length; i++)
            data[i] = lists[i]?.ToArray() ?? throw new ArgumentException($"{key}: list {i} is null", nameof(lists));
        return Add(key, new H5Dataset(data));
    }

    private NlbFileWriter AddNumeric(string key, Array data, int[] shape, int elementBytes)
    {
        var fileDims = shape.Select(d => (ulong)d).ToArray();
        if (!Compress || data.Length == 0) return Add(key, new H5Dataset(data, fileDims: fileDims));
        return Add(key, new H5Dataset(data, chunks: Chunks(shape, elementBytes), fileDims: fileDims,
            datasetCreation: new H5DatasetCreation(Filters: [DeflateFilter.Id])));
    }

    /// <summary>Whole trailing dimensions; as many leading-axis slabs as fit in about 1 MiB.</summary>
    private static uint[] Chunks(int[] shape, int elementBytes)
    {
        long slabBytes = elementBytes;
        for (int i = 1; i < shape.Length; i++) slabBytes *= shape[i];
        var chunks = shape.Select(d => (uint)d).ToArray();
        chunks[0] = (uint)Math.Clamp(TargetChunkBytes / Math.Max(1, slabBytes), 1, shape[0]);
        return chunks;
    }

    private static void CheckShape(string key, int count, int[] shape)
    {
        if (shape.Length == 0 || shape.Any(d => d < 0))
            throw new ArgumentException($"{key}: invalid shape {Hdf5Reader.ShapeText(shape)}", nameof(shape));
        long product = 1;
        foreach (int d in shape) product *= d;
        if (product != count)
            throw new ArgumentException($"{key}: {count} values do not fill shape {Hdf5Reader.ShapeText(shape)}", nameof(shape));
    }

    private NlbFileWriter Add(string key, H5Dataset dataset)
    {
        string path = Hdf5Reader.Normalize(key);
        string[] segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0) throw new ArgumentException("a dataset needs a name", nameof(key));
        if (!_keys.Add(path)) throw new ArgumentException($"{path} was already added", nameof(key));
        H5Group group = _root;
        string current = "";
        foreach (string segment in segments[..^1])
        {
            current += "/" + segment;
            if (!group.TryGetValue(segment, out object? child))
            {
                child = new H5Group();
                group[segment] = child;
            }
            group = child as H5Group ?? throw new ArgumentException($"{current} is a dataset, cannot hold {path}", nameof(key));
        }
        if (group.ContainsKey(segments[^1])) throw new ArgumentException($"{path} is already a group", nameof(key));
        group[segments[^1]] = dataset;
        return this;
    }

    /// <summary>Writes the file atomically (temporary file in the same folder, then a move over the destination).</summary>
    public void Write(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (AtomicFile.DestinationProblem(path) is string problem) throw new NlbFileException(path, null, problem);
        try
        {
            AtomicFile.Write(path, temporary =>
            {
                _root.Write(temporary);
                BeforeCommit?.Invoke(temporary);
            });
        }
        catch (Exception e) when (e is not NlbFileException)
        {
            throw new NlbFileException(path, null, $"cannot write: {WriteFailure(e, path)}", e);
        }
    }

    /// <summary>
    /// Why writing failed, in words: the HDF5 library reports a full disk as a chunk it cannot write, so a failure while the
    /// destination's file system has (almost) no space left is said to be that.
    /// </summary>
    private static string WriteFailure(Exception error, string path)
    {
        if (error is IOException { HResult: 28 }) return "no space left on the device";
        try
        {
            string folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
            if (new DriveInfo(folder).AvailableFreeSpace < 1 << 20) return $"no space left on the device ({error.Message})";
        }
        catch (Exception probe) when (probe is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // No answer about the space left: report the error as it is.
        }
        return Staging.DestinationOf(error.Message);
    }
}
