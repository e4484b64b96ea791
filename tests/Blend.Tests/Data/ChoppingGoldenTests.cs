using Blend.Data;

namespace Blend.Tests.Data;

/// <summary>
/// Chopping against nlb_tools' own output (TestData/golden/nwb/mc_rtt/chop.h5, its README §4 and §5.8): ChopInterface
/// on an 1860-bin MC_RTT segment with window 64 and overlap 20, and the low-level chop_data / merge_chops.
/// </summary>
public class ChoppingGoldenTests
{
    private static readonly string ChopFile = NlbTestFiles.Golden(Path.Combine("mc_rtt", "chop.h5"));

    [Theory]
    [InlineData("finger_vel")]
    [InlineData("heldout_spikes")]
    [InlineData("spikes")]
    public void ChopInterfaceFieldsMatchNlbTools(string field)
    {
        using var reader = Hdf5Reader.Open(ChopFile);
        var segment = ReadMatrix(reader, $"segment_{field}");
        var expectedChops = ReadArray3(reader, $"chopped_{field}");
        var expectedMerged = ReadMatrix(reader, $"merged_{field}");

        var chops = Chopping.Chop(segment, window: 64, overlap: 20);
        Assert.Equal(41, chops.Trials);
        NlbTestFiles.AssertSame(expectedChops, chops, $"chopped_{field}");

        var merged = Chopping.Merge(chops, overlap: 20, originalLength: segment.Rows);
        AssertMergedMatches(expectedMerged, merged, $"merged_{field}");
        Assert.Equal(36 * segment.Cols, merged.Values.Count(double.IsNaN));
    }

    [Fact]
    public void LowLevelChopAndMergeMatchNlbTools()
    {
        using var reader = Hdf5Reader.Open(ChopFile);
        var input = ReadMatrix(reader, "lowlevel_input");
        var chops = Chopping.Chop(input, window: 8, overlap: 3);
        NlbTestFiles.AssertSame(ReadArray3(reader, "lowlevel_chopped_w8_o3"), chops, "lowlevel_chopped_w8_o3");

        var merged = Chopping.Merge(chops, overlap: 3, originalLength: 25);
        AssertMergedMatches(ReadMatrix(reader, "lowlevel_merged_w8_o3_len25"), merged, "lowlevel_merged_w8_o3_len25");
        Assert.Equal(2 * 2, merged.Values.Count(double.IsNaN));
    }

    private static RowMatrix ReadMatrix(Hdf5Reader reader, string key)
    {
        double[] values = reader.ReadDoubles(key, out int[] shape);
        Assert.Equal(2, shape.Length);
        return new RowMatrix(shape[0], shape[1], values);
    }

    private static Array3 ReadArray3(Hdf5Reader reader, string key)
    {
        double[] values = reader.ReadDoubles(key, out int[] shape);
        Assert.Equal(3, shape.Length);
        return new Array3(shape[0], shape[1], shape[2], values);
    }

    /// <summary>Same NaN positions and bit-identical values: the merge does merge_chops' float64 operations in its order.</summary>
    private static void AssertMergedMatches(RowMatrix expected, RowMatrix actual, string what)
    {
        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(expected.Cols, actual.Cols);
        for (int i = 0; i < expected.Values.Length; i++)
        {
            double e = expected.Values[i], a = actual.Values[i];
            if (double.IsNaN(e) || double.IsNaN(a))
            {
                Assert.True(double.IsNaN(e) && double.IsNaN(a), $"{what}: value {i} is {a:R}, expected {e:R}");
                continue;
            }
            Assert.True(BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(e), $"{what}: value {i} is {a:R}, expected {e:R}");
        }
    }
}
