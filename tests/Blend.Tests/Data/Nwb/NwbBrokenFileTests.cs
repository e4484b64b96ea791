using Blend.Data;
using Blend.Data.Nwb.Writing;
using PureHDF;
using static Blend.Tests.Data.Nwb.NwbTestFiles;

namespace Blend.Tests.Data.Nwb;

/// <summary>The builder's deliberate damage produces exactly the broken file it names, for error-case tests.</summary>
public class NwbBrokenFileTests
{
    private static Hdf5Reader Written(NwbFileBuilder builder, TempFolder temp)
    {
        string path = temp.File("broken.nwb");
        builder.Write(path);
        return Hdf5Reader.Open(path);
    }

    [Fact]
    public void OmitLeavesOutATableOrAColumnButNotItsColnamesEntry()
    {
        using var temp = new TempFolder();
        using (var reader = Written(Tiny().Omit("/intervals/trials/split").Omit("/units/obs_intervals_index"), temp))
        {
            Assert.False(reader.Exists("/intervals/trials/split"));
            Assert.Contains("split", reader.ReadStringArrayAttribute(NwbFileBuilder.TrialsPath, "colnames"));
            Assert.True(reader.Exists("/units/obs_intervals"));
            Assert.False(reader.Exists("/units/obs_intervals_index"));
        }
        using (var reader = Written(Tiny().Omit("/units").Omit("/processing/behavior/hand_pos/timestamps"), temp))
        {
            Assert.False(reader.Exists("/units"));
            Assert.True(reader.IsGroup("/intervals/trials"));
            Assert.True(reader.Exists("/processing/behavior/hand_pos/data"));
            Assert.False(reader.Exists("/processing/behavior/hand_pos/timestamps"));
        }
    }

    [Fact]
    public void RemoveColumnLeavesACleanTableWithoutIt()
    {
        using var temp = new TempFolder();
        var builder = Tiny();
        Assert.True(builder.Trials.RemoveColumn("target_pos"));
        Assert.False(builder.Trials.RemoveColumn("target_pos"));
        using var reader = Written(builder, temp);
        Assert.Equal(["start_time", "stop_time", "split", "success", "trial_type"], reader.ReadStringArrayAttribute(NwbFileBuilder.TrialsPath, "colnames"));
        Assert.False(reader.Exists("/intervals/trials/target_pos"));
        Assert.False(reader.Exists("/intervals/trials/target_pos_index"));
    }

    [Fact]
    public void OmittingAReferencedDatasetDropsTheReferenceToIt()
    {
        using var temp = new TempFolder();
        using var reader = Written(Tiny().Omit("/units/spike_times"), temp);
        Assert.True(reader.Exists("/units/spike_times_index"));
        Assert.False(reader.HasAttribute("/units/spike_times_index", "target"));
        Assert.True(reader.HasAttribute("/units/obs_intervals_index", "target"));
    }

    [Fact]
    public void ReplaceIndexWritesAnIndexPastTheDataOrDecreasing()
    {
        using var temp = new TempFolder();
        using (var reader = Written(Tiny().ReplaceIndex("/units/spike_times_index", [3, 4, 9]), temp))
        {
            Assert.Equal([3, 4, 9], reader.ReadDoubles("/units/spike_times_index", out _));
            Assert.Equal([8], reader.Shape("/units/spike_times"));
            Assert.Equal("VectorIndex", reader.ReadStringAttribute("/units/spike_times_index", "neurodata_type"));
        }
        using (var reader = Written(Tiny().ReplaceIndex("/units/obs_intervals_index", [3, 2, 9]), temp))
            Assert.Equal([3, 2, 9], reader.ReadDoubles("/units/obs_intervals_index", out _));
        using (var reader = Written(Tiny().ReplaceIndex("/units/spike_times_index", [3, 4, 70000]), temp))
            Assert.Equal("uint32", reader.Dtype("/units/spike_times_index"));
    }

    [Fact]
    public void ReplaceDataChangesTypeOrLengthAndKeepsTheAttributes()
    {
        using var temp = new TempFolder();
        var builder = Tiny()
            .ReplaceData("/units/spike_times", new float[] { 0.25f, 0.5f }, 2)
            .ReplaceData("/intervals/trials/start_time", new[] { 0.2, 1.0 }, 2)
            .ReplaceData("/units/obs_intervals", new double[18], 18);
        using var reader = Written(builder, temp);
        Assert.Equal("float32", reader.Dtype("/units/spike_times"));
        Assert.Equal("the spike times for each unit", reader.ReadStringAttribute("/units/spike_times", "description"));
        Assert.Equal([2], reader.Shape("/intervals/trials/start_time"));
        Assert.Equal([3], reader.Shape("/intervals/trials/stop_time"));
        Assert.Equal([18], reader.Shape("/units/obs_intervals"));
    }

    [Fact]
    public void AttributesCanBeOmittedOrChanged()
    {
        using var temp = new TempFolder();
        var builder = Tiny()
            .OmitAttribute("/processing/behavior/hand_pos", "comments")
            .SetAttribute("/processing/behavior/finger_vel", "comments", "x and y")
            .SetAttribute("/processing/behavior/finger_vel/starting_time", "rate", 0.0)
            .SetAttribute(NwbFileBuilder.TrialsPath, "colnames", new[] { "start_time" });
        using var reader = Written(builder, temp);
        Assert.False(reader.HasAttribute("/processing/behavior/hand_pos", "comments"));
        Assert.Equal("x and y", reader.ReadStringAttribute("/processing/behavior/finger_vel", "comments"));
        Assert.Equal(0.0, reader.ReadDoubleAttribute("/processing/behavior/finger_vel/starting_time", "rate"));
        Assert.Equal(["start_time"], reader.ReadStringArrayAttribute(NwbFileBuilder.TrialsPath, "colnames"));
    }

    [Theory]
    [InlineData("/units/no_such_column")]
    [InlineData("/processing/nothing")]
    public void DamagingSomethingThatIsNotThereIsAnErrorAndWritesNothing(string path)
    {
        using var temp = new TempFolder();
        var error = Assert.Throws<ArgumentException>(() => Tiny().Omit(path).Write(temp.File("x.nwb")));
        Assert.Contains(path, error.Message);
        Assert.Throws<ArgumentException>(() => Tiny().OmitAttribute("/units", "nope").Write(temp.File("x.nwb")));
        Assert.Throws<ArgumentException>(() => Tiny().ReplaceIndex("/units", [1, 2, 3]).Write(temp.File("x.nwb")));
        Assert.Empty(temp.Entries());
    }

    [Fact]
    public void ReplaceDataChecksTheShapeItIsGiven()
    {
        Assert.Throws<ArgumentException>(() => Tiny().ReplaceData("/units/id", new long[] { 1, 2, 3 }, 2, 2));
        Assert.Throws<ArgumentException>(() => Tiny().SetAttribute("/units", "description", new object()));
    }

    [Fact]
    public void AFileMissingItsUnitsStillOpensWithPureHdf()
    {
        using var temp = new TempFolder();
        Tiny().Omit("/units").Omit("/general/extracellular_ephys").Write(temp.File("bare.nwb"));
        using var file = H5File.OpenRead(temp.File("bare.nwb"));
        Assert.False(file.LinkExists("units"));
        Assert.True(file.LinkExists("intervals"));
    }
}
