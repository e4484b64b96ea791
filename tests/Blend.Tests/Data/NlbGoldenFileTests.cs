using Blend.Data;
using static Blend.Tests.Data.NlbTestFiles;

namespace Blend.Tests.Data;

/// <summary>Reads the h5py files nlb_tools wrote (TestData/golden/nwb) and checks them against manifest.json; then
/// writes each back with our writer and reads it again.</summary>
public class NlbGoldenFileTests
{
    private static readonly int[][] McMazeTrainCondIdx =
        [[3, 5, 12], [14, 19, 22, 23], [6, 7, 21], [0, 11, 17, 20, 25], [8, 9], [1, 2, 16], [10, 24, 26], [4, 13, 15, 18]];

    private static readonly int[][] McMazeEvalCondIdx = [[1, 4], [9], [10], [], [3, 6, 8], [2], [0, 11], [5, 7]];

    [Theory]
    [InlineData("train_input.h5")]
    [InlineData("mc_rtt/train_input.h5")]
    public void TrainInputMatchesManifest(string file)
    {
        var input = NlbTrainInput.Read(Golden(file));
        AssertMatchesManifest(file, "train_spikes_heldin", input.SpikesHeldin);
        AssertMatchesManifest(file, "train_spikes_heldout", input.SpikesHeldout);
        AssertMatchesManifest(file, "train_behavior", input.Behavior!);
        AssertMatchesManifest(file, "train_spikes_heldin_forward", input.SpikesHeldinForward!);
        AssertMatchesManifest(file, "train_spikes_heldout_forward", input.SpikesHeldoutForward!);
        Assert.False(input.BehaviorIs2D);
        Assert.Null(input.BehaviorForward);
        Assert.Equal(5, ManifestKeys(file).Count());
    }

    [Theory]
    [InlineData("eval_input.h5")]
    [InlineData("mc_rtt/eval_input.h5")]
    public void EvalInputMatchesManifest(string file)
    {
        var input = NlbEvalInput.Read(Golden(file));
        AssertMatchesManifest(file, "eval_spikes_heldin", input.SpikesHeldin);
        AssertMatchesManifest(file, "eval_spikes_heldout", input.SpikesHeldout!);
        Assert.Null(input.Behavior);
        Assert.Null(input.BehaviorForward);
    }

    [Fact]
    public void McMazeEvalTargetMatchesManifest()
    {
        const string file = "eval_target.h5";
        var target = NlbEvalTarget.Read(Golden(file));
        Assert.Equal(["mc_maze"], target.Datasets.Keys);
        var maze = target["mc_maze"];
        AssertMatchesManifest(file, "mc_maze/eval_spikes_heldout", maze.EvalSpikesHeldout);
        AssertMatchesManifest(file, "mc_maze/train_behavior", maze.TrainBehavior!);
        AssertMatchesManifest(file, "mc_maze/eval_behavior", maze.EvalBehavior!);
        AssertMatchesManifest(file, "mc_maze/eval_spikes_heldin_forward", maze.EvalSpikesHeldinForward!);
        AssertMatchesManifest(file, "mc_maze/eval_spikes_heldout_forward", maze.EvalSpikesHeldoutForward!);
        AssertMatchesManifest(file, "mc_maze/psth", maze.Psth!);

        Assert.Equal([3, 4, 3, 5, 2, 3, 3, 4], maze.TrainCondIdx!.Select(c => c.Length));
        Assert.Equal([2, 1, 1, 0, 3, 1, 2, 2], maze.EvalCondIdx!.Select(c => c.Length));
        AssertSame(McMazeTrainCondIdx, maze.TrainCondIdx);
        AssertSame(McMazeEvalCondIdx, maze.EvalCondIdx);
        Assert.Null(maze.TrainDecodeMask);
        Assert.Null(maze.EvalJitter);
        Assert.False(maze.BehaviorIs2D);
    }

    [Fact]
    public void McRttEvalTargetMatchesManifest()
    {
        const string file = "mc_rtt/eval_target.h5";
        var rtt = NlbEvalTarget.Read(Golden(file))["mc_rtt"];
        AssertMatchesManifest(file, "mc_rtt/eval_spikes_heldout", rtt.EvalSpikesHeldout);
        AssertMatchesManifest(file, "mc_rtt/train_behavior", rtt.TrainBehavior!);
        AssertMatchesManifest(file, "mc_rtt/eval_behavior", rtt.EvalBehavior!);
        AssertMatchesManifest(file, "mc_rtt/eval_spikes_heldin_forward", rtt.EvalSpikesHeldinForward!);
        AssertMatchesManifest(file, "mc_rtt/eval_spikes_heldout_forward", rtt.EvalSpikesHeldoutForward!);
        Assert.Null(rtt.Psth);
        Assert.Null(rtt.EvalCondIdx);
        Assert.Null(rtt.TrainCondIdx);
    }

    [Fact]
    public void BlendForwardBehaviorKeepsItsNaNs()
    {
        const string file = "blend_forward_behavior.h5";
        using var reader = Hdf5Reader.Open(Golden(file));
        Assert.Equal(["eval_behavior_forward", "train_behavior_forward"], reader.ChildNames());
        Assert.Equal("float32", reader.Dtype("train_behavior_forward"));
        var train = reader.ReadArray3("train_behavior_forward");
        AssertMatchesManifest(file, "train_behavior_forward", train);
        AssertMatchesManifest(file, "eval_behavior_forward", reader.ReadArray3("/eval_behavior_forward"));
        // §5.9: trial id 11 (position 5 in the train list) has its last 10 bins NaN, both channels; nothing else is NaN.
        for (int t = 0; t < train.Trials; t++)
            for (int b = 0; b < train.Time; b++)
                for (int c = 0; c < train.Channels; c++)
                    Assert.Equal(t == 5 && b >= 30, double.IsNaN(train[t, b, c]));
    }

