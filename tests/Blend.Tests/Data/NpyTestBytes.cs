using System.Buffers.Binary;
using System.Text;

namespace Blend.Tests.Data;

/// <summary>Builds .npy files byte by byte, so tests can make valid files of every version and broken ones.</summary>
internal static class NpyTestBytes
{
    public static byte[] File(string headerDict, byte[] data, int major = 1)
    {
        byte[] header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetBytes(headerDict + "\n");
        int lengthBytes = major == 1 ? 2 : 4;
        var bytes = new List<byte>([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0]);
        var length = new byte[lengthBytes];
        if (lengthBytes == 2) BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
        else BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)header.Length);
        bytes.AddRange(length);
        bytes.AddRange(header);
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    public static string Dict(string descr, string shape, bool fortran = false) =>
        $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shape}, }}";

    public static byte[] Doubles(params double[] values)
    {
        var bytes = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), values[i]);
        return bytes;
    }

    public static string Write(TempFolder temp, string name, byte[] bytes)
    {
        string path = temp.File(name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }
}
