using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Blend.Data;

/// <summary>
/// The header of a NumPy .npy file: the magic string <c>\x93NUMPY</c>, a version (1.0: 2-byte header length, latin-1;
/// 2.0: 4-byte length; 3.0: 4-byte length, UTF-8) and a Python dict literal with 'descr', 'fortran_order' and
/// 'shape', padded with spaces and ended by a newline.
/// </summary>
internal sealed class NpyHeader
{
    public static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public required string Descr { get; init; }
    public required bool FortranOrder { get; init; }
    public required int[] Shape { get; init; }

    /// <summary>Bytes from the start of the file to the first data byte.</summary>
    public required int DataOffset { get; init; }

    /// <summary>Reads and parses the header; problems raise <see cref="BlendInputException"/> naming <paramref name="path"/>.</summary>
    public static NpyHeader Read(Stream stream, string path)
    {
        Span<byte> prefix = stackalloc byte[10];
        if (stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false) < 8 || !prefix[..6].SequenceEqual(Magic))
            throw Error(path, "not a NumPy .npy file (no \\x93NUMPY magic at the start)");
        int major = prefix[6], minor = prefix[7];
        int lengthBytes = major switch
        {
            1 => 2,
            2 or 3 => 4,
            _ => throw Error(path, $"unsupported .npy format version {major}.{minor} (Blend reads 1.0, 2.0 and 3.0)"),
        };
        Span<byte> lengthField = stackalloc byte[4];
        prefix[8..].CopyTo(lengthField);
        if (lengthBytes == 4 && stream.ReadAtLeast(lengthField[2..], 2, throwOnEndOfStream: false) < 2)
            throw Error(path, "truncated .npy header");
        long headerLength = lengthBytes == 2
            ? BinaryPrimitives.ReadUInt16LittleEndian(lengthField)
            : BinaryPrimitives.ReadUInt32LittleEndian(lengthField);
        if (headerLength > 1 << 24) throw Error(path, $"implausible .npy header length {headerLength} bytes");
        var header = new byte[headerLength];
        if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
            throw Error(path, $"truncated .npy header: {headerLength} bytes declared, fewer present");

