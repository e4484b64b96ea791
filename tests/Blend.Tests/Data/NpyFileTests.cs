using System.Buffers.Binary;
using Blend.Data;

namespace Blend.Tests.Data;

public class NpyFileTests
{
    private static string RealData(string file) => Path.Combine(NlbTestFiles.RepoRoot, "recordings", file);

    /// <summary>Facts about the real recordings in recordings/ (see its README for their origin), computed with numpy.</summary>
    [Theory]
    [InlineData("buddy_spikes.npy", 6577, 48, "|u1", 0.0, 4.0, 7269.0)]
    [InlineData("buddy_position.npy", 6577, 3, "<f8", 0.0, 1.6, 12044.069476039444)]
    [InlineData("chewie_spikes.npy", 1818, 71, "|u1", 0.0, 13.0, 120423.0)]
    [InlineData("chewie_velocity.npy", 1818, 2, "<f8", -28.7320778505846, 26.908402880870188, 1399.021462745741)]
    [InlineData("mihi_spikes.npy", 803, 187, "|u1", 0.0, 40.0, 107490.0)]
    [InlineData("mihi_velocity.npy", 803, 2, "<f8", -24.167744941362745, 19.88916871567853, -4891.851415351058)]
    public void ReadsEveryRealDataFile(string file, int rows, int cols, string dtype, double min, double max, double sum)
    {
        var array = NpyFile.Read(RealData(file));
        Assert.Equal([rows, cols], array.Shape);
        Assert.Equal(dtype, array.Dtype);
        Assert.Equal(min, array.Values.Min());
        Assert.Equal(max, array.Values.Max());
        Assert.True(Math.Abs(array.Values.Sum() - sum) <= 1e-9 * Math.Max(1, Math.Abs(sum)), $"sum {array.Values.Sum():R} vs numpy {sum:R}");
        var matrix = NpyFile.ReadMatrix(RealData(file));
        Assert.Equal((rows, cols), (matrix.Rows, matrix.Cols));
    }

    [Fact]
    public void RealDataSpotValuesAreInCOrder()
    {
        // Values printed by numpy.
        var position = NpyFile.ReadMatrix(RealData("buddy_position.npy"));
        Assert.Equal([0.5234074950520531, 1.0, 0.0], position.Row(1234).ToArray());
        Assert.Equal([0.02372722086656646, 1.0, 0.0], position.Row(6576).ToArray());
        var spikes = NpyFile.ReadMatrix(RealData("buddy_spikes.npy"));
        Assert.Equal(2, spikes[0, 0]);
        Assert.Equal(1, spikes[0, 11]);
        Assert.Equal(4, spikes[60, 9]);
        Assert.Equal(4, spikes[291, 44]);
        Assert.Equal([1145.0, 0, 3, 25, 85], Enumerable.Range(0, 5).Select(c => Enumerable.Range(0, spikes.Rows).Sum(r => spikes[r, c])));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WriteThenReadRoundTrips(bool asFloat32)
    {
        using var temp = new TempFolder();
        string path = temp.File("x.npy");
        double[] values = [0, -1.5, Math.PI, 1e-300, double.NaN, double.PositiveInfinity, 12345.678, -0.0];
        NpyFile.Write(path, values, [2, 4], asFloat32);

        var array = NpyFile.Read(path);
        Assert.Equal([2, 4], array.Shape);
        Assert.Equal(asFloat32 ? "<f4" : "<f8", array.Dtype);
        double[] expected = asFloat32 ? values.Select(v => (double)(float)v).ToArray() : values;
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), array.Values.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(["x.npy"], temp.Entries());
    }

