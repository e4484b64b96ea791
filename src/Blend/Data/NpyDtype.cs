using System.Buffers.Binary;

namespace Blend.Data;

/// <summary>
/// The numeric NumPy dtypes Blend reads: little-endian (or byte-order-free) floats, signed and unsigned integers
/// and bools. Everything else (big-endian, strings, objects, complex, structured, datetimes) is refused by name.
/// </summary>
internal sealed class NpyDtype
{
    public char Kind { get; }
    public int Size { get; }

    private NpyDtype(char kind, int size)
    {
        Kind = kind;
        Size = size;
    }

    /// <summary>The dtype for a descr such as <c>&lt;f8</c> or <c>|u1</c>, or null with the reason it is unsupported.</summary>
    public static NpyDtype? Parse(string descr, out string? problem)
    {
        problem = null;
        if (descr.Length < 3) return Unsupported(descr, out problem);
        char order = descr[0], kind = descr[1];
        if (!int.TryParse(descr.AsSpan(2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int size))
            return Unsupported(descr, out problem);
        bool known = kind switch
        {
            'f' => size is 2 or 4 or 8,
            'i' or 'u' => size is 1 or 2 or 4 or 8,
            'b' => size == 1,
            _ => false,
        };
        if (!known) return Unsupported(descr, out problem);
        // Byte order matters only for multi-byte types; '=' is native, and .NET on every supported platform is little-endian.
        bool littleOrNone = order is '<' or '|' || (order == '=' && BitConverter.IsLittleEndian) || size == 1;
        if (order is not ('<' or '>' or '|' or '='))
            return Unsupported(descr, out problem);
        if (!littleOrNone)
        {
            problem = $"big-endian dtype '{descr}' is not supported; save with arr.astype('<{kind}{size}')";
            return null;
        }
        return new NpyDtype(kind, size);
    }

    private static NpyDtype? Unsupported(string descr, out string? problem)
    {
        problem = $"unsupported dtype '{descr}'; Blend reads float (f2, f4, f8), integer (i1–i8, u1–u8) and bool arrays";
        return null;
    }

    /// <summary>Decodes little-endian elements into float64.</summary>
    public void Decode(ReadOnlySpan<byte> bytes, Span<double> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            var b = bytes.Slice(i * Size, Size);
            values[i] = (Kind, Size) switch
            {
                ('f', 8) => BinaryPrimitives.ReadDoubleLittleEndian(b),
                ('f', 4) => BinaryPrimitives.ReadSingleLittleEndian(b),
                ('f', 2) => (double)BinaryPrimitives.ReadHalfLittleEndian(b),
                ('i', 8) => BinaryPrimitives.ReadInt64LittleEndian(b),
                ('i', 4) => BinaryPrimitives.ReadInt32LittleEndian(b),
                ('i', 2) => BinaryPrimitives.ReadInt16LittleEndian(b),
                ('i', 1) => (sbyte)b[0],
                ('u', 8) => BinaryPrimitives.ReadUInt64LittleEndian(b),
                ('u', 4) => BinaryPrimitives.ReadUInt32LittleEndian(b),
                ('u', 2) => BinaryPrimitives.ReadUInt16LittleEndian(b),
                ('u', 1) => b[0],
                ('b', 1) => b[0] != 0 ? 1 : 0,
                _ => throw new InvalidOperationException($"no decoder for {Kind}{Size}"),
            };
        }
    }
}
