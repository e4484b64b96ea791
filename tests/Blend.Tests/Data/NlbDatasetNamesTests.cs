using Blend.Data;

namespace Blend.Tests.Data;

public class NlbDatasetNamesTests
{
    [Theory]
    [InlineData("mc_maze", "mc_maze", 5)]
    [InlineData("mc_maze_20", "mc_maze", 20)]
    [InlineData("mc_maze_small", "mc_maze_small", 5)]
    [InlineData("mc_maze_small_20", "mc_maze_small", 20)]
    [InlineData("mc_maze_large_20", "mc_maze_large", 20)]
    [InlineData("mc_maze_medium", "mc_maze_medium", 5)]
    [InlineData("area2_bump", "area2_bump", 5)]
    [InlineData("area2_bump_20", "area2_bump", 20)]
    [InlineData("dmfc_rsg_20", "dmfc_rsg", 20)]
    [InlineData("mc_rtt_10", "mc_rtt", 10)]
    public void ParsesKnownNamesWithOptionalBinSuffix(string group, string expectedBase, int expectedBin)
    {
        Assert.True(NlbDatasetNames.TryParse(group, out string baseName, out int bin));
        Assert.Equal(expectedBase, baseName);
        Assert.Equal(expectedBin, bin);
        Assert.Equal(group, NlbDatasetNames.GroupName(baseName, bin));
    }

    [Theory]
    [InlineData("mc_maze_5")]
    [InlineData("mc_maze_020")]
    [InlineData("mc_maze_")]
    [InlineData("mc_maze_x")]
    [InlineData("mc_maze_-20")]
    [InlineData("MC_MAZE")]
    [InlineData("mc_mouse")]
    [InlineData("area2")]
    [InlineData("")]
    [InlineData("_20")]
    public void RejectsOtherNames(string group)
    {
        Assert.False(NlbDatasetNames.TryParse(group, out _, out _));
        Assert.False(NlbDatasetNames.IsValidGroupName(group));
    }

    [Fact]
    public void KnownNamesAreNlbToolsSeven()
    {
        Assert.Equal(["mc_maze", "mc_rtt", "area2_bump", "dmfc_rsg", "mc_maze_large", "mc_maze_medium", "mc_maze_small"], NlbDatasetNames.Known);
        Assert.Equal("mc_rtt", NlbDatasetNames.GroupName(NlbDatasetNames.McRtt));
        Assert.Throws<ArgumentException>(() => NlbDatasetNames.GroupName("mc_mouse"));
        Assert.Throws<ArgumentOutOfRangeException>(() => NlbDatasetNames.GroupName("mc_maze", 0));
    }
}