    [Fact]
    public void WrittenHeaderIsNumpysVersion1LayoutAlignedTo64Bytes()
    {
        using var temp = new TempFolder();
        string path = temp.File("m.npy");
        NpyFile.WriteMatrix(path, new RowMatrix(3, 2, [1, 2, 3, 4, 5, 6]));
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(1, bytes[6]);
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        Assert.Equal(0, (10 + headerLength) % 64);
        string header = System.Text.Encoding.Latin1.GetString(bytes, 10, headerLength);
        Assert.StartsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }", header);
        Assert.EndsWith("\n", header);
        Assert.Equal(10 + headerLength + 6 * 8, bytes.Length);
    }

    [Theory]
    [InlineData(new int[0], 1)]
    [InlineData(new[] { 5 }, 5)]
    [InlineData(new[] { 0, 3 }, 0)]
    [InlineData(new[] { 2, 3, 4 }, 24)]
    public void ShapesOfAnyRankRoundTrip(int[] shape, int count)
    {
        using var temp = new TempFolder();
        string path = temp.File("a.npy");
        double[] values = Enumerable.Range(0, count).Select(i => i * 0.5).ToArray();
        NpyFile.Write(path, values, shape);
        var array = NpyFile.Read(path);
        Assert.Equal(shape, array.Shape);
        Assert.Equal(values, array.Values);
    }

    [Fact]
    public void ReadMatrixTurnsAVectorIntoOneColumn()
    {
        using var temp = new TempFolder();
        string path = temp.File("v.npy");
        NpyFile.Write(path, [1, 2, 3], [3]);
        var matrix = NpyFile.ReadMatrix(path);
        Assert.Equal((3, 1), (matrix.Rows, matrix.Cols));
        Assert.Equal([1.0, 2, 3], matrix.Values);
    }

    public static TheoryData<string, byte[], double[]> Dtypes => new()
    {
        { "<f8", NpyTestBytes.Doubles(1.25, -2), [1.25, -2] },
        { "<f4", [0, 0, 0xA0, 0x3F, 0, 0, 0, 0xC0], [1.25, -2] },
        { "<f2", [0x00, 0x3D, 0x00, 0xC0], [1.25, -2] },
        { "<i8", [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 7, 0, 0, 0, 0, 0, 0, 0], [-2, 7] },
        { "<i4", [0xFE, 0xFF, 0xFF, 0xFF, 7, 0, 0, 0], [-2, 7] },
        { "<i2", [0xFE, 0xFF, 7, 0], [-2, 7] },
        { "|i1", [0xFE, 7], [-2, 7] },
        { "<u8", [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0], [4294967295, 7] },
        { "<u4", [0xFF, 0xFF, 0xFF, 0xFF, 7, 0, 0, 0], [4294967295, 7] },
        { "<u2", [0xFF, 0xFF, 7, 0], [65535, 7] },
        { "|u1", [0xFF, 7], [255, 7] },
        { "|b1", [1, 0], [1, 0] },
        { "=f8", NpyTestBytes.Doubles(1.25, -2), [1.25, -2] },
        { ">u1", [0xFF, 7], [255, 7] },
    };

    [Theory]
    [MemberData(nameof(Dtypes))]
    public void ReadsEveryNumericDtype(string descr, byte[] data, double[] expected)
    {
        using var temp = new TempFolder();
        string path = NpyTestBytes.Write(temp, "d.npy", NpyTestBytes.File(NpyTestBytes.Dict(descr, "(2,)"), data));
        var array = NpyFile.Read(path);
        Assert.Equal(descr, array.Dtype);
        Assert.Equal(expected, array.Values);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ReadsFormatVersions1To3(int major)
    {
        using var temp = new TempFolder();
        // Version 3.0 allows UTF-8 in the header (e.g. structured field names); plain dicts are the same.
        byte[] bytes = NpyTestBytes.File(NpyTestBytes.Dict("<f8", "(2, 1)") + "    ", NpyTestBytes.Doubles(3, 4), major);
        var array = NpyFile.Read(NpyTestBytes.Write(temp, $"v{major}.npy", bytes));
        Assert.Equal([2, 1], array.Shape);
        Assert.Equal([3.0, 4], array.Values);
    }

    [Fact]
    public void AcceptsDoubleQuotesKeyOrderAndLegacyLongShapes()
    {
        using var temp = new TempFolder();
        string dict = "{\"shape\": (1L, 2L), \"fortran_order\": False, \"descr\": \"<f8\"}";
        var array = NpyFile.Read(NpyTestBytes.Write(temp, "q.npy", NpyTestBytes.File(dict, NpyTestBytes.Doubles(5, 6))));
        Assert.Equal([1, 2], array.Shape);
        Assert.Equal([5.0, 6], array.Values);
    }

    [Fact]
    public void MissingFileNamesTheFile()
    {
        using var temp = new TempFolder();
        string path = temp.File("none.npy");
        var error = Assert.Throws<BlendInputException>(() => NpyFile.Read(path));
        Assert.Equal($"{path}: file not found", error.Message);
    }

    [Fact]
    public void FolderIsNotAFile()
    {
        using var temp = new TempFolder();
        var error = Assert.Throws<BlendInputException>(() => NpyFile.Read(temp.Path));
        Assert.Contains("is a folder", error.Message);
    }

    public static TheoryData<string, byte[], string> BadFiles => new()
    {
        { "bad magic", "PK\x03\x04 not numpy at all"u8.ToArray(), "not a NumPy .npy file" },
        { "empty", [], "not a NumPy .npy file" },
        { "version 4", NpyTestBytes.File(NpyTestBytes.Dict("<f8", "(1,)"), NpyTestBytes.Doubles(1), major: 4), "unsupported .npy format version 4.0" },
        { "unparseable header", NpyTestBytes.File("{'descr': '<f8', 'fortran_order': False, 'shape': (1,", NpyTestBytes.Doubles(1)), "unparseable .npy header" },
        { "not a dict", NpyTestBytes.File("descr=<f8", NpyTestBytes.Doubles(1)), "unparseable .npy header" },
        { "no shape", NpyTestBytes.File("{'descr': '<f8', 'fortran_order': False}", NpyTestBytes.Doubles(1)), "no 'shape' entry" },
        { "shape not ints", NpyTestBytes.File(NpyTestBytes.Dict("<f8", "('a',)"), NpyTestBytes.Doubles(1)), "'shape' is ('a',)" },
        { "header length past the end", [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 200, 0, (byte)'{'], "truncated .npy header" },
        { "fortran order", NpyTestBytes.File(NpyTestBytes.Dict("<f8", "(1, 2)", fortran: true), NpyTestBytes.Doubles(1, 2)),
            "Fortran-order arrays are not supported; save with np.ascontiguousarray" },
        { "big-endian", NpyTestBytes.File(NpyTestBytes.Dict(">f8", "(1,)"), NpyTestBytes.Doubles(1)), "big-endian dtype '>f8' is not supported" },
        { "unicode", NpyTestBytes.File(NpyTestBytes.Dict("<U3", "(1,)"), new byte[12]), "unsupported dtype '<U3'" },
        { "bytes", NpyTestBytes.File(NpyTestBytes.Dict("|S5", "(1,)"), new byte[5]), "unsupported dtype '|S5'" },
        { "object", NpyTestBytes.File(NpyTestBytes.Dict("|O", "(1,)"), new byte[8]), "unsupported dtype '|O'" },
        { "complex", NpyTestBytes.File(NpyTestBytes.Dict("<c16", "(1,)"), new byte[16]), "unsupported dtype '<c16'" },
        { "datetime", NpyTestBytes.File(NpyTestBytes.Dict("<M8[ns]", "(1,)"), new byte[8]), "unsupported dtype '<M8[ns]'" },
        { "structured", NpyTestBytes.File("{'descr': [('x', '<f8'), ('y', '<i4')], 'fortran_order': False, 'shape': (1,), }", new byte[12]),
            "unsupported dtype [('x', '<f8'), ('y', '<i4')]" },
        { "truncated data", NpyTestBytes.File(NpyTestBytes.Dict("<f8", "(2, 3)"), NpyTestBytes.Doubles(1, 2, 3, 4, 5)),
            "truncated data: shape (2, 3) of '<f8' needs 48 bytes after the header, the file has 40" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void BadFilesAreOneLineErrorsNamingTheFile(string what, byte[] bytes, string message)
    {
        using var temp = new TempFolder();
        string path = NpyTestBytes.Write(temp, "bad.npy", bytes);
        var error = Assert.Throws<BlendInputException>(() => NpyFile.Read(path));
        Assert.StartsWith($"{path}: ", error.Message);
        Assert.True(error.Message.Contains(message, StringComparison.Ordinal), $"{what}: {error.Message}");
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void ReadMatrixRefusesRank3()
    {
        using var temp = new TempFolder();
        string path = temp.File("cube.npy");
        NpyFile.Write(path, new double[24], [2, 3, 4]);
        var error = Assert.Throws<BlendInputException>(() => NpyFile.ReadMatrix(path));
        Assert.Equal($"{path}: expected a 1-D or 2-D array (rows × columns), found rank 3 with shape (2, 3, 4)", error.Message);
    }

    [Fact]
    public void FailedWriteLeavesNothing()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "missing-folder", "x.npy");
        Assert.Throws<BlendInputException>(() => NpyFile.Write(path, [1], [1]));
        Assert.Empty(temp.Entries());
    }
}
