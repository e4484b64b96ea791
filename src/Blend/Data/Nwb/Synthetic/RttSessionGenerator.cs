using Blend.Data.Nwb.Writing;
using Blend.Data.Synthetic;

namespace Blend.Data.Nwb.Synthetic;

/// <summary>
/// An MC_RTT-like session laid out as the DANDI 000129 training file (see tests/Blend.Tests/TestData/golden/nwb/README.md §2.2): the
/// recording chunks are the units' obs_intervals, the trials table holds only start_time, stop_time and split of
/// consecutive 600 ms segments, and finger_pos, finger_vel and target_pos are regular (starting_time 0, rate
/// 1000 Hz) with NaN between chunks. Unit ids ascend in row order; the held-out units are interleaved.
/// </summary>
public static class RttSessionGenerator
{
    /// <summary>
    /// Lays out an MC_RTT-like session from <paramref name="options"/> (validated first): recording chunks, finger and
    /// target behaviour, 600 ms segments as trials, electrodes and cosine-tuned Poisson units. The same options give the same session.
    /// </summary>
    public static SyntheticNwbSession Generate(RttSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int seed = options.Seed;
        var chunks = Chunks(options, SeededRandom.For(seed, "mc_rtt/chunks"));
        var behavior = RttBehavior.Draw(chunks, seed);
        var layout = UnitLayout.Draw(options.Units, options.HeldoutUnits, options.Electrodes, ascendingIds: true, SeededRandom.For(seed, "mc_rtt/units"));
        var tuningRandom = SeededRandom.For(seed, "mc_rtt/tuning");
        var tunings = Enumerable.Range(0, layout.Count)
            .Select(_ => CosineTuning.Draw(tuningRandom, options.BaselineHz, options.VelocityGain, prepGainHz: 0)).ToList();
        var segments = chunks.Select(c => new SpikeSegment(c.StartMs, (int)c.StartMs, c.Samples)).ToList();
        var spikes = TunedSpikeTrains.Generate(tunings, segments, behavior.FingerVel, stride: 2, ramp: null, options.LagMs, seed, "mc_rtt/spikes");

        var builder = new NwbFileBuilder(Session(options));
        ElectrodeArrays.AddTo(builder, ["M1"], options.Electrodes);
        var starts = chunks.SelectMany(c => Enumerable.Range(0, c.Segments).Select(j => c.StartMs + j * RttSessionOptions.SegmentMs)).ToArray();
        string[] splits = SplitPlan.Assign(starts.Length, options.Splits, SeededRandom.For(seed, "mc_rtt/splits"));
        builder.Trials.AddColumn("start_time", "Start time of epoch, in seconds", starts.Select(s => s / 1000.0).ToArray());
        builder.Trials.AddColumn("stop_time", "Stop time of epoch, in seconds", starts.Select(s => (s + RttSessionOptions.SegmentMs) / 1000.0).ToArray());
        builder.Trials.AddColumn("split", "Trial split that the trial belongs to for the Neural Latents Benchmark. Can be \"train\", \"val\", \"test\", or \"none\"", splits);
        var series = AddBehavior(builder, behavior);
        var observed = chunks.Select(c => new NwbInterval(c.StartMs / 1000.0, c.StopMs / 1000.0)).ToArray();
        for (int u = 0; u < layout.Count; u++)
            builder.Units.Add(new NwbUnit(layout.Ids[u], layout.Heldout[u], spikes[u], observed, [layout.Electrodes[u]]));

        var summary = new SyntheticNwbSummary(SyntheticNwbOptions.Rtt, options.Size, seed, SyntheticNwbSummary.CountSplits(splits),
            layout.Heldout.Count(h => !h), layout.Heldout.Count(h => h), builder.Units.SpikeCount,
            observed[^1].Stop, series, behavior.Samples);
        return new SyntheticNwbSession(builder, summary);
    }

    /// <summary>The first chunk starts at 0; each next one a random gap after the previous one ends.</summary>
    private static List<RttChunk> Chunks(RttSessionOptions options, SeededRandom random)
    {
        var chunks = new List<RttChunk>();
        long start = 0;
        foreach (int segments in options.SegmentsPerChunk)
        {
            long stop = start + segments * RttSessionOptions.SegmentMs + RttSessionOptions.TailMs;
            chunks.Add(new RttChunk(start, stop, segments));
            start = stop + options.GapMs.Low + random.Integer(options.GapMs.High - options.GapMs.Low + 1);
        }
        return chunks;
    }

    private static NwbSessionInfo Session(RttSessionOptions options) => new()
    {
        Identifier = $"blend-synth-{SyntheticNwbOptions.Rtt}-{options.Size}-seed{options.Seed}",
        SessionDescription = "Synthetic MC_RTT-like session made by BLEND (blend synth nwb). Continuous chunks; trials are " +
            "consecutive 600 ms segments.",
        SessionStartTime = new DateTimeOffset(2017, 2, 2, 0, 0, 0, TimeSpan.FromHours(-8)),
        ExperimentDescription = "Self-paced reaches to targets arranged in a grid (synthetic)",
        Experimenters = ["BLEND synthetic generator"],
        Institution = "none (synthetic)",
        Keywords = ["Neural Latents Benchmark", "synthetic"],
        Lab = "none (synthetic)",
        SessionId = "20170202_02",
        Subject = new NwbSubject("synthetic", "Macaca mulatta", "synthetic subject"),
    };

    private static IReadOnlyList<string> AddBehavior(NwbFileBuilder builder, RttBehavior behavior)
    {
        var module = builder.AddProcessingModule("behavior", "Processed behavioral data");
        module.Add(Regular("finger_pos", NwbSeriesKind.SpatialSeries, behavior.FingerPos, ["x", "y", "z"], "Fingertip position (x, y, z) in mm", "mm"));
        module.Add(Regular("finger_vel", NwbSeriesKind.TimeSeries, behavior.FingerVel, ["x", "y"], "x and y velocity of the finger in mm/s, from finger_pos", "mm/s"));
        module.Add(Regular("target_pos", NwbSeriesKind.SpatialSeries, behavior.TargetPos, ["x", "y"], "Target position (x, y) in mm", "mm"));
        return module.Series.Select(s => s.Name).ToList();
    }

    private static NwbSeriesData Regular(string name, NwbSeriesKind kind, double[] data, string[] channels, string description, string unit) => new()
    {
        Name = name,
        Kind = kind,
        Data = data,
        Channels = channels.Length,
        StartingTime = 0.0,
        Rate = 1000.0,
        Description = description,
        Comments = NwbSeriesData.ChannelComment(channels),
        Unit = unit,
        ReferenceFrame = kind == NwbSeriesKind.SpatialSeries ? "workspace" : null,
        Compressed = kind == NwbSeriesKind.SpatialSeries,
    };
}
