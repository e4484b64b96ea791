using Blend.Data;
using Blend.Data.Nwb;

namespace Blend.Tests.Data.Nwb;

/// <summary>
/// The datasets and bin widths the shared fixtures do not cover, against nlb_tools' own output
/// (tests/Blend.Tests/TestData/nwb, see its README): area2_bump (decode masks, lag −20, overlap), dmfc_rsg (trial_info
/// behaviour, outlier mask, seeded jitter, front padding, the test split), mc_maze_small's parameters and 20 ms bins.
/// </summary>
public sealed class NwbMoreDatasetsTests
{
    private static string Fixture(string relative) => Path.Combine(NlbTestFiles.RepoRoot, "tests", "Blend.Tests", "TestData", "nwb", relative);

    public static TheoryData<string, string, string, int> Cases => new()
    {
        { "area2_bump", Fixture("area2_bump_fixture.nwb"), "area2_bump", 5 },
        { "dmfc_rsg", Fixture("dmfc_rsg_fixture.nwb"), "dmfc_rsg", 5 },
        { "mc_maze_small", NlbTestFiles.Golden("mc_maze_fixture.nwb"), "mc_maze_small", 5 },
        { "mc_maze_20ms", NlbTestFiles.Golden("mc_maze_fixture.nwb"), "mc_maze", 20 },
        { "mc_rtt_20ms", NlbTestFiles.Golden("mc_rtt/mc_rtt_fixture.nwb"), "mc_rtt", 20 },
    };

    private static readonly Dictionary<string, (BinnedRecording Binned, NlbTensorMaker Maker)> Made = new();

    private static (BinnedRecording Binned, NlbTensorMaker Maker) Make(string nwb, string dataset, int bin)
    {
        lock (Made)
        {
            string key = $"{nwb}|{dataset}|{bin}";
            if (!Made.TryGetValue(key, out var made))
            {
                var binned = new BinnedRecording(MillisecondRecording.Load([nwb], _ => true), bin);
                Made[key] = made = (binned, new NlbTensorMaker(binned, NlbConversionParameters.For(dataset)));
            }
            return made;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TrainInputMatches(string folder, string nwb, string dataset, int bin)
    {
        var actual = Make(nwb, dataset, bin).Maker.TrainInput(includeBlendForwardBehavior: false);
        var expected = NlbTrainInput.Read(Fixture($"{folder}/train_input.h5"));
        NwbTensorAssert.Exact(expected.SpikesHeldin, actual.SpikesHeldin, "train_spikes_heldin");
        NwbTensorAssert.Exact(expected.SpikesHeldout, actual.SpikesHeldout, "train_spikes_heldout");
        NwbTensorAssert.Exact(expected.SpikesHeldinForward, actual.SpikesHeldinForward, "train_spikes_heldin_forward");
        NwbTensorAssert.Exact(expected.SpikesHeldoutForward, actual.SpikesHeldoutForward, "train_spikes_heldout_forward");
        NwbTensorAssert.Close(expected.Behavior, actual.Behavior, "train_behavior");
        Assert.Equal(expected.BehaviorIs2D, actual.BehaviorIs2D);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EvalInputMatches(string folder, string nwb, string dataset, int bin)
    {
        var actual = Make(nwb, dataset, bin).Maker.EvalInput(includeBlendForwardBehavior: false);
        var expected = NlbEvalInput.Read(Fixture($"{folder}/eval_input.h5"));
        NwbTensorAssert.Exact(expected.SpikesHeldin, actual.SpikesHeldin, "eval_spikes_heldin");
        NwbTensorAssert.Exact(expected.SpikesHeldout, actual.SpikesHeldout, "eval_spikes_heldout");
    }

    [Fact]
    public void TheTestSplitHasNoHeldOutSpikes()
    {
        var actual = Make(Fixture("dmfc_rsg_fixture.nwb"), "dmfc_rsg", 5).Maker.EvalInput("test");
        var expected = NlbEvalInput.Read(Fixture("dmfc_rsg/eval_input_test.h5"));
        Assert.Null(expected.SpikesHeldout);
        Assert.Null(actual.SpikesHeldout);
        NwbTensorAssert.Exact(expected.SpikesHeldin, actual.SpikesHeldin, "eval_spikes_heldin (test)");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EvalTargetMatches(string folder, string nwb, string dataset, int bin)
    {
        var actual = Make(nwb, dataset, bin).Maker.EvalTarget();
        var expected = NlbEvalTarget.Read(Fixture($"{folder}/eval_target.h5"))[NlbDatasetNames.GroupName(dataset, bin)];
        NwbTensorAssert.Exact(expected.EvalSpikesHeldout, actual.EvalSpikesHeldout, "eval_spikes_heldout");
        NwbTensorAssert.Close(expected.TrainBehavior, actual.TrainBehavior, "train_behavior");
        NwbTensorAssert.Close(expected.EvalBehavior, actual.EvalBehavior, "eval_behavior");
        Assert.Equal(expected.BehaviorIs2D, actual.BehaviorIs2D);
        NwbTensorAssert.Exact(expected.EvalSpikesHeldinForward, actual.EvalSpikesHeldinForward, "eval_spikes_heldin_forward");
        NwbTensorAssert.Exact(expected.EvalSpikesHeldoutForward, actual.EvalSpikesHeldoutForward, "eval_spikes_heldout_forward");
        NlbTestFiles.AssertSame(expected.TrainDecodeMask, actual.TrainDecodeMask);
        NlbTestFiles.AssertSame(expected.EvalDecodeMask, actual.EvalDecodeMask);
        Assert.Equal(expected.EvalJitter, actual.EvalJitter);
        Assert.Equal(expected.TrainJitter, actual.TrainJitter);
        if (expected.Psth is null)
        {
            Assert.Null(actual.Psth);
            return;
        }
        NwbTensorAssert.Close(expected.Psth, actual.Psth, "psth", relative: 0, absolute: 1e-6);
        Assert.Equal(expected.TrainCondIdx, actual.TrainCondIdx);
        Assert.Equal(expected.EvalCondIdx, actual.EvalCondIdx);
    }

    [Theory]
    [InlineData("area2_bump", "area2_bump_fixture.nwb", "area2_bump", 5)]
    [InlineData("dmfc_rsg", "dmfc_rsg_fixture.nwb", "dmfc_rsg", 5)]
    [InlineData("mc_maze_20ms", "", "mc_maze", 20)]
    [InlineData("mc_rtt_20ms", "mc_rtt/", "mc_rtt", 20)]
    public void WholeRecordingMatchesNlbToolsResample(string folder, string nwb, string dataset, int bin)
    {
        string path = nwb.EndsWith(".nwb", StringComparison.Ordinal) ? Fixture(nwb) : NlbTestFiles.Golden($"{nwb}{dataset}_fixture.nwb");
        var binned = Make(path, dataset, bin).Binned;
        string prefix = dataset is "mc_maze" or "mc_rtt" ? dataset : folder;
        using var reader = Hdf5Reader.Open(Fixture($"{folder}/{prefix}_continuous.h5"));
        NwbTensorAssert.WholeRecording(binned, reader, $"_{bin}ms");
    }
}
