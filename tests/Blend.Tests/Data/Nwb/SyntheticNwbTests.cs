using Blend.Data;
using Blend.Data.Nwb.Synthetic;
using Blend.Data.Nwb.Writing;
using static Blend.Tests.Data.NlbTestFiles;
using static Blend.Tests.Data.Nwb.NwbTestFiles;

namespace Blend.Tests.Data.Nwb;

public class SyntheticNwbTests
{
    private static string Generate(TempFolder temp, string dataset, int seed = 0, string name = "session.nwb")
    {
        string path = temp.File(name);
        SyntheticNwb.Generate(new SyntheticNwbOptions { Dataset = dataset, Seed = seed }).Write(path);
        return path;
    }

    [Theory]
    [InlineData(SyntheticNwbOptions.Maze)]
    [InlineData(SyntheticNwbOptions.Rtt)]
    public void TheSameSeedGivesTheSameBytes(string dataset)
    {
        using var temp = new TempFolder();
        byte[] first = File.ReadAllBytes(Generate(temp, dataset, seed: 5, name: "a.nwb"));
        Assert.Equal(first, File.ReadAllBytes(Generate(temp, dataset, seed: 5, name: "b.nwb")));
        Assert.NotEqual(first, File.ReadAllBytes(Generate(temp, dataset, seed: 6, name: "c.nwb")));
    }

    /// <summary>Same groups, datasets, dtypes, trailing dimensions and attribute names as the pynwb-written fixture
    /// (tests/Blend.Tests/tools/check_nwb_layout.py compares more, with h5py).</summary>
    [Theory]
    [InlineData(SyntheticNwbOptions.Maze, "mc_maze_fixture.nwb")]
    [InlineData(SyntheticNwbOptions.Rtt, "mc_rtt/mc_rtt_fixture.nwb")]
    public void SmallSessionHasTheGoldenFixturesLayout(string dataset, string fixture)
    {
        using var temp = new TempFolder();
        using var ours = Hdf5Reader.Open(Generate(temp, dataset));
        using var golden = Hdf5Reader.Open(Golden(fixture));
        var goldenPaths = Paths(golden).Where(p => !p.StartsWith("/specifications", StringComparison.Ordinal)).ToList();
        Assert.Equal(goldenPaths, Paths(ours).ToList());
        foreach (string path in goldenPaths.Prepend("/"))
        {
            var expected = golden.AttributeNames(path).Where(a => a != ".specloc");
            Assert.True(expected.SequenceEqual(ours.AttributeNames(path)), $"{path}: attributes {string.Join(",", ours.AttributeNames(path))}");
            if (!golden.IsDataset(path)) continue;
            Assert.True(golden.Dtype(path) == ours.Dtype(path), $"{path}: {ours.Dtype(path)} vs golden {golden.Dtype(path)}");
            Assert.Equal(golden.Shape(path).Skip(1), ours.Shape(path).Skip(1));
        }
        string[] tables = ["/units", "/intervals", "/processing"];
        foreach (string path in goldenPaths.Where(p => tables.Any(t => p.StartsWith(t, StringComparison.Ordinal))))
        {
            foreach (string attribute in new[] { "neurodata_type", "namespace", "description", "comments", "unit" })
                if (golden.HasAttribute(path, attribute))
                    Assert.Equal(golden.ReadStringAttribute(path, attribute), ours.ReadStringAttribute(path, attribute));
        }
        Assert.Equal(golden.ReadStringArrayAttribute(NwbFileBuilder.TrialsPath, "colnames"), ours.ReadStringArrayAttribute(NwbFileBuilder.TrialsPath, "colnames"));
        Assert.Equal(golden.ReadStringArrayAttribute("/units", "colnames"), ours.ReadStringArrayAttribute("/units", "colnames"));
    }

