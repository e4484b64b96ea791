using System.Buffers.Binary;

namespace Blend.Data;

/// <summary>
/// Reads and writes NumPy .npy files (format versions 1.0, 2.0 and 3.0) without Python: C-order arrays of
/// little-endian or byte-order-free float, integer and bool dtypes, read as float64. Every problem is a one-line
/// <see cref="BlendInputException"/> naming the file and what is wrong.
/// </summary>
public static class NpyFile
{
    /// <summary>Reads a C-order <c>.npy</c> file of any shape, values converted to float64.</summary>
    public static NpyArray Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path)) throw new BlendInputException($"{path}: is a folder, not a .npy file");
        if (!File.Exists(path)) throw new BlendInputException($"{path}: file not found");
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var header = NpyHeader.Read(stream, path);
            var dtype = NpyDtype.Parse(header.Descr, out string? problem)
                ?? throw new BlendInputException($"{path}: {problem}");
            if (header.FortranOrder)
                throw new BlendInputException($"{path}: Fortran-order arrays are not supported; save with np.ascontiguousarray");
            return new NpyArray(ReadValues(stream, path, header, dtype), header.Shape, header.Descr);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BlendInputException($"{path}: cannot read: {NlbFileException.OneLine(e.Message)}", e);
        }
    }

    /// <summary>
    /// Reads a 2-D array as rows × columns, or a 1-D array of n values as n × 1 (one column), e.g. time × neurons.
    /// </summary>
    public static RowMatrix ReadMatrix(string path)
    {
        var array = Read(path);
        return array.Rank switch
        {
            1 => new RowMatrix(array.Shape[0], 1, array.Values),
            2 => new RowMatrix(array.Shape[0], array.Shape[1], array.Values),
            _ => throw new BlendInputException(
                $"{path}: expected a 1-D or 2-D array (rows × columns), found rank {array.Rank} with shape {array.ShapeText}"),
        };
    }

    /// <summary>Writes a C-order array as float64 (<c>&lt;f8</c>) or, with <paramref name="asFloat32"/>, float32 (<c>&lt;f4</c>), atomically.</summary>
    public static void Write(string path, double[] values, int[] shape, bool asFloat32 = false)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Any(d => d < 0) || NpyHeader.ElementCount(shape) != values.LongLength)
            throw new ArgumentException($"{values.Length} values do not fill shape {NpyHeader.FormatShape(shape)}", nameof(shape));
        byte[] header = NpyHeader.Format(asFloat32 ? "<f4" : "<f8", shape);
        AtomicFile.Write(path, temporary =>
        {
            using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write);
            stream.Write(header);
            stream.Write(Encode(values, asFloat32));
        });
    }

    /// <summary>Writes a rows × columns matrix (see <see cref="Write"/>).</summary>
    public static void WriteMatrix(string path, RowMatrix matrix, bool asFloat32 = false) =>
        Write(path, matrix.Values, [matrix.Rows, matrix.Cols], asFloat32);

    private static double[] ReadValues(Stream stream, string path, NpyHeader header, NpyDtype dtype)
    {
        long count = NpyHeader.ElementCount(header.Shape);
        long expectedBytes = count * dtype.Size;
        long available = stream.Length - header.DataOffset;
        if (available < expectedBytes)
            throw new BlendInputException(
                $"{path}: truncated data: shape {NpyHeader.FormatShape(header.Shape)} of '{header.Descr}' needs {expectedBytes} bytes after the header, the file has {Math.Max(0, available)}");
        var values = new double[count];
        // Decode in blocks so a large file never needs a second full-size byte buffer.
        const int BlockElements = 1 << 16;
        var buffer = new byte[Math.Min(count, BlockElements) * dtype.Size];
        stream.Position = header.DataOffset;
        for (long start = 0; start < count; start += BlockElements)
        {
            int elements = (int)Math.Min(BlockElements, count - start);
            var bytes = buffer.AsSpan(0, elements * dtype.Size);
            stream.ReadExactly(bytes);
            dtype.Decode(bytes, values.AsSpan((int)start, elements));
        }
        return values;
    }

    private static byte[] Encode(double[] values, bool asFloat32)
    {
        int size = asFloat32 ? sizeof(float) : sizeof(double);
        var bytes = new byte[(long)values.Length * size];
        for (int i = 0; i < values.Length; i++)
        {
            if (asFloat32) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * size), (float)values[i]);
            else BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * size), values[i]);
        }
        return bytes;
    }
}
