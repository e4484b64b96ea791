using Blend.Data;
using Blend.Data.Nwb.Writing;
using PureHDF;
using PureHDF.VOL.Native;
using static Blend.Tests.Data.Nwb.NwbTestFiles;

namespace Blend.Tests.Data.Nwb;

public class NwbFileBuilderTests
{
    [Fact]
    public void WritesTheNwbLayoutAndAttributeConventions()
    {
        using var temp = new TempFolder();
        string path = temp.File("tiny.nwb");
        Tiny().Write(path);
        using var reader = Hdf5Reader.Open(path);

        Assert.Equal("NWBFile", reader.ReadStringAttribute("/", "neurodata_type"));
        Assert.Equal("2.6.0", reader.ReadStringAttribute("/", "nwb_version"));
        Assert.Equal(["tiny"], reader.ReadStrings("/identifier"));
        Assert.Equal(["2024-01-01T00:00:00+00:00"], reader.ReadStrings("/file_create_date"));
        foreach (string group in new[] { "/acquisition", "/analysis", "/stimulus/presentation", "/stimulus/templates", "/general/subject" })
            Assert.True(reader.IsGroup(group), group);

        Assert.Equal(["heldout", "spike_times", "obs_intervals", "electrodes"], reader.ReadStringArrayAttribute("/units", "colnames"));
        Assert.Equal(("Units", "core"), (reader.ReadStringAttribute("/units", "neurodata_type"), reader.ReadStringAttribute("/units", "namespace")));
        Assert.Equal([21, 3, 12], reader.ReadDoubles("/units/id", out _));
        Assert.Equal("int64", reader.Dtype("/units/id"));
        Assert.Equal("bool", reader.Dtype("/units/heldout"));
        Assert.Equal([0, 1, 0], reader.ReadDoubles("/units/heldout", out _));
        Assert.Equal("float64", reader.Dtype("/units/spike_times"));
        Assert.Equal("uint8", reader.Dtype("/units/spike_times_index"));
        Assert.Equal([[0.25, 0.5, 1.2], [0.3], [0.21, 1.5, 2.1, 2.6]], Ragged(reader, "/units/spike_times"));
        Assert.Equal([9, 2], reader.Shape("/units/obs_intervals"));
        Assert.Equal([0.2, 0.9, 1.0, 1.8, 2.0, 2.7], Ragged(reader, "/units/obs_intervals", width: 2)[1]);
        Assert.Equal("DynamicTableRegion", reader.ReadStringAttribute("/units/electrodes", "neurodata_type"));
        Assert.Equal("VectorIndex", reader.ReadStringAttribute("/units/spike_times_index", "neurodata_type"));
        Assert.Equal("Index for VectorData 'spike_times'", reader.ReadStringAttribute("/units/spike_times_index", "description"));
        Assert.Equal("ElementIdentifiers", reader.ReadStringAttribute("/units/id", "neurodata_type"));

        Assert.Equal(["start_time", "stop_time", "split", "success", "trial_type", "target_pos"],
            reader.ReadStringArrayAttribute(NwbFileBuilder.TrialsPath, "colnames"));
        Assert.Equal("TimeIntervals", reader.ReadStringAttribute(NwbFileBuilder.TrialsPath, "neurodata_type"));
        Assert.Equal(["train", "val", "none"], reader.ReadStrings("/intervals/trials/split"));
        Assert.Equal("bool", reader.Dtype("/intervals/trials/success"));
        Assert.Equal("int16", reader.Dtype("/intervals/trials/target_pos"));
        Assert.Equal([5, 2], reader.Shape("/intervals/trials/target_pos"));
        Assert.Equal([1, 4, 5], reader.ReadDoubles("/intervals/trials/target_pos_index", out _));
        Assert.Equal([0, 1, 2], reader.ReadDoubles("/intervals/trials/id", out _));
        Assert.Equal("hdmf-common", reader.ReadStringAttribute("/intervals/trials/start_time", "namespace"));
        Assert.Equal("VectorData", reader.ReadStringAttribute("/intervals/trials/start_time", "neurodata_type"));

        const string hand = "/processing/behavior/hand_pos";
        Assert.Equal("ProcessingModule", reader.ReadStringAttribute("/processing/behavior", "neurodata_type"));
        Assert.Equal(["comments", "description", "namespace", "neurodata_type", "object_id"], reader.AttributeNames(hand));
        Assert.Equal("columns=[x,y]", reader.ReadStringAttribute(hand, "comments"));
        Assert.Equal("SpatialSeries", reader.ReadStringAttribute(hand, "neurodata_type"));
        Assert.Equal(["conversion", "offset", "resolution", "unit"], reader.AttributeNames(hand + "/data"));
        Assert.Equal("mm", reader.ReadStringAttribute(hand + "/data", "unit"));
        Assert.Equal(-1.0, reader.ReadDoubleAttribute(hand + "/data", "resolution"));
        Assert.Equal([3, 2], reader.Shape(hand + "/data"));
        Assert.Equal([0.2, 0.201, 0.202], reader.ReadDoubles(hand + "/timestamps", out _));
        Assert.Equal(1.0, reader.ReadDoubleAttribute(hand + "/timestamps", "interval"));
        Assert.Equal(["screen centre"], reader.ReadStrings(hand + "/reference_frame"));
        Assert.Equal("TimeSeries", reader.ReadStringAttribute("/processing/behavior/finger_vel", "neurodata_type"));
        Assert.False(reader.Exists("/processing/behavior/finger_vel/timestamps"));
        Assert.Equal([0.0], reader.ReadDoubles("/processing/behavior/finger_vel/starting_time", out var scalar));
        Assert.Empty(scalar);
        Assert.Equal(1000.0, reader.ReadDoubleAttribute("/processing/behavior/finger_vel/starting_time", "rate"));
        Assert.Equal("seconds", reader.ReadStringAttribute("/processing/behavior/finger_vel/starting_time", "unit"));

        Assert.Equal(["location", "group", "group_name", "x", "y", "z", "imp", "filtering"],
            reader.ReadStringArrayAttribute(NwbFileBuilder.ElectrodesPath, "colnames"));
        Assert.Equal(["electrode_group_M1", "electrode_group_M1"], reader.ReadStrings(NwbFileBuilder.ElectrodesPath + "/group_name"));
    }

