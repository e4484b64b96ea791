using Blend.Data;
using Blend.Data.Nwb;
using Blend.Data.Nwb.Synthetic;

namespace Blend.Tests.Data.Nwb;

/// <summary>Spike times are read in chunks; chunk boundaries inside a unit must not change anything.</summary>
public sealed class NwbStreamingTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public void ChunkedSpikeReadingGivesEveryUnitItsWholeTrain(int chunk)
    {
        using var file = NwbFile.Open(NlbTestFiles.Golden("mc_maze_fixture.nwb"));
        var whole = new List<double[]>();
        file.Units.ForEachUnitSpikes((_, times) => whole.Add(times.ToArray()), chunkValues: 1 << 20);
        var chunked = new List<(int Unit, double[] Times)>();
        long lastProgress = 0;
        file.Units.ForEachUnitSpikes((unit, times) => chunked.Add((unit, times.ToArray())), chunkValues: chunk,
            progress: done => { Assert.True(done > lastProgress); lastProgress = done; });
        Assert.Equal(Enumerable.Range(0, file.Units.Count), chunked.Select(c => c.Unit));
        Assert.Equal(whole, chunked.Select(c => c.Times));
        Assert.Equal(file.Units.TotalSpikes, lastProgress);
        Assert.Equal(22_144, whole.Sum(t => t.Length));
    }

    [Fact]
    public void AGeneratedSessionConvertsWithItsSplitsAndUnits()
    {
        using var temp = new TempFolder();
        var session = SyntheticNwb.Generate(new SyntheticNwbOptions { Dataset = "mc_maze", Size = "small", Seed = 5 });
        session.Write(temp.File("maze.nwb"));
        var progress = new List<NwbConversionProgress>();
        var result = NwbConversion.Convert(temp.File("maze.nwb"), new NwbConversionOptions { Dataset = "mc_maze" }, new Recorder(progress));
        var summary = session.Summary;
        int Split(string name) => summary.TrialsBySplit.Where(s => s.Split == name).Sum(s => s.Trials);
        Assert.Equal(Split("train"), result.Dataset.TrainInput.SpikesHeldin.Trials);
        Assert.Equal(Split("val"), result.Dataset.EvalInput.SpikesHeldin.Trials);
        Assert.Equal(summary.HeldinUnits, result.Dataset.TrainInput.SpikesHeldin.Channels);
        Assert.Equal(summary.HeldoutUnits, result.Dataset.TrainInput.SpikesHeldout.Channels);
        Assert.DoesNotContain(result.Dataset.TrainInput.SpikesHeldin.Values, double.IsNaN);
        Assert.Contains(progress, p => p.Stage.StartsWith("Reading spikes", StringComparison.Ordinal) && p.Done == p.Total);
        Assert.Contains(progress, p => p.Stage == "Making tensors" && p.Done == p.Total);
    }

    private sealed class Recorder(List<NwbConversionProgress> updates) : IProgress<NwbConversionProgress>
    {
        public void Report(NwbConversionProgress value) => updates.Add(value);
    }
}
