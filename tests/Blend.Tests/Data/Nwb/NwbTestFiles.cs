using Blend.Data;
using Blend.Data.Nwb.Writing;

namespace Blend.Tests.Data.Nwb;

/// <summary>A tiny hand-built NWB session and helpers to look inside written files.</summary>
internal static class NwbTestFiles
{
    /// <summary>
    /// Two electrodes, three trials (float64, string, bool, int64 and a ragged int16 n × 2 column), three units (ids
    /// not ascending, one held out) and a processing module with a compressed SpatialSeries at explicit timestamps
    /// and a regular TimeSeries.
    /// </summary>
    public static NwbFileBuilder Tiny(string identifier = "tiny")
    {
        var builder = new NwbFileBuilder(new NwbSessionInfo
        {
            Identifier = identifier,
            SessionDescription = "tiny test session",
            Subject = new NwbSubject("s1", "Macaca mulatta", "test"),
            Keywords = ["test"],
        });
        builder.AddElectrodeGroup(new NwbElectrodeGroup("electrode_group_M1", "Electrodes in M1", "M1", "electrode_array_M1", "Utah array"));
        builder.AddElectrode(new NwbElectrode("electrode_group_M1", "M1", 0, 0, 0));
        builder.AddElectrode(new NwbElectrode("electrode_group_M1", "M1", 0.4, 0, 0));

        var trials = builder.Trials;
        trials.AddColumn("start_time", "Start time of epoch, in seconds", [0.2, 1.0, 2.0]);
        trials.AddColumn("stop_time", "Stop time of epoch, in seconds", [0.9, 1.8, 2.7]);
        trials.AddColumn("split", "Trial split", ["train", "val", "none"]);
        trials.AddColumn("success", "If the monkey was successful on the trial", [true, false, true]);
        trials.AddColumn("trial_type", "A number representing the maze", [3L, 7L, 3L]);
        trials.AddRaggedColumn<short>("target_pos", "Rows of x and y coordinates of each target", [[1, 2], [3, 4, 5, 6, 7, 8], [9, 10]], width: 2);

        NwbInterval[] observed = [new(0.2, 0.9), new(1.0, 1.8), new(2.0, 2.7)];
        builder.Units.Add(new NwbUnit(21, false, [0.25, 0.5, 1.2], observed, [1]));
        builder.Units.Add(new NwbUnit(3, true, [0.3], observed, [0]));
        builder.Units.Add(new NwbUnit(12, false, [0.21, 1.5, 2.1, 2.6], observed, [0]));

        var module = builder.AddProcessingModule("behavior", "Processed behavioral data");
        module.Add(new NwbSeriesData
        {
            Name = "hand_pos",
            Kind = NwbSeriesKind.SpatialSeries,
            Data = [1, 2, 3, 4, 5, 6],
            Channels = 2,
            Timestamps = [0.2, 0.201, 0.202],
            Description = "Hand position",
            Comments = NwbSeriesData.ChannelComment("x", "y"),
            Unit = "mm",
            ReferenceFrame = "screen centre",
            Compressed = true,
        });
        module.Add(new NwbSeriesData
        {
            Name = "finger_vel",
            Data = [1, 2, 3, 4],
            Channels = 1,
            StartingTime = 0,
            Rate = 1000,
            Comments = NwbSeriesData.ChannelComment("x"),
            Unit = "mm/s",
        });
        return builder;
    }

    /// <summary>Every group and dataset below <paramref name="group"/>, depth first (soft links as their targets).</summary>
    public static IEnumerable<string> Paths(Hdf5Reader reader, string group = "/")
    {
        foreach (string name in reader.ChildNames(group))
        {
            string path = group == "/" ? "/" + name : group + "/" + name;
            yield return path;
            if (reader.IsGroup(path))
                foreach (string inner in Paths(reader, path)) yield return inner;
        }
    }

    /// <summary>A ragged column's rows: data[index[i − 1] .. index[i]).</summary>
    public static double[][] Ragged(Hdf5Reader reader, string data, int width = 1)
    {
        var values = reader.ReadDoubles(data, out _);
        var ends = reader.ReadDoubles(data + "_index", out _);
        var rows = new double[ends.Length][];
        int start = 0;
        for (int i = 0; i < ends.Length; i++)
        {
            rows[i] = values[(start * width)..((int)ends[i] * width)];
            start = (int)ends[i];
        }
        return rows;
    }
}
