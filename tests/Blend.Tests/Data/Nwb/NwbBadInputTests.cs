using Blend.Data;
using Blend.Data.Nwb;
using Blend.Data.Nwb.Synthetic;
using Blend.Tests.Cli;

namespace Blend.Tests.Data.Nwb;

/// <summary>
/// Damaged NWB files: <c>blend nwb</c> names the file and the HDF5 path of what is wrong, exits 2, and writes nothing.
/// </summary>
public sealed class NwbBadInputTests
{
    private static SyntheticNwbSession SmallMaze() => SyntheticNwb.Generate(new SyntheticNwbOptions { Dataset = "mc_maze", Size = "small", Seed = 3 });

    public static TheoryData<string, string[]> Damages => new()
    {
        { "no units table", ["/units", "missing"] },
        { "no obs_intervals", ["/units/obs_intervals", "required column is missing"] },
        { "no heldout", ["/units/heldout", "required column is missing"] },
        { "no trials table", ["/intervals/trials", "missing"] },
        { "no split column", ["/intervals/trials", "split"] },
        { "decreasing spike index", ["/units/spike_times_index", "must not decrease"] },
        { "spike index past the data", ["/units/spike_times_index", "has only"] },
        { "short interval index", ["/units/obs_intervals_index", "has 2 entries but the table has"] },
        { "no behaviour series", ["hand_vel", "found:"] },
        { "timestamps shorter than the data", ["/processing/behavior/hand_vel/timestamps", "has shape"] },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public void DamageIsReportedWithItsPathAndNothingIsWritten(string damage, string[] messageParts)
    {
        using var temp = new TempFolder();
        var session = SmallMaze();
        var builder = session.Builder;
        long spikes = builder.Units.SpikeCount;
        int units = builder.Units.Count;
        switch (damage)
        {
            case "no units table": builder.Omit("/units"); break;
            case "no obs_intervals": builder.Omit("/units/obs_intervals").Omit("/units/obs_intervals_index"); break;
            case "no heldout": builder.Omit("/units/heldout"); break;
            case "no trials table": builder.Omit("/intervals/trials"); break;
            case "no split column": builder.Trials.RemoveColumn("split"); break;
            case "decreasing spike index":
                builder.ReplaceIndex("/units/spike_times_index", Enumerable.Range(0, units).Select(u => u == 1 ? 0L : spikes * (u + 1) / units).ToArray());
                break;
            case "spike index past the data":
                builder.ReplaceIndex("/units/spike_times_index", Enumerable.Range(1, units).Select(u => (spikes + 10) * u / units).ToArray());
                break;
            case "short interval index": builder.ReplaceIndex("/units/obs_intervals_index", [1L, 2L]); break;
            case "no behaviour series": builder.Omit("/processing/behavior/hand_vel"); break;
            case "timestamps shorter than the data": builder.ReplaceData("/processing/behavior/hand_vel/timestamps", new double[] { 0.2, 0.201 }, 2); break;
        }
        string nwb = temp.File("damaged.nwb");
        session.Write(nwb);
        var result = CliRunner.Run("nwb", nwb, "--dataset", "mc_maze", "--out", temp.File("out"));
        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.Stdout} {result.Stderr}");
        Assert.Contains("damaged.nwb", result.Stderr);
        foreach (string part in messageParts) Assert.Contains(part, result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n')); // one line
        Assert.False(Directory.Exists(temp.File("out")));
        Assert.Equal(["damaged.nwb"], temp.Entries());
    }

    [Fact]
    public void ANonHdf5FileIsABadInput()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("notes.nwb"), "not an NWB file");
        var result = CliRunner.Run("nwb", temp.File("notes.nwb"), "--dataset", "mc_maze", "--out", temp.File("out"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not an HDF5 file", result.Stderr);
    }

    [Fact]
    public void ColumnsAndSeriesNoTensorUsesDoNotStopAConversion()
    {
        using var temp = new TempFolder();
        var session = SmallMaze();
        int trials = session.Summary.Trials, samples = session.Summary.BehaviorSamples;
        session.Builder.ReplaceData("/intervals/trials/maze_id", new long[trials * 2], trials, 2); // a 2-D column
        session.Builder.ReplaceData("/processing/behavior/hand_pos/data", new double[samples * 2], samples, 1, 2); // an image-like series
        session.Write(temp.File("maze3d.nwb"));

        var result = NwbConversion.Convert(temp.File("maze3d.nwb"), new NwbConversionOptions { Dataset = "mc_maze" });
        Assert.Contains(result.Warnings, w => w.Contains("/processing/behavior/hand_pos") && w.Contains("skipped"));
        Assert.DoesNotContain("hand_pos", result.Recording.Signals.Keys);
        Assert.Equal(session.Summary.TrialsBySplit.Single(s => s.Split == "train").Trials, result.Dataset.TrainInput.SpikesHeldin.Trials);
    }

    [Fact]
    public void ASeriesOffTheMillisecondGridIsDroppedWithAWarningAsInNlbTools()
    {
        using var temp = new TempFolder();
        var session = SmallMaze();
        string nwb = temp.File("shifted.nwb");
        session.Write(nwb);
        double[] original;
        using (var reader = Hdf5Reader.Open(nwb)) original = reader.ReadDoubles("/processing/behavior/hand_pos/timestamps", out _);
        var shifted = SmallMaze();
        shifted.Builder.ReplaceData("/processing/behavior/hand_pos/timestamps", original.Select(t => t + 0.0004).ToArray(), original.Length);
        shifted.Write(temp.File("shifted2.nwb"));
        var recording = MillisecondRecording.Load([temp.File("shifted2.nwb")], _ => true);
        Assert.DoesNotContain("hand_pos", recording.Signals.Keys);
        Assert.Contains("hand_vel", recording.Signals.Keys);
        Assert.Contains(recording.Warnings, w => w.Contains("/processing/behavior/hand_pos") && w.Contains("not on the 1 ms grid"));
    }
}
