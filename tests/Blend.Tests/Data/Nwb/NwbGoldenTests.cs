using Blend.Data;
using Blend.Data.Nwb;

namespace Blend.Tests.Data.Nwb;

/// <summary>
/// NWB → NLB tensors against nlb_tools' own output for the two fixtures in TestData/golden/nwb (MC_Maze-style with
/// trials, MC_RTT-style continuous): every tensor, spikes exactly, behaviour and PSTHs within 1e-6.
/// </summary>
public sealed class NwbGoldenTests
{
    private static readonly Lazy<Converted> Maze = new(() => Convert("mc_maze_fixture.nwb", NlbDatasetNames.McMaze));
    private static readonly Lazy<Converted> Rtt = new(() => Convert("mc_rtt/mc_rtt_fixture.nwb", NlbDatasetNames.McRtt));

    private sealed record Converted(MillisecondRecording Recording, BinnedRecording Binned, NlbTrainInput Train, NlbEvalInput Eval, NlbDatasetTarget Target);

    private static Converted Convert(string file, string dataset)
    {
        var parameters = NlbConversionParameters.For(dataset);
        var recording = MillisecondRecording.Load([NlbTestFiles.Golden(file)], name => true);
        var binned = new BinnedRecording(recording, 5);
        var maker = new NlbTensorMaker(binned, parameters);
        return new Converted(recording, binned, maker.TrainInput(), maker.EvalInput(), maker.EvalTarget());
    }

    public static TheoryData<string> Datasets => new() { "mc_maze", "mc_rtt" };

    private static (Converted Blend, string Folder) For(string dataset) =>
        dataset == "mc_maze" ? (Maze.Value, "") : (Rtt.Value, "mc_rtt/");

    [Theory]
    [MemberData(nameof(Datasets))]
    public void TrainInputMatchesNlbTools(string dataset)
    {
        var (blend, folder) = For(dataset);
        var expected = NlbTrainInput.Read(NlbTestFiles.Golden(folder + "train_input.h5"));
        NwbTensorAssert.Exact(expected.SpikesHeldin, blend.Train.SpikesHeldin, "train_spikes_heldin");
        NwbTensorAssert.Exact(expected.SpikesHeldout, blend.Train.SpikesHeldout, "train_spikes_heldout");
        NwbTensorAssert.Exact(expected.SpikesHeldinForward, blend.Train.SpikesHeldinForward, "train_spikes_heldin_forward");
        NwbTensorAssert.Exact(expected.SpikesHeldoutForward, blend.Train.SpikesHeldoutForward, "train_spikes_heldout_forward");
        NwbTensorAssert.Close(expected.Behavior, blend.Train.Behavior, "train_behavior");
    }

    [Theory]
    [MemberData(nameof(Datasets))]
    public void EvalInputMatchesNlbTools(string dataset)
    {
        var (blend, folder) = For(dataset);
        var expected = NlbEvalInput.Read(NlbTestFiles.Golden(folder + "eval_input.h5"));
        NwbTensorAssert.Exact(expected.SpikesHeldin, blend.Eval.SpikesHeldin, "eval_spikes_heldin");
        NwbTensorAssert.Exact(expected.SpikesHeldout, blend.Eval.SpikesHeldout, "eval_spikes_heldout");
    }

    [Theory]
    [MemberData(nameof(Datasets))]
    public void EvalTargetMatchesNlbTools(string dataset)
    {
        var (blend, folder) = For(dataset);
        var expected = NlbEvalTarget.Read(NlbTestFiles.Golden(folder + "eval_target.h5"))[dataset];
        var actual = blend.Target;
        NwbTensorAssert.Exact(expected.EvalSpikesHeldout, actual.EvalSpikesHeldout, "eval_spikes_heldout");
        NwbTensorAssert.Close(expected.TrainBehavior, actual.TrainBehavior, "train_behavior");
        NwbTensorAssert.Close(expected.EvalBehavior, actual.EvalBehavior, "eval_behavior");
        NwbTensorAssert.Exact(expected.EvalSpikesHeldinForward, actual.EvalSpikesHeldinForward, "eval_spikes_heldin_forward");
        NwbTensorAssert.Exact(expected.EvalSpikesHeldoutForward, actual.EvalSpikesHeldoutForward, "eval_spikes_heldout_forward");
        if (expected.Psth is null)
        {
            Assert.Null(actual.Psth);
            Assert.Null(actual.TrainCondIdx);
            return;
        }
        NwbTensorAssert.Close(expected.Psth, actual.Psth, "psth", relative: 0, absolute: 1e-6);
        Assert.Equal(expected.TrainCondIdx, actual.TrainCondIdx);
        Assert.Equal(expected.EvalCondIdx, actual.EvalCondIdx);
    }

    [Fact]
    public void BlendForwardBehaviorMatchesTheBlendScripts()
    {
        using var reader = Hdf5Reader.Open(NlbTestFiles.Golden("blend_forward_behavior.h5"));
        NwbTensorAssert.Close(reader.ReadArray3("train_behavior_forward"), Maze.Value.Train.BehaviorForward, "train_behavior_forward");
        NwbTensorAssert.Close(reader.ReadArray3("eval_behavior_forward"), Maze.Value.Eval.BehaviorForward, "eval_behavior_forward");
    }

    [Theory]
    [MemberData(nameof(Datasets))]
    public void WholeRecordingAt5MsMatchesNlbToolsResample(string dataset)
    {
        var (blend, folder) = For(dataset);
        using var reader = Hdf5Reader.Open(NlbTestFiles.Golden($"{folder}{dataset}_continuous.h5"));
        Assert.Equal((long)reader.ReadDoubles("n_samples_1ms", out _)[0], blend.Recording.Samples);
        Assert.Equal(reader.ReadInt64Vector("spikes_unit_ids"), blend.Recording.Heldin.Select(u => u.UnitId));
        Assert.Equal(reader.ReadInt64Vector("heldout_spikes_unit_ids"), blend.Recording.Heldout.Select(u => u.UnitId));
        Assert.Equal(blend.Recording.Signals.Count, NwbTensorAssert.WholeRecording(blend.Binned, reader, "_5ms"));
    }
}
