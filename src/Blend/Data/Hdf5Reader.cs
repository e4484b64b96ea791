using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace Blend.Data;

/// <summary>
/// A thin read-only wrapper over PureHDF that turns every failure into an <see cref="NlbFileException"/> naming the
/// file and HDF5 path, and reads any little-endian integer or float dataset (h5py's bool enum included) as the
/// plain .NET arrays the NLB types use. Keys are HDF5 paths, with or without the leading slash.
/// </summary>
public sealed partial class Hdf5Reader : IDisposable
{
    private static readonly byte[] Signature = [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0d, 0x0a, 0x1a, 0x0a];

    private readonly NativeFile _file;

    /// <summary>The path as given to <see cref="Open"/>.</summary>
    public string FilePath { get; }

    private readonly long _fileBytes;

    private Hdf5Reader(string path, NativeFile file)
    {
        FilePath = path;
        _fileBytes = new FileInfo(path).Length;
        _file = file;
    }

    /// <summary>Opens an HDF5 file for reading. Missing files, folders and non-HDF5 files raise <see cref="NlbFileException"/>.</summary>
    public static Hdf5Reader Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path)) throw new NlbFileException(path, null, "is a folder, not an HDF5 file");
        if (!File.Exists(path)) throw new NlbFileException(path, null, "file not found");
        try
        {
            if (!HasSignature(path))
                throw new NlbFileException(path, null, "not an HDF5 file (no HDF5 signature at offset 0, 512, 1024, ...)");
            return new Hdf5Reader(path, H5File.OpenRead(path));
        }
        catch (NlbFileException) { throw; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NlbFileException(path, null, $"cannot open: {e.Message}", e);
        }
        catch (Exception e)
        {
            throw new NlbFileException(path, null, $"not a readable HDF5 file: {e.Message}", e);
        }
    }

    /// <summary>HDF5 puts its signature at 0 or, after a user block, at 512, 1024, 2048, …</summary>
    private static bool HasSignature(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        Span<byte> buffer = stackalloc byte[8];
        for (long offset = 0; offset + 8 <= stream.Length; offset = offset == 0 ? 512 : offset * 2)
        {
            stream.Position = offset;
            stream.ReadExactly(buffer);
            if (buffer.SequenceEqual(Signature)) return true;
        }
        return false;
    }

    /// <summary>Closes the HDF5 file.</summary>
    public void Dispose() => _file.Dispose();

    /// <summary>An exception about this file.</summary>
    public NlbFileException Error(string? key, string problem, Exception? inner = null) =>
        new(FilePath, key is null ? null : Normalize(key), problem, inner);

    /// <summary>"/a/b" for "a/b", "/a/b" or "a/b/"; "/" for the root.</summary>
    public static string Normalize(string key) =>
        "/" + string.Join('/', key.Split('/', StringSplitOptions.RemoveEmptyEntries));

    private static string Join(string group, string name) => group == "/" ? "/" + name : group + "/" + name;

    /// <summary>True when a link (group or dataset) exists at the path.</summary>
    public bool Exists(string key) => TryResolve(Normalize(key), out _, out _);

    /// <summary>True when the path exists and is a group.</summary>
    public bool IsGroup(string key) => TryResolve(Normalize(key), out var obj, out _) && obj is IH5Group;

    /// <summary>True when the path exists and is a dataset.</summary>
    public bool IsDataset(string key) => TryResolve(Normalize(key), out var obj, out _) && obj is IH5Dataset;

    /// <summary>The names of a group's members, sorted ordinally.</summary>
    public IReadOnlyList<string> ChildNames(string groupKey = "/") =>
        Children(GetGroup(groupKey), Normalize(groupKey)).Select(c => c.Name).ToList();

    /// <summary>The names of a group's member groups.</summary>
    public IReadOnlyList<string> GroupNames(string groupKey = "/") =>
        Children(GetGroup(groupKey), Normalize(groupKey)).Where(c => c.Object is IH5Group).Select(c => c.Name).ToList();

    /// <summary>The names of a group's member datasets.</summary>
    public IReadOnlyList<string> DatasetNames(string groupKey = "/") =>
        Children(GetGroup(groupKey), Normalize(groupKey)).Where(c => c.Object is IH5Dataset).Select(c => c.Name).ToList();

    /// <summary>The shape of a dataset (empty for a scalar).</summary>
    public int[] Shape(string key)
    {
        var (dataset, path) = GetDataset(key);
        return ShapeOf(dataset, path);
    }

    /// <summary>numpy-style dtype text of a dataset: float32, int64, bool, vlen&lt;int32&gt;, …</summary>
    public string Dtype(string key) => Describe(GetDataset(key).Dataset.Type);

    /// <summary>Reads a float or integer dataset of any rank into float64 in C order.</summary>
    public double[] ReadDoubles(string key, out int[] shape)
    {
        var (dataset, path) = GetDataset(key);
        shape = ShapeOf(dataset, path);
        return ReadNumeric(dataset, path);
    }

    /// <summary>Reads a rank-3 (trials × time × channels) float or integer dataset.</summary>
    public Array3 ReadArray3(string key)
    {
        var (dataset, path) = GetDataset(key);
        int[] shape = ShapeOf(dataset, path);
        if (shape.Length != 3)
            throw Error(path, $"expected rank 3 (trials × time × channels), found rank {shape.Length} with shape {ShapeText(shape)}");
        return new Array3(shape[0], shape[1], shape[2], ReadNumeric(dataset, path));
    }

    /// <summary>
    /// Reads a rank-2 (rows × columns) or rank-3 dataset as an <see cref="Array3"/>; a rank-2 one becomes
    /// rows × 1 × columns and <paramref name="is2D"/> is set. Used for behaviour, which is 2-D for dmfc_rsg.
    /// </summary>
    public Array3 ReadArray2Or3(string key, out bool is2D)
    {
        var (dataset, path) = GetDataset(key);
        int[] shape = ShapeOf(dataset, path);
        is2D = shape.Length == 2;
        return shape.Length switch
        {
            3 => new Array3(shape[0], shape[1], shape[2], ReadNumeric(dataset, path)),
            2 => new Array3(shape[0], 1, shape[1], ReadNumeric(dataset, path)),
            _ => throw Error(path, $"expected rank 3 (trials × time × channels) or rank 2 (trials × columns), found rank {shape.Length} with shape {ShapeText(shape)}"),
        };
    }

    /// <summary>Reads a 1-D integer dataset into int32 (values outside int32 are an error).</summary>
    public int[] ReadInt32Vector(string key)
    {
        var (dataset, path) = GetDataset(key);
        int[] shape = ShapeOf(dataset, path);
        if (shape.Length != 1) throw Error(path, $"expected rank 1, found rank {shape.Length} with shape {ShapeText(shape)}");
        return ReadIntegers(dataset, path);
    }

    /// <summary>
    /// Reads a 2-D boolean mask: h5py's bool (an 8-bit enum FALSE = 0, TRUE = 1) or any integer type holding 0 and 1.
    /// </summary>
    public bool[,] ReadBoolMatrix(string key)
    {
        var (dataset, path) = GetDataset(key);
        int[] shape = ShapeOf(dataset, path);
        if (shape.Length != 2) throw Error(path, $"expected rank 2 (trials × masks), found rank {shape.Length} with shape {ShapeText(shape)}");
        int[] values = ReadIntegers(dataset, path);
        var mask = new bool[shape[0], shape[1]];
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] is not (0 or 1))
                throw Error(path, $"boolean mask holds {values[i]} at flat index {i}; only 0 and 1 are allowed");
            mask[i / shape[1], i % shape[1]] = values[i] == 1;
        }
        return mask;
    }

    /// <summary>
    /// Reads a list of integer lists: a 1-D variable-length integer dataset (h5py <c>vlen_dtype(int32)</c>), or a
    /// 2-D integer dataset read row by row. Empty sequences come back as empty arrays.
    /// </summary>
    public int[][] ReadJaggedInt32(string key)
    {
        var (dataset, path) = GetDataset(key);
        int[] shape = ShapeOf(dataset, path);
        var type = dataset.Type;
        if (type.Class == H5DataTypeClass.VariableLength)
        {
            if (shape.Length != 1) throw Error(path, $"expected a 1-D list of sequences, found rank {shape.Length} with shape {ShapeText(shape)}");
            var baseType = SafeBaseType(type);
            if (baseType is null || baseType.Class != H5DataTypeClass.FixedPoint)
                throw Error(path, $"unsupported dtype {Describe(type)}: expected variable-length integer sequences");
            return Decode<int[][]>(path, type, () => baseType.Size switch
            {
                1 when baseType.FixedPoint.IsSigned => Rows(dataset.Read<sbyte[][]>(), v => (int)v),
                1 => Rows(dataset.Read<byte[][]>(), v => (int)v),
                2 when baseType.FixedPoint.IsSigned => Rows(dataset.Read<short[][]>(), v => (int)v),
                2 => Rows(dataset.Read<ushort[][]>(), v => (int)v),
                4 when baseType.FixedPoint.IsSigned => Rows(dataset.Read<int[][]>(), v => (int)v),
                4 => Rows(dataset.Read<uint[][]>(), v => checked((int)v)),
                8 when baseType.FixedPoint.IsSigned => Rows(dataset.Read<long[][]>(), v => checked((int)v)),
                8 => Rows(dataset.Read<ulong[][]>(), v => checked((int)v)),
                _ => throw Error(path, $"unsupported dtype {Describe(type)}"),
            });
        }
        if (shape.Length != 2)
            throw Error(path, $"expected variable-length integer sequences or a 2-D integer array, found {Describe(type)} with shape {ShapeText(shape)}");
        int[] flat = ReadIntegers(dataset, path);
        var rows = new int[shape[0]][];
        for (int r = 0; r < rows.Length; r++) rows[r] = flat.AsSpan(r * shape[1], shape[1]).ToArray();
        return rows;
    }

    /// <summary>
    /// Reads rows [<paramref name="startRow"/>, <paramref name="startRow"/> + <paramref name="rowCount"/>) of a 1-D or
    /// 2-D float or integer dataset as float64 in C order, so large datasets can be streamed in chunks.
    /// </summary>
    public double[] ReadDoubleRows(string key, long startRow, int rowCount)
    {
        var (dataset, path) = GetDataset(key);
        int[] shape = ShapeOf(dataset, path);
        if (shape.Length is not (1 or 2))
            throw Error(path, $"expected rank 1 or 2, found rank {shape.Length} with shape {ShapeText(shape)}");
        if (startRow < 0 || rowCount < 0 || startRow + rowCount > shape[0])
            throw Error(path, $"rows [{startRow}, {startRow + rowCount}) lie outside the {shape[0]} rows of shape {ShapeText(shape)}");
        if (rowCount == 0) return [];
        int columns = shape.Length == 2 ? shape[1] : 1;
        var selection = shape.Length == 1
            ? new HyperslabSelection((ulong)startRow, (ulong)rowCount)
            : new HyperslabSelection(2, [(ulong)startRow, 0], [(ulong)rowCount, (ulong)columns]);
        return ReadNumeric(dataset, path, selection, [(ulong)rowCount * (ulong)columns]);
    }

    /// <summary>Reads a 1-D integer (or bool) dataset into int64; unsigned 64-bit values above long.MaxValue are an error.</summary>
    public long[] ReadInt64Vector(string key)
    {
        var (dataset, path) = GetDataset(key);
        int[] shape = ShapeOf(dataset, path);
        if (shape.Length != 1) throw Error(path, $"expected rank 1, found rank {shape.Length} with shape {ShapeText(shape)}");
        return ReadLongs(dataset, path);
    }

    /// <summary>Whether a dataset holds text (variable-length or fixed-length strings).</summary>
    public bool IsText(string key) => IsText(GetDataset(key).Dataset.Type);

    /// <summary>Whether a dataset holds numbers (integers, floats, or integer-based enums such as h5py's bool).</summary>
    public bool IsNumeric(string key) => NumericType(GetDataset(key).Dataset.Type) is not null;

    /// <summary>The dataset's dtype in numpy's words (<c>float32</c>, <c>int64</c>, <c>bool</c>, …), for checks and messages.</summary>
    public string DtypeOf(string key) => Describe(GetDataset(key).Dataset.Type);

    private static int[][] Rows<T>(T[]?[] rows, Func<T, int> convert) =>
        rows.Select(row => row is null ? [] : row.Select(convert).ToArray()).ToArray();

    // ---- resolution -------------------------------------------------------------------------------------------

    private readonly record struct Child(string Name, IH5Object Object);

    private List<Child> Children(IH5Group group, string path)
    {
        try
        {
            return group.Children().Select(c => new Child(c.Name, c)).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        }
        catch (Exception e)
        {
            throw Error(path, $"cannot list the group's members: {e.Message}", e);
        }
    }

    private string Listing(IH5Group group, string groupPath)
    {
        var children = Children(group, groupPath);
        string where = groupPath == "/" ? "the file root" : groupPath;
        if (children.Count == 0) return $"{where} is empty";
        const int MaxListed = 40;
        var names = children.Take(MaxListed).Select(c => c.Object is IH5Group ? c.Name + "/" : c.Name);
        string more = children.Count > MaxListed ? $", … ({children.Count - MaxListed} more)" : "";
        return $"{where} has: " + string.Join(", ", names) + more;
    }

    /// <summary>Walks the path link by link; false (with a reason) when a link is missing or a parent is not a group.</summary>
    private bool TryResolve(string path, out IH5Object obj, out string reason)
    {
        obj = _file;
        reason = "";
        string current = "/";
        try
        {
            foreach (string segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                if (obj is not IH5Group group)
                {
                    reason = $"{current} is a dataset, not a group";
                    return false;
                }
                if (!group.LinkExists(segment))
                {
                    reason = Join(current, segment) == path
                        ? $"missing; {Listing(group, current)}"
                        : $"missing group {Join(current, segment)}; {Listing(group, current)}";
                    return false;
                }
                obj = group.Get(segment);
                current = Join(current, segment);
            }
            return true;
        }
        catch (NlbFileException)
        {
            throw;
        }
        catch (Exception e)
        {
            throw Error(path, $"cannot read the file structure at {current}: {e.Message}", e);
        }
    }

    private IH5Object Resolve(string key)
    {
        string path = Normalize(key);
        if (!TryResolve(path, out var obj, out string reason)) throw Error(path, reason);
        return obj;
    }

    private IH5Group GetGroup(string key)
    {
        string path = Normalize(key);
        return Resolve(path) as IH5Group ?? throw Error(path, "is a dataset, expected a group");
    }

    private (IH5Dataset Dataset, string Path) GetDataset(string key)
    {
        string path = Normalize(key);
        return Resolve(path) is IH5Dataset dataset ? (dataset, path) : throw Error(path, "is a group, expected a dataset");
    }

    // ---- decoding ---------------------------------------------------------------------------------------------

    private int[] ShapeOf(IH5Dataset dataset, string path)
    {
        try
        {
            var dims = dataset.Space.Dimensions;
            var shape = new int[dims.Length];
            for (int i = 0; i < dims.Length; i++)
                shape[i] = dims[i] <= int.MaxValue ? (int)dims[i] : throw Error(path, $"dimension {i} has {dims[i]} entries, too many");
            // A damaged dataspace can claim billions of values; refuse before anything is allocated for them. Data is at
            // most the file's size, or a few hundred times that when compressed (runs of zeros), so 128 float64 values per
            // byte of file is far above any real dataset.
            double values = dims.Aggregate(1.0, (product, d) => product * d);
            if (values > Math.Max(1 << 20, 128.0 * _fileBytes) || values > Array.MaxLength)
                throw Error(path, $"shape {ShapeText(shape)} holds {values:N0} values, more than a file of {_fileBytes:N0} bytes can hold even compressed: the file is damaged");
            return shape;
        }
        catch (NlbFileException) { throw; }
        catch (Exception e) { throw Error(path, $"cannot read the dataspace: {e.Message}", e); }
    }

    private T Decode<T>(string path, IH5DataType type, Func<T> read)
    {
        try { return read(); }
        catch (NlbFileException) { throw; }
        catch (OverflowException e) { throw Error(path, $"{Describe(type)} value does not fit in int32", e); }
        catch (Exception e) { throw Error(path, $"cannot decode {Describe(type)} data: {e.Message}", e); }
    }

    /// <summary>Any float or integer (or integer-based enum) dataset as float64.</summary>
    private double[] ReadNumeric(IH5Dataset dataset, string path, Selection? selection = null, ulong[]? memoryDims = null)
    {
        var type = dataset.Type;
        var numeric = NumericType(type);
        if (numeric is null)
            throw Error(path, $"unsupported dtype {Describe(type)}: expected a float or integer dataset");
        return Decode<double[]>(path, type, () => numeric.Class switch
        {
            H5DataTypeClass.FloatingPoint => numeric.Size switch
            {
                8 => dataset.Read<double[]>(selection, memoryDims: memoryDims),
                4 => Widen(dataset.Read<float[]>(selection, memoryDims: memoryDims), v => (double)v),
                2 => Widen(dataset.Read<Half[]>(selection, memoryDims: memoryDims), v => (double)v),
                _ => throw Error(path, $"unsupported dtype {Describe(type)}"),
            },
            _ => numeric.Size switch
            {
                1 when numeric.FixedPoint.IsSigned => Widen(dataset.Read<sbyte[]>(selection, memoryDims: memoryDims), v => (double)v),
                1 => Widen(dataset.Read<byte[]>(selection, memoryDims: memoryDims), v => (double)v),
                2 when numeric.FixedPoint.IsSigned => Widen(dataset.Read<short[]>(selection, memoryDims: memoryDims), v => (double)v),
                2 => Widen(dataset.Read<ushort[]>(selection, memoryDims: memoryDims), v => (double)v),
                4 when numeric.FixedPoint.IsSigned => Widen(dataset.Read<int[]>(selection, memoryDims: memoryDims), v => (double)v),
                4 => Widen(dataset.Read<uint[]>(selection, memoryDims: memoryDims), v => (double)v),
                8 when numeric.FixedPoint.IsSigned => Widen(dataset.Read<long[]>(selection, memoryDims: memoryDims), v => (double)v),
                8 => Widen(dataset.Read<ulong[]>(selection, memoryDims: memoryDims), v => (double)v),
                _ => throw Error(path, $"unsupported dtype {Describe(type)}"),
            },
        });
    }

    /// <summary>Any integer (or integer-based enum) dataset as int32 (values outside int32 are an error).</summary>
    private int[] ReadIntegers(IH5Dataset dataset, string path)
    {
        long[] values = ReadLongs(dataset, path);
        return Decode(path, dataset.Type, () => Widen(values, v => checked((int)v)));
    }

    /// <summary>Any integer (or integer-based enum) dataset as int64.</summary>
    private long[] ReadLongs(IH5Dataset dataset, string path)
    {
        var type = dataset.Type;
        var numeric = NumericType(type);
        if (numeric is null || numeric.Class != H5DataTypeClass.FixedPoint)
            throw Error(path, $"unsupported dtype {Describe(type)}: expected an integer or bool dataset");
        return Decode(path, type, () => numeric.Size switch
        {
            1 when numeric.FixedPoint.IsSigned => Widen(dataset.Read<sbyte[]>(), v => (long)v),
            1 => Widen(dataset.Read<byte[]>(), v => (long)v),
            2 when numeric.FixedPoint.IsSigned => Widen(dataset.Read<short[]>(), v => (long)v),
            2 => Widen(dataset.Read<ushort[]>(), v => (long)v),
            4 when numeric.FixedPoint.IsSigned => Widen(dataset.Read<int[]>(), v => (long)v),
            4 => Widen(dataset.Read<uint[]>(), v => (long)v),
            8 when numeric.FixedPoint.IsSigned => dataset.Read<long[]>(),
            8 => Widen(dataset.Read<ulong[]>(), v => checked((long)v)),
            _ => throw Error(path, $"unsupported dtype {Describe(type)}"),
        });
    }

    private static TOut[] Widen<TIn, TOut>(TIn[] values, Func<TIn, TOut> convert)
    {
        var result = new TOut[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = convert(values[i]);
        return result;
    }

    /// <summary>The float or integer type that holds the values, looking through enums; null for anything else.</summary>
    private static IH5DataType? NumericType(IH5DataType type) => type.Class switch
    {
        H5DataTypeClass.FloatingPoint or H5DataTypeClass.FixedPoint => type,
        H5DataTypeClass.Enumerated => SafeBaseType(type) is { Class: H5DataTypeClass.FixedPoint } b ? b : null,
        _ => null,
    };

    private static IH5DataType? SafeBaseType(IH5DataType type)
    {
        try
        {
            return type.Class switch
            {
                H5DataTypeClass.Enumerated => type.Enumeration.BaseType,
                H5DataTypeClass.VariableLength => type.VariableLength.BaseType,
                H5DataTypeClass.Array => type.Array.BaseType,
                _ => null,
            };
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>numpy-like name of an HDF5 type, for messages.</summary>
    internal static string Describe(IH5DataType type)
    {
        try
        {
            int bits = type.Size * 8;
            switch (type.Class)
            {
                case H5DataTypeClass.FloatingPoint: return $"float{bits}";
                case H5DataTypeClass.FixedPoint: return (type.FixedPoint.IsSigned ? "int" : "uint") + bits;
                case H5DataTypeClass.Enumerated:
                    var baseType = SafeBaseType(type);
                    if (type.Size == 1 && IsBoolEnum(type)) return "bool";
                    return baseType is null ? "enum" : $"enum<{Describe(baseType)}>";
                case H5DataTypeClass.VariableLength:
                    var element = SafeBaseType(type);
                    return element is null || element.Class == H5DataTypeClass.String ? "vlen string" : $"vlen<{Describe(element)}>";
                case H5DataTypeClass.String: return $"string ({type.Size} bytes)";
                default: return $"{type.Class.ToString().ToLowerInvariant()} ({type.Size} bytes)";
            }
        }
        catch (Exception)
        {
            return type.Class.ToString().ToLowerInvariant();
        }
    }

    private static bool IsBoolEnum(IH5DataType type)
    {
        try
        {
            var baseType = type.Enumeration.BaseType;
            var names = baseType.FixedPoint.IsSigned
                ? type.Enumeration.GetMembers<sbyte>().ToDictionary(m => m.Key, m => (int)m.Value)
                : type.Enumeration.GetMembers<byte>().ToDictionary(m => m.Key, m => (int)m.Value);
            return names.Count == 2 && names.TryGetValue("FALSE", out int f) && f == 0 && names.TryGetValue("TRUE", out int t) && t == 1;
        }
        catch (Exception)
        {
            return false;
        }
    }

    internal static string ShapeText(IReadOnlyList<int> shape) =>
        shape.Count == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
}