        string text = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(header);
        var fields = ParseDict(text, path);
        return new NpyHeader
        {
            Descr = Field(fields, "descr", path) is PyValue { Value: string descr } ? descr
                : throw Error(path, $"unsupported dtype {fields["descr"].Text}; Blend reads plain numeric arrays, not structured ones"),
            FortranOrder = Field(fields, "fortran_order", path) is PyValue { Value: bool fortran } ? fortran
                : throw Error(path, $"bad .npy header: 'fortran_order' is {fields["fortran_order"].Text}, expected True or False"),
            Shape = ShapeOf(Field(fields, "shape", path), path),
            DataOffset = 8 + lengthBytes + (int)headerLength,
        };
    }

    /// <summary>Version 1.0 (2.0 when the header does not fit 65535 bytes), padded so the data starts on a 64-byte boundary.</summary>
    public static byte[] Format(string descr, int[] shape)
    {
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {FormatShape(shape)}, }}";
        foreach (int lengthBytes in (int[])[2, 4])
        {
            int prefix = 8 + lengthBytes;
            int total = (prefix + dict.Length + 1 + 63) / 64 * 64;
            int headerLength = total - prefix;
            if (lengthBytes == 2 && headerLength > ushort.MaxValue) continue;
            var bytes = new byte[total];
            Magic.CopyTo(bytes);
            bytes[6] = (byte)(lengthBytes == 2 ? 1 : 2);
            if (lengthBytes == 2) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)headerLength);
            else BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)headerLength);
            Encoding.Latin1.GetBytes(dict.PadRight(headerLength - 1) + "\n", bytes.AsSpan(prefix));
            return bytes;
        }
        throw new ArgumentException($"shape {FormatShape(shape)} makes an oversized header", nameof(shape));
    }

    /// <summary>Python's tuple text: (6577, 48), (5,), ().</summary>
    public static string FormatShape(IReadOnlyList<int> shape) => shape.Count switch
    {
        0 => "()",
        1 => $"({shape[0].ToString(CultureInfo.InvariantCulture)},)",
        _ => "(" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")",
    };

    public static long ElementCount(IReadOnlyList<int> shape)
    {
        long count = 1;
        foreach (int d in shape) count = checked(count * d);
        return count;
    }

    private static BlendInputException Error(string path, string problem) => new($"{path}: {problem}");

    private static PyValue Field(Dictionary<string, PyValue> fields, string key, string path) =>
        fields.TryGetValue(key, out var value) ? value
            : throw Error(path, $"bad .npy header: no '{key}' entry (has: {string.Join(", ", fields.Keys.Select(k => $"'{k}'"))})");

    private static int[] ShapeOf(PyValue value, string path)
    {
        if (value.Value is not List<PyValue> items || !items.All(i => i.Value is long))
            throw Error(path, $"bad .npy header: 'shape' is {value.Text}, expected a tuple of integers");
        var shape = new int[items.Count];
        for (int i = 0; i < shape.Length; i++)
        {
            long d = (long)items[i].Value!;
            if (d < 0 || d > Array.MaxLength) throw Error(path, $"bad .npy header: 'shape' {value.Text} has an impossible dimension {d}");
            shape[i] = (int)d;
        }
        try
        {
            if (ElementCount(shape) > Array.MaxLength) throw Error(path, $"array of shape {FormatShape(shape)} is too large to load");
        }
        catch (OverflowException)
        {
            throw Error(path, $"array of shape {FormatShape(shape)} is too large to load");
        }
        return shape;
    }

    /// <summary>A parsed Python literal (string, bool, None, integer or tuple/list of them) and its source text.</summary>
    private sealed record PyValue(object? Value, string Text);

    private static Dictionary<string, PyValue> ParseDict(string text, string path)
    {
        var parser = new LiteralParser(text.TrimEnd('\n', ' ', '\0'));
        try
        {
            var dict = parser.ParseDict();
            parser.ExpectEnd();
            return dict;
        }
        catch (FormatException e)
        {
            throw Error(path, $"unparseable .npy header ({e.Message}): {NlbFileException.OneLine(Shorten(text.Trim()))}");
        }
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..117] + "...";

    /// <summary>Just enough of Python's literal syntax for numpy's header dict.</summary>
    private sealed class LiteralParser(string text)
    {
        private int _position;

        public Dictionary<string, PyValue> ParseDict()
        {
            Expect('{');
            var dict = new Dictionary<string, PyValue>(StringComparer.Ordinal);
            while (!TryConsume('}'))
            {
                if (ParseValue().Value is not string key) throw Failure("dict keys must be strings");
                Expect(':');
                dict[key] = ParseValue();
                if (!TryConsume(',')) { Expect('}'); break; }
            }
            return dict;
        }

        public void ExpectEnd()
        {
            SkipSpace();
            if (_position != text.Length) throw Failure($"unexpected '{text[_position]}' after the dict");
        }

        private PyValue ParseValue()
        {
            SkipSpace();
            int start = _position;
            object? value = Peek() switch
            {
                '\'' or '"' => ParseString(),
                '(' => ParseSequence('(', ')'),
                '[' => ParseSequence('[', ']'),
                '{' => ParseDict(),
                _ => ParseWord(),
            };
            return new PyValue(value, text[start.._position]);
        }

        private string ParseString()
        {
            char quote = text[_position++];
            var builder = new StringBuilder();
            while (_position < text.Length && text[_position] != quote)
            {
                if (text[_position] == '\\' && _position + 1 < text.Length) _position++;
                builder.Append(text[_position++]);
            }
            if (_position >= text.Length) throw Failure("unterminated string");
            _position++;
            return builder.ToString();
        }

        private List<PyValue> ParseSequence(char open, char close)
        {
            Expect(open);
            var items = new List<PyValue>();
            while (!TryConsume(close))
            {
                items.Add(ParseValue());
                if (!TryConsume(',')) { Expect(close); break; }
            }
            return items;
        }

        private object? ParseWord()
        {
            int start = _position;
            while (_position < text.Length && (char.IsAsciiLetterOrDigit(text[_position]) || text[_position] is '_' or '-' or '+'))
                _position++;
            string word = text[start.._position];
            if (word.Length == 0) throw Failure(_position < text.Length ? $"unexpected '{text[_position]}'" : "unexpected end");
            if (word == "True") return true;
            if (word == "False") return false;
            if (word == "None") return null;
            // numpy ≤ 1.x on some platforms wrote shapes as (3L, 4L).
            string digits = word.EndsWith('L') ? word[..^1] : word;
            if (long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long number)) return number;
            throw Failure($"unknown value '{word}'");
        }

        private char Peek()
        {
            if (_position >= text.Length) throw Failure("unexpected end");
            return text[_position];
        }

        private void SkipSpace()
        {
            while (_position < text.Length && char.IsWhiteSpace(text[_position])) _position++;
        }

        private bool TryConsume(char c)
        {
            SkipSpace();
            if (_position < text.Length && text[_position] == c)
            {
                _position++;
                return true;
            }
            return false;
        }

        private void Expect(char c)
        {
            if (!TryConsume(c)) throw Failure(_position < text.Length ? $"expected '{c}' at '{text[_position]}'" : $"expected '{c}' at the end");
        }

        private FormatException Failure(string what) => new($"{what} at character {_position}");
    }
}
