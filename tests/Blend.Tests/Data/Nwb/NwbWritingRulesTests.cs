using Blend.Data.Nwb.Writing;

namespace Blend.Tests.Data.Nwb;

/// <summary>The small rules the writer copies from h5py / hdmf.</summary>
public class NwbWritingRulesTests
{
    [Theory]
    [InlineData(52196, 2, 1632, 1)] // the golden mc_maze hand_pos
    [InlineData(25937, 3, 1622, 1)] // the golden mc_rtt finger_pos
    [InlineData(25937, 2, 1622, 1)] // the golden mc_rtt target_pos
    [InlineData(3, 2, 3, 2)]
    public void ChunkShapeIsH5pysGuess(long rows, long columns, uint chunkRows, uint chunkColumns) =>
        Assert.Equal([chunkRows, chunkColumns], H5pyChunkShape.Guess([(ulong)rows, (ulong)columns], sizeof(double)));

    [Fact]
    public void LargeDatasetsGetChunksOfAtMostAMebibyte()
    {
        var chunks = H5pyChunkShape.Guess([2_500_000, 2], sizeof(double));
        long bytes = chunks.Aggregate(8L, (p, c) => p * c);
        Assert.InRange(bytes, 8 * 1024, 1024 * 1024);
    }

    [Theory]
    [InlineData(0, "uint8")]
    [InlineData(255, "uint8")]
    [InlineData(256, "uint16")]
    [InlineData(65535, "uint16")]
    [InlineData(65536, "uint32")]
    [InlineData(4294967295, "uint32")]
    [InlineData(4294967296, "uint64")]
    public void IndexWidthIsTheNarrowestUnsignedTypeForTheLargestValue(long largest, string dtype)
    {
        Assert.Equal(dtype, VectorIndexWidth.DtypeName([0, largest, 1]));
        Assert.Equal(3, VectorIndexWidth.Encode([0, largest, 1]).Length);
    }

    [Fact]
    public void IndexWidthRefusesNegativeValues() =>
        Assert.Throws<ArgumentException>(() => VectorIndexWidth.Encode([1, -1]));

    [Fact]
    public void ObjectIdsAreVersion5UuidsOfIdentifierAndPath()
    {
        string id = NwbObjectIds.For("file", "/units");
        Assert.Equal(id, NwbObjectIds.For("file", "/units"));
        Assert.NotEqual(id, NwbObjectIds.For("file", "/units/id"));
        Assert.NotEqual(id, NwbObjectIds.For("other", "/units"));
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", id);
    }

    [Fact]
    public void ChannelCommentIsWhatNlbToolsParses() =>
        Assert.Equal("columns=[x,y,z]", NwbSeriesData.ChannelComment("x", "y", "z"));
}