    [Fact]
    public void EveryObjectIdIsADistinctUuid()
    {
        using var temp = new TempFolder();
        string path = temp.File("tiny.nwb");
        Tiny().Write(path);
        using var reader = Hdf5Reader.Open(path);
        // An electrode group's "device" is a soft link to its device, which would be counted twice.
        var ids = Paths(reader).Prepend("/").Where(p => !p.EndsWith("/device") && reader.HasAttribute(p, "object_id"))
            .Select(p => reader.ReadStringAttribute(p, "object_id")).ToList();
        Assert.True(ids.Count >= 20, $"{ids.Count} object ids");
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", id));
    }

    [Fact]
    public void ReferencesPointAtTheirTargets()
    {
        using var temp = new TempFolder();
        string path = temp.File("tiny.nwb");
        Tiny().Write(path);
        using var file = H5File.OpenRead(path);

        var index = file.Dataset("/units/spike_times_index");
        var target = file.Get(index.Attribute("target").Read<NativeObjectReference1>());
        Assert.Equal([0.25, 0.5, 1.2, 0.3, 0.21, 1.5, 2.1, 2.6], Assert.IsAssignableFrom<IH5Dataset>(target).Read<double[]>());

        var region = file.Dataset("/units/electrodes");
        var table = Assert.IsAssignableFrom<IH5Group>(file.Get(region.Attribute("table").Read<NativeObjectReference1>()));
        Assert.True(table.LinkExists("group_name"));

        var groups = file.Dataset(NwbFileBuilder.ElectrodesPath + "/group").Read<NativeObjectReference1[]>();
        Assert.All(groups, g => Assert.Equal("M1", file.Get(g).Attribute("location").Read<string>()));
        Assert.True(file.Group("/general/extracellular_ephys/electrode_group_M1").LinkExists("device"));
    }

    [Fact]
    public void SmallDatasetsAreContiguousAndCompressedOnesChunkedLikeH5py()
    {
        using var temp = new TempFolder();
        string path = temp.File("tiny.nwb");
        Tiny().Write(path);
        using var file = H5File.OpenRead(path);
        Assert.Equal(H5DataLayoutClass.Contiguous, file.Dataset("/units/spike_times").Layout.Class);
        var hand = file.Dataset("/processing/behavior/hand_pos/data").Layout;
        Assert.Equal(H5DataLayoutClass.Chunked, hand.Class);
        Assert.Equal([3u, 2u], hand.Chunks.Take(2));
    }