    [Theory]
    [InlineData("train_input.h5")]
    [InlineData("mc_rtt/train_input.h5")]
    public void TrainInputRoundTrips(string file)
    {
        using var temp = new TempFolder();
        var original = NlbTrainInput.Read(Golden(file));
        string written = temp.File("train_input.h5");
        original.Write(written);
        Keep(written, file.Replace('/', '_') + ".roundtrip", Golden(file));

        var again = NlbTrainInput.Read(written);
        AssertSame(original.SpikesHeldin, again.SpikesHeldin);
        AssertSame(original.SpikesHeldout, again.SpikesHeldout);
        AssertSame(original.Behavior, again.Behavior);
        AssertSame(original.SpikesHeldinForward, again.SpikesHeldinForward);
        AssertSame(original.SpikesHeldoutForward, again.SpikesHeldoutForward);
        Assert.Null(again.BehaviorForward);
        Assert.Equal(["train_input.h5"], temp.Entries());

        using var reader = Hdf5Reader.Open(written);
        Assert.Equal(ManifestKeys(file).Order(StringComparer.Ordinal), reader.ChildNames());
        foreach (string key in reader.ChildNames()) Assert.Equal("float32", reader.Dtype(key));
    }

    [Fact]
    public void TrainInputWithBlendForwardBehaviorRoundTrips()
    {
        using var temp = new TempFolder();
        var original = NlbTrainInput.Read(Golden("train_input.h5"));
        using var blend = Hdf5Reader.Open(Golden("blend_forward_behavior.h5"));
        var withForward = new NlbTrainInput
        {
            SpikesHeldin = original.SpikesHeldin,
            SpikesHeldout = original.SpikesHeldout,
            Behavior = original.Behavior,
            SpikesHeldinForward = original.SpikesHeldinForward,
            SpikesHeldoutForward = original.SpikesHeldoutForward,
            BehaviorForward = blend.ReadArray3("train_behavior_forward"),
        };
        string written = temp.File("train_input.h5");
        withForward.Write(written);
        var again = NlbTrainInput.Read(written);
        AssertSame(withForward.BehaviorForward, again.BehaviorForward);
        AssertSame(withForward.SpikesHeldin, again.SpikesHeldin);
        AssertMatchesManifest("blend_forward_behavior.h5", "train_behavior_forward", again.BehaviorForward!);
    }

    [Theory]
    [InlineData("eval_input.h5")]
    [InlineData("mc_rtt/eval_input.h5")]
    public void EvalInputRoundTrips(string file)
    {
        using var temp = new TempFolder();
        var original = NlbEvalInput.Read(Golden(file));
        string written = temp.File("eval_input.h5");
        original.Write(written);
        Keep(written, file.Replace('/', '_') + ".roundtrip", Golden(file));
        var again = NlbEvalInput.Read(written);
        AssertSame(original.SpikesHeldin, again.SpikesHeldin);
        AssertSame(original.SpikesHeldout, again.SpikesHeldout);
        Assert.Null(again.Behavior);
    }

    [Theory]
    [InlineData("eval_target.h5")]
    [InlineData("mc_rtt/eval_target.h5")]
    public void EvalTargetRoundTrips(string file)
    {
        using var temp = new TempFolder();
        var original = NlbEvalTarget.Read(Golden(file));
        string written = temp.File("eval_target.h5");
        original.Write(written);
        Keep(written, file.Replace('/', '_') + ".roundtrip", Golden(file));
        var again = NlbEvalTarget.Read(written);
        Assert.Equal(original.Datasets.Keys, again.Datasets.Keys);
        foreach (var (name, target) in original.Datasets) AssertSame(target, again[name]);

        using var reader = Hdf5Reader.Open(written);
        if (file == "eval_target.h5")
        {
            Assert.Equal("vlen<int32>", reader.Dtype("mc_maze/eval_cond_idx"));
            Assert.Equal("vlen<int32>", reader.Dtype("mc_maze/train_cond_idx"));
            Assert.Equal("float32", reader.Dtype("mc_maze/psth"));
            Assert.Equal([8], reader.Shape("mc_maze/eval_cond_idx"));
        }
    }

    [Fact]
    public void BlendForwardBehaviorRoundTripsThroughEvalInput()
    {
        using var temp = new TempFolder();
        using var blend = Hdf5Reader.Open(Golden("blend_forward_behavior.h5"));
        var eval = NlbEvalInput.Read(Golden("eval_input.h5"));
        var target = NlbEvalTarget.Read(Golden("eval_target.h5"))["mc_maze"];
        var input = new NlbEvalInput
        {
            SpikesHeldin = eval.SpikesHeldin,
            SpikesHeldout = eval.SpikesHeldout,
            Behavior = target.EvalBehavior,
            BehaviorForward = blend.ReadArray3("eval_behavior_forward"),
        };
        string written = temp.File("eval_input_behavior.h5");
        input.Write(written);
        var again = NlbEvalInput.Read(written);
        AssertSame(input.Behavior, again.Behavior);
        AssertSame(input.BehaviorForward, again.BehaviorForward);
        AssertMatchesManifest("blend_forward_behavior.h5", "eval_behavior_forward", again.BehaviorForward!);
    }
}