    [Fact]
    public void MazeTrialsFollowTheDandiTimingRules()
    {
        using var temp = new TempFolder();
        using var reader = Hdf5Reader.Open(Generate(temp, SyntheticNwbOptions.Maze));
        long[] Ms(string column) => reader.ReadDoubles("/intervals/trials/" + column, out _).Select(s => (long)Math.Round(s * 1000)).ToArray();
        var starts = Ms("start_time");
        var stops = Ms("stop_time");
        var onsets = Ms("move_onset_time");
        var targetOn = Ms("target_on_time");
        var goCue = Ms("go_cue_time");
        Assert.Equal(48, starts.Length);
        Assert.Equal(200, starts[0]);
        for (int k = 0; k < starts.Length; k++)
        {
            Assert.InRange(onsets[k] - starts[k], 330, 560);
            Assert.InRange(stops[k] - onsets[k], 760, 820);
            Assert.True(starts[k] < targetOn[k] && targetOn[k] < goCue[k] && goCue[k] < onsets[k]);
            if (k > 0) Assert.Equal((stops[k - 1] + 50 + 99) / 100 * 100, starts[k]);
        }
        Assert.Equal(goCue.Zip(targetOn, (g, t) => g - t), reader.ReadDoubles("/intervals/trials/delay", out _).Select(d => (long)d));
        Assert.Equal(onsets.Zip(goCue, (o, g) => o - g), reader.ReadDoubles("/intervals/trials/rt", out _).Select(d => (long)d));
        Assert.Contains(onsets, o => o % 5 == 0);
        Assert.Contains(onsets, o => o % 5 != 0);

        var splits = reader.ReadStrings("/intervals/trials/split");
        Assert.Equal(new[] { "none", "test", "train", "val" }, splits.Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(31, splits.Count(s => s == "train"));
        var targets = Ragged(reader, "/intervals/trials/target_pos", width: 2);
        var barriers = Ragged(reader, "/intervals/trials/barrier_pos", width: 4);
        var numTargets = reader.ReadDoubles("/intervals/trials/num_targets", out _);
        var numBarriers = reader.ReadDoubles("/intervals/trials/num_barriers", out _);
        var versions = reader.ReadDoubles("/intervals/trials/trial_version", out _);
        for (int k = 0; k < starts.Length; k++)
        {
            Assert.Equal(numTargets[k] * 2, targets[k].Length);
            Assert.Equal(numBarriers[k] * 4, barriers[k].Length);
            Assert.Equal(versions[k] == 0 ? 0 : 2, numBarriers[k]);
        }
    }

    [Fact]
    public void MazeBehaviourIsSampledAtWholeMillisecondsInsideTrialsOnly()
    {
        using var temp = new TempFolder();
        using var reader = Hdf5Reader.Open(Generate(temp, SyntheticNwbOptions.Maze));
        var starts = reader.ReadDoubles("/intervals/trials/start_time", out _);
        var stops = reader.ReadDoubles("/intervals/trials/stop_time", out _);
        var expected = starts.Zip(stops).SelectMany(t => Enumerable.Range((int)Math.Round(t.First * 1000), (int)Math.Round((t.Second - t.First) * 1000)))
            .Select(ms => ms / 1000.0).ToArray();
        foreach (string series in new[] { "hand_pos", "hand_vel" })
            Assert.Equal(expected, reader.ReadDoubles($"/processing/behavior/{series}/timestamps", out _));

        var position = reader.ReadDoubles("/processing/behavior/hand_pos/data", out int[] shape);
        var velocity = reader.ReadDoubles("/processing/behavior/hand_vel/data", out _);
        Assert.Equal([expected.Length, 2], shape);
        int n = (int)Math.Round((stops[0] - starts[0]) * 1000);
        // numpy.gradient within the first trial: one-sided at its ends, central inside, per second.
        Assert.Equal((position[2] - position[0]) * 1000, velocity[0], 9);
        Assert.Equal((position[2 * 11 + 1] - position[2 * 9 + 1]) * 500, velocity[2 * 10 + 1], 9);
        Assert.Equal((position[2 * (n - 1)] - position[2 * (n - 2)]) * 1000, velocity[2 * (n - 1)], 9);
        double peak = Enumerable.Range(0, expected.Length).Max(i => Math.Sqrt(velocity[2 * i] * velocity[2 * i] + velocity[2 * i + 1] * velocity[2 * i + 1]));
        Assert.InRange(peak, 400, 800);
    }

    [Fact]
    public void MazeUnitsAreShuffledInterleavedAndObservedDuringTrials()
    {
        using var temp = new TempFolder();
        using var reader = Hdf5Reader.Open(Generate(temp, SyntheticNwbOptions.Maze));
        var ids = reader.ReadDoubles("/units/id", out _);
        Assert.Equal(30, ids.Length);
        Assert.NotEqual(ids.Order(), ids);
        Assert.All(ids, id => Assert.InRange(id % 10, 1, 3));
        var heldout = reader.ReadDoubles("/units/heldout", out _);
        Assert.Equal(8, heldout.Count(h => h == 1));
        Assert.True(heldout.Take(22).Contains(1) && heldout.Skip(8).Contains(0), "held-out units are interleaved");

        var starts = reader.ReadDoubles("/intervals/trials/start_time", out _);
        var stops = reader.ReadDoubles("/intervals/trials/stop_time", out _);
        var trialIntervals = starts.Zip(stops).SelectMany(t => new[] { t.First, t.Second }).ToArray();
        var observed = Ragged(reader, "/units/obs_intervals", width: 2);
        Assert.All(observed, o => Assert.Equal(trialIntervals, o));

        var spikes = Ragged(reader, "/units/spike_times");
        Assert.All(spikes, unit => Assert.InRange(unit.Length, 50, 5000));
        foreach (double[] unit in spikes)
        {
            Assert.Equal(unit.Order(), unit);
            foreach (double t in unit)
            {
                Assert.Equal(Math.Round(t * 30000), t * 30000, 6);
                int k = Array.FindLastIndex(starts, s => s <= t);
                Assert.True(k >= 0 && t < stops[k], $"spike at {t} s is outside every trial");
            }
        }
        Assert.Equal("uint16", reader.Dtype("/units/spike_times_index"));
    }

    [Fact]
    public void RttSessionIsRegularlySampledWithNanBetweenChunks()
    {
        using var temp = new TempFolder();
        using var reader = Hdf5Reader.Open(Generate(temp, SyntheticNwbOptions.Rtt));
        Assert.Equal(["start_time", "stop_time", "split"], reader.ReadStringArrayAttribute(NwbFileBuilder.TrialsPath, "colnames"));
        var starts = reader.ReadDoubles("/intervals/trials/start_time", out _);
        var stops = reader.ReadDoubles("/intervals/trials/stop_time", out _);
        Assert.Equal(41, starts.Length);
        Assert.All(starts.Zip(stops), t => Assert.Equal(600, Math.Round((t.Second - t.First) * 1000)));

        var chunks = Ragged(reader, "/units/obs_intervals", width: 2)[0];
        Assert.Equal(6, chunks.Length);
        Assert.Equal(0, chunks[0]);
        var segments = Enumerable.Range(0, 3).Select(c => starts.Count(s => s >= chunks[2 * c] && s < chunks[2 * c + 1])).ToArray();
        Assert.Equal([15, 12, 14], segments);
        for (int c = 0; c < 3; c++)
            Assert.Equal(segments[c] * 600 + 300, Math.Round((chunks[2 * c + 1] - chunks[2 * c]) * 1000));

        int samples = (int)Math.Round(chunks[^1] * 1000);
        foreach (var (series, channels) in new[] { ("finger_pos", 3), ("finger_vel", 2), ("target_pos", 2) })
        {
            string path = "/processing/behavior/" + series;
            Assert.False(reader.Exists(path + "/timestamps"));
            Assert.Equal([0.0], reader.ReadDoubles(path + "/starting_time", out _));
            Assert.Equal(1000.0, reader.ReadDoubleAttribute(path + "/starting_time", "rate"));
            Assert.Equal(NwbSeriesData.ChannelComment(new[] { "x", "y", "z" }[..channels]), reader.ReadStringAttribute(path, "comments"));
            var data = reader.ReadDoubles(path + "/data", out int[] shape);
            Assert.Equal([samples, channels], shape);
            for (int ms = 0; ms < samples; ms++)
            {
                bool recorded = Enumerable.Range(0, 3).Any(c => ms >= Math.Round(chunks[2 * c] * 1000) && ms < Math.Round(chunks[2 * c + 1] * 1000));
                Assert.True(recorded != double.IsNaN(data[ms * channels]), $"{series} sample {ms}");
            }
        }
        var ids = reader.ReadDoubles("/units/id", out _);
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(6, reader.ReadDoubles("/units/heldout", out _).Count(h => h == 1));
    }

    [Fact]
    public void SummaryDescribesTheSession()
    {
        var session = SyntheticNwb.Generate(new SyntheticNwbOptions { Dataset = SyntheticNwbOptions.Maze, Seed = 1 });
        var summary = session.Summary;
        Assert.Equal(48, summary.Trials);
        Assert.Equal([("train", 31), ("val", 12), ("test", 3), ("none", 2)], summary.TrialsBySplit);
        Assert.Equal((22, 8), (summary.HeldinUnits, summary.HeldoutUnits));
        Assert.Equal(session.Builder.Units.SpikeCount, summary.Spikes);
        Assert.Equal(["hand_pos", "hand_vel"], summary.BehaviorSeries);
    }

    [Fact]
    public void LargePresetsHaveTheDandiTrainingFilesScale()
    {
        var maze = MazeSessionOptions.ForSize(SyntheticNwbOptions.Large, 0);
        Assert.Equal((2000, 182, 45, 192, 108), (maze.Trials, maze.Units, maze.HeldoutUnits, maze.Electrodes, maze.Conditions.Count));
        Assert.True(maze.CursorAndEye);
        var rtt = RttSessionOptions.ForSize(SyntheticNwbOptions.Large, 0);
        Assert.Equal((1350, 130, 32), (rtt.SegmentsPerChunk.Sum(), rtt.Units, rtt.HeldoutUnits));
        Assert.Throws<BlendInputException>(() => MazeSessionOptions.ForSize("huge", 0));
        Assert.Throws<BlendInputException>(() => new SyntheticNwbOptions { Dataset = "area2_bump" }.Validate());
    }

    [Fact]
    public void GeneratedSessionsCanStillBeDamagedBeforeWriting()
    {
        using var temp = new TempFolder();
        var session = SyntheticNwb.Generate(new SyntheticNwbOptions { Dataset = SyntheticNwbOptions.Maze });
        session.Builder.Trials.RemoveColumn("move_onset_time");
        session.Builder.Omit("/processing/behavior/hand_vel");
        session.Write(temp.File("broken.nwb"));
        using var reader = Hdf5Reader.Open(temp.File("broken.nwb"));
        Assert.DoesNotContain("move_onset_time", reader.ReadStringArrayAttribute(NwbFileBuilder.TrialsPath, "colnames"));
        Assert.Equal(["hand_pos"], reader.GroupNames("/processing/behavior"));
    }
}
