using Blend.Data.Nwb.Writing;
using Blend.Data.Synthetic;

namespace Blend.Data.Nwb.Synthetic;

/// <summary>
/// An MC_Maze-like session laid out as the DANDI 000128 training file (see tests/Blend.Tests/TestData/golden/nwb/README.md §2.1):
/// trials with the maze task's columns, behaviour only inside trials with explicit timestamps at whole
/// milliseconds, units observed during the trials (obs_intervals = the trial intervals) with spikes on the 30 kHz
/// clock, unit ids not ascending and the held-out units interleaved.
/// </summary>
public static class MazeSessionGenerator
{
    /// <summary>
    /// Lays out an MC_Maze-like session from <paramref name="options"/> (validated first): trials, hand (and optionally
    /// cursor and eye) behaviour, electrodes and cosine-tuned Poisson units. The same options give the same session.
    /// </summary>
    public static SyntheticNwbSession Generate(MazeSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int seed = options.Seed;
        var conditions = MazeCondition.Draw(options.Conditions, SeededRandom.For(seed, "mc_maze/conditions"));
        var trials = MazeTrial.Draw(options, conditions, SeededRandom.For(seed, "mc_maze/trials"));
        var behavior = MazeBehavior.Draw(trials, options.CursorAndEye, seed);
        var layout = UnitLayout.Draw(options.Units, options.HeldoutUnits, options.Electrodes, ascendingIds: false, SeededRandom.For(seed, "mc_maze/units"));
        var tuningRandom = SeededRandom.For(seed, "mc_maze/tuning");
        var tunings = Enumerable.Range(0, layout.Count)
            .Select(_ => CosineTuning.Draw(tuningRandom, options.BaselineHz, options.VelocityGain, options.PrepGainHz)).ToList();
        var segments = trials.Select((t, k) => new SpikeSegment(t.StartMs, behavior.Offsets[k], t.Samples, t.Condition.Direction)).ToList();
        var spikes = TunedSpikeTrains.Generate(tunings, segments, behavior.HandVel, stride: 2, behavior.Ramp, options.LagMs, seed, "mc_maze/spikes");

        var builder = new NwbFileBuilder(Session(options));
        ElectrodeArrays.AddTo(builder, ["M1", "PMd"], options.Electrodes);
        AddTrials(builder.Trials, trials);
        var series = AddBehavior(builder, behavior);
        var observed = trials.Select(t => new NwbInterval(t.StartMs / 1000.0, t.StopMs / 1000.0)).ToArray();
        for (int u = 0; u < layout.Count; u++)
            builder.Units.Add(new NwbUnit(layout.Ids[u], layout.Heldout[u], spikes[u], observed, [layout.Electrodes[u]]));

        var summary = new SyntheticNwbSummary(SyntheticNwbOptions.Maze, options.Size, seed,
            SyntheticNwbSummary.CountSplits(trials.Select(t => t.Split)),
            layout.Heldout.Count(h => !h), layout.Heldout.Count(h => h), builder.Units.SpikeCount,
            observed[^1].Stop, series, behavior.Timestamps.Length);
        return new SyntheticNwbSession(builder, summary);
    }

    private static NwbSessionInfo Session(MazeSessionOptions options) => new()
    {
        Identifier = $"blend-synth-{SyntheticNwbOptions.Maze}-{options.Size}-seed{options.Seed}",
        SessionDescription = "Synthetic MC_Maze-like session made by BLEND (blend synth nwb). Trialized: data exist only inside " +
            "trials, gaps between trials are unobserved.",
        SessionStartTime = new DateTimeOffset(2009, 9, 25, 0, 0, 0, TimeSpan.FromHours(-7)),
        ExperimentDescription = "Center-out delayed reaching task with maze barriers (synthetic)",
        Experimenters = ["BLEND synthetic generator"],
        Institution = "none (synthetic)",
        Keywords = ["Neural Latents Benchmark", "synthetic"],
        Lab = "none (synthetic)",
        SessionId = "full",
        Subject = new NwbSubject("synthetic", "Macaca mulatta", "synthetic subject"),
    };

