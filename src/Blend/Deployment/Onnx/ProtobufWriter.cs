using System.Buffers.Binary;
using System.Text;

namespace Blend.Deployment.Onnx;

/// <summary>
/// The protocol-buffers wire format, as much of it as an ONNX file needs (https://protobuf.dev/programming-guides/encoding/):
/// varint fields (wire type 0), length-delimited bytes, strings, packed repeated values and nested messages (wire type
/// 2), and 32-bit floats (wire type 5). Fields are written in the order they are added; a nested message is built by
/// its own writer and added as bytes.
/// </summary>
internal sealed class ProtobufWriter
{
    private readonly MemoryStream _buffer = new();

    public ProtobufWriter Varint(int field, long value)
    {
        Tag(field, 0);
        WriteVarint((ulong)value);
        return this;
    }

    public ProtobufWriter Float(int field, float value)
    {
        Tag(field, 5);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        _buffer.Write(bytes);
        return this;
    }

    public ProtobufWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, 2);
        WriteVarint((ulong)value.Length);
        _buffer.Write(value);
        return this;
    }

    public ProtobufWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtobufWriter Message(int field, ProtobufWriter message) => Bytes(field, message.ToArray());

    /// <summary>A packed repeated int64 field (one length-delimited run of varints).</summary>
    public ProtobufWriter PackedVarints(int field, IEnumerable<long> values)
    {
        var packed = new ProtobufWriter();
        foreach (long value in values) packed.WriteVarint((ulong)value);
        return Bytes(field, packed.ToArray());
    }

    /// <summary>A packed repeated float field.</summary>
    public ProtobufWriter PackedFloats(int field, IReadOnlyList<float> values)
    {
        var bytes = new byte[values.Count * 4];
        for (int i = 0; i < values.Count; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        return Bytes(field, bytes);
    }

    public byte[] ToArray() => _buffer.ToArray();

    private void Tag(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _buffer.WriteByte((byte)value);
    }
}