    [Theory]
    [InlineData(255, "uint8")]
    [InlineData(256, "uint16")]
    [InlineData(65535, "uint16")]
    [InlineData(65536, "uint32")]
    public void IndexWidthFollowsTheLargestEndOffset(int spikes, string dtype)
    {
        using var temp = new TempFolder();
        string path = temp.File("width.nwb");
        var builder = new NwbFileBuilder(new NwbSessionInfo { Identifier = "width" });
        builder.Units.Add(new NwbUnit(1, false, new double[spikes], [new(0, 1)]));
        builder.Write(path);
        using var reader = Hdf5Reader.Open(path);
        Assert.Equal(dtype, reader.Dtype("/units/spike_times_index"));
        Assert.Equal([spikes], reader.ReadDoubles("/units/spike_times_index", out _));
        Assert.Equal("uint8", reader.Dtype("/units/obs_intervals_index"));
        Assert.False(reader.Exists("/units/electrodes"));
        Assert.Equal(["heldout", "spike_times", "obs_intervals"], reader.ReadStringArrayAttribute("/units", "colnames"));
    }

    [Fact]
    public void SameContentGivesTheSameBytesAndAnotherIdentifierOtherObjectIds()
    {
        using var temp = new TempFolder();
        Tiny().Write(temp.File("a.nwb"));
        Tiny().Write(temp.File("b.nwb"));
        Tiny("other").Write(temp.File("c.nwb"));
        Assert.Equal(File.ReadAllBytes(temp.File("a.nwb")), File.ReadAllBytes(temp.File("b.nwb")));
        using var a = Hdf5Reader.Open(temp.File("a.nwb"));
        using var c = Hdf5Reader.Open(temp.File("c.nwb"));
        Assert.NotEqual(a.ReadStringAttribute("/units", "object_id"), c.ReadStringAttribute("/units", "object_id"));
    }

    [Fact]
    public void WriteReplacesAnExistingFileAndLeavesNoTemporaryFile()
    {
        using var temp = new TempFolder();
        string path = temp.File("tiny.nwb");
        File.WriteAllText(path, "old");
        Tiny().Write(path);
        Assert.Equal(["tiny.nwb"], temp.Entries());
        using var reader = Hdf5Reader.Open(path);
        Assert.True(reader.IsGroup("/units"));
    }

    [Fact]
    public void TablesRefuseColumnsOfTheWrongLength()
    {
        var builder = Tiny();
        var error = Assert.Throws<ArgumentException>(() => builder.Trials.AddColumn("rt", "reaction time", [1L, 2L]));
        Assert.Contains("rt has 2 rows, the table has 3", error.Message);
        Assert.Throws<ArgumentException>(() => builder.Trials.AddRaggedColumn<double>("odd", "", [[1], [2, 3, 4], [5, 6]], width: 2));
        Assert.Throws<ArgumentException>(() => builder.Trials.AddColumn("split_index", "clashes with split's index", [1.0, 2, 3]));
        Assert.Throws<ArgumentException>(() => builder.Units.Add(new NwbUnit(21, false, [], [])));
    }

    [Fact]
    public void TimeSeriesNeedExactlyOneKindOfTiming()
    {
        var module = Tiny().ProcessingModules[0];
        Assert.Throws<ArgumentException>(() => module.Add(new NwbSeriesData { Name = "neither", Data = [1, 2], Channels = 1 }));
        Assert.Throws<ArgumentException>(() => module.Add(new NwbSeriesData { Name = "both", Data = [1, 2], Channels = 1, Timestamps = [0, 1], Rate = 10 }));
        Assert.Throws<ArgumentException>(() => module.Add(new NwbSeriesData { Name = "short", Data = [1, 2], Channels = 1, Timestamps = [0] }));
        Assert.Throws<ArgumentException>(() => module.Add(new NwbSeriesData { Name = "ragged", Data = [1, 2, 3], Channels = 2, Rate = 10 }));
    }

    [Fact]
    public void UnitsNamingMissingElectrodesAreRefusedAtWrite()
    {
        using var temp = new TempFolder();
        var builder = Tiny();
        builder.Units.Add(new NwbUnit(99, false, [0.5], [new(0.2, 0.9)], [2]));
        var error = Assert.Throws<ArgumentException>(() => builder.Write(temp.File("bad.nwb")));
        Assert.Contains("electrode row 2", error.Message);
        Assert.Empty(temp.Entries());
    }
}