    /// <summary>The DANDI file's trial columns, in its order, with its descriptions.</summary>
    private static void AddTrials(NwbTable table, IReadOnlyList<MazeTrial> trials)
    {
        double[] Seconds(Func<MazeTrial, long> ms) => trials.Select(t => ms(t) / 1000.0).ToArray();
        long[] Integers(Func<MazeTrial, long> value) => trials.Select(value).ToArray();
        table.AddColumn("start_time", "Start time of epoch, in seconds", Seconds(t => t.StartMs));
        table.AddColumn("stop_time", "Stop time of epoch, in seconds", Seconds(t => t.StopMs));
        table.AddColumn("move_onset_time", "Time of movement onset, calculated offline", Seconds(t => t.MoveOnsetMs));
        table.AddColumn("split", "Trial split that the trial belongs to for the Neural Latents Benchmark. Can be \"train\", \"val\", \"test\", or \"none\"",
            trials.Select(t => t.Split).ToArray());
        table.AddColumn("trial_type", "A number representing the maze that was used for the trial", Integers(t => t.Condition.TrialType));
        table.AddColumn("trial_version", "A number 0-2 indicating which variant of the maze is presented", Integers(t => t.Condition.TrialVersion));
        table.AddColumn("maze_id", "A unique identifier for each maze, lumping all trial_versions", Integers(t => t.Condition.MazeId));
        table.AddColumn("success", "If the monkey was successful on the trial", trials.Select(t => t.Success).ToArray());
        table.AddColumn("target_on_time", "Time of target presentation", Seconds(t => t.TargetOnMs));
        table.AddColumn("go_cue_time", "Time of go cue delivery", Seconds(t => t.GoCueMs));
        table.AddColumn("rt", "Delay between go cue and movement onset, in ms", Integers(t => t.ReactionMs));
        table.AddColumn("delay", "Delay between target presentation and go cue, in ms", Integers(t => t.DelayMs));
        table.AddColumn("num_targets", "The number of targets for the trial", Integers(t => t.Condition.TargetCount));
        table.AddRaggedColumn("target_pos", "Rows of x and y coordinates of each target", trials.Select(t => t.Condition.Targets).ToList(), width: 2);
        table.AddColumn("num_barriers", "The number of barriers for the trial", Integers(t => t.Condition.BarrierCount));
        table.AddRaggedColumn("barrier_pos", "Rows of barrier centre x, y and half width, half height", trials.Select(t => t.Condition.Barriers).ToList(), width: 4);
        table.AddColumn("active_target", "Index in target_pos of the reachable target that was hit", Integers(t => t.Condition.ActiveTarget));
    }

    /// <summary>Positions are SpatialSeries stored compressed, the velocity a contiguous TimeSeries, each with its
    /// own copy of the timestamps in the file (the same array in memory).</summary>
    private static IReadOnlyList<string> AddBehavior(NwbFileBuilder builder, MazeBehavior behavior)
    {
        var module = builder.AddProcessingModule("behavior", "Processed behavioral data");
        if (behavior.CursorPos is double[] cursor)
            module.Add(Position("cursor_pos", "Cursor position in mm. First column x, second column y", cursor, behavior.Timestamps));
        if (behavior.EyePos is double[] eye)
            module.Add(Position("eye_pos", "Eye position in mm on the screen. First column x, second column y", eye, behavior.Timestamps));
        module.Add(Position("hand_pos", "Hand position in mm. First column x, second column y", behavior.HandPos, behavior.Timestamps));
        module.Add(new NwbSeriesData
        {
            Name = "hand_vel",
            Data = behavior.HandVel,
            Channels = 2,
            Timestamps = behavior.Timestamps,
            Description = "Hand velocity in mm/s, calculated from hand position. First column x, second column y",
            Comments = NwbSeriesData.ChannelComment("x", "y"),
            Unit = "mm/s",
        });
        return module.Series.Select(s => s.Name).ToList();
    }

    private static NwbSeriesData Position(string name, string description, double[] data, double[] timestamps) => new()
    {
        Name = name,
        Kind = NwbSeriesKind.SpatialSeries,
        Data = data,
        Channels = 2,
        Timestamps = timestamps,
        Description = description,
        Comments = NwbSeriesData.ChannelComment("x", "y"),
        Unit = "mm",
        ReferenceFrame = "screen centre",
        Compressed = true,
    };
}
