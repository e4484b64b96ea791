using Blend.Data;
using static Blend.Tests.Data.NlbTestFiles;

namespace Blend.Tests.Data;

/// <summary>
/// The committed h5py-written fixtures (tests/Blend.Tests/TestData/nlb, made by tools/make_nlb_h5py_fixtures.py):
/// 2-D dmfc_rsg behaviour, h5py bool decode masks, eval_jitter, vlen int64 cond idx, a _20 group, a submission and
/// one dataset per dtype. Values are NlbTestFiles.Pattern(n, offset) with the NaNs the script sets.
/// </summary>
public class NlbFixtureFileTests
{
    private static Array3 Pattern3(int trials, int time, int channels, int offset = 0) =>
        new(trials, time, channels, Pattern(trials * time * channels, offset));

    [Fact]
    public void DmfcRsgTargetHas2DBehaviourJitterAndInt64CondIdx()
    {
        var target = NlbEvalTarget.Read(Fixture("h5py_target_extras.h5"));
        Assert.Equal(["area2_bump_20", "dmfc_rsg"], target.Datasets.Keys.Order(StringComparer.Ordinal));
        var dmfc = target["dmfc_rsg"];

        var heldout = Pattern3(4, 6, 3);
        for (int b = 0; b < 2; b++) for (int c = 0; c < 3; c++) heldout[1, b, c] = double.NaN;
        AssertSame(heldout, dmfc.EvalSpikesHeldout, "eval_spikes_heldout");

        Assert.True(dmfc.BehaviorIs2D);
        var trainBehavior = Pattern3(5, 1, 5, 1);
        for (int c = 0; c < 5; c++) trainBehavior[2, 0, c] = double.NaN;
        AssertSame(trainBehavior, dmfc.TrainBehavior, "train_behavior (float64 in the file)");
        var evalBehavior = Pattern3(4, 1, 5, 2);
        for (int c = 0; c < 5; c++) evalBehavior[3, 0, c] = double.NaN;
        AssertSame(evalBehavior, dmfc.EvalBehavior, "eval_behavior");

        AssertSame(Pattern3(4, 2, 2, 3), dmfc.EvalSpikesHeldinForward, "eval_spikes_heldin_forward");
        AssertSame(Pattern3(4, 2, 3, 4), dmfc.EvalSpikesHeldoutForward, "eval_spikes_heldout_forward");
        var psth = Pattern3(3, 6, 5, 5);
        for (int b = 0; b < 2; b++) for (int c = 0; c < 5; c++) psth[2, b, c] = double.NaN;
        AssertSame(psth, dmfc.Psth, "psth");
        AssertSame([[0, 2], [1], [3]], dmfc.EvalCondIdx);
        AssertSame([[0, 1], [2, 4], [3]], dmfc.TrainCondIdx);
        Assert.Equal([0, -1, 2, 1], dmfc.EvalJitter!);
        Assert.Null(dmfc.TrainDecodeMask);
    }

    [Fact]
    public void Area2BumpTargetHasH5pyBoolDecodeMasks()
    {
        var area2 = NlbEvalTarget.Read(Fixture("h5py_target_extras.h5"))["area2_bump_20"];
        Assert.True(NlbDatasetNames.TryParse("area2_bump_20", out string baseName, out int bin));
        Assert.Equal(("area2_bump", 20), (baseName, bin));
        Assert.False(area2.BehaviorIs2D);
        AssertSame(Pattern3(5, 4, 2, 7), area2.TrainBehavior, "train_behavior");
        AssertSame(new bool[,] { { true, false }, { false, true }, { true, false }, { true, false }, { false, true } }, area2.TrainDecodeMask);
        AssertSame(new bool[,] { { false, true }, { true, false }, { false, true } }, area2.EvalDecodeMask);
        AssertSame([[0], [1, 2]], area2.EvalCondIdx);
        AssertSame([[0, 1, 2], [3, 4]], area2.TrainCondIdx);
        Assert.Null(area2.EvalJitter);
    }

    [Fact]
    public void ExtrasTargetRoundTripsWithH5pyTypes()
    {
        using var temp = new TempFolder();
        var original = NlbEvalTarget.Read(Fixture("h5py_target_extras.h5"));
        string written = temp.File("target.h5");
        original.Write(written);
        Keep(written, "h5py_target_extras.roundtrip", Fixture("h5py_target_extras.h5"));
        var again = NlbEvalTarget.Read(written);
        foreach (var (name, target) in original.Datasets) AssertSame(target, again[name]);

        using var reader = Hdf5Reader.Open(written);
        Assert.Equal("bool", reader.Dtype("area2_bump_20/train_decode_mask"));
        Assert.Equal([5, 2], reader.Shape("area2_bump_20/train_decode_mask"));
        Assert.Equal("int32", reader.Dtype("dmfc_rsg/eval_jitter"));
        Assert.Equal("vlen<int32>", reader.Dtype("dmfc_rsg/train_cond_idx"));
        Assert.Equal([5, 5], reader.Shape("dmfc_rsg/train_behavior"));
        Assert.Equal("float32", reader.Dtype("dmfc_rsg/train_behavior"));
    }

    [Fact]
    public void SubmissionReadsAndRoundTrips()
    {
        var submission = NlbSubmission.Read(Fixture("h5py_submission.h5"));
        Assert.Equal(["mc_maze", "mc_rtt_20"], submission.Datasets.Keys.Order(StringComparer.Ordinal));
        var maze = submission["mc_maze"];
        AssertSame(Pattern3(5, 4, 3), maze.TrainRatesHeldin);
        AssertSame(Pattern3(5, 4, 2, 1), maze.TrainRatesHeldout);
        AssertSame(Pattern3(2, 4, 3, 2), maze.EvalRatesHeldin);
        AssertSame(Pattern3(2, 4, 2, 3), maze.EvalRatesHeldout);
        AssertSame(Pattern3(2, 3, 3, 4), maze.EvalRatesHeldinForward);
        AssertSame(Pattern3(2, 3, 2, 5), maze.EvalRatesHeldoutForward);
        var rtt = submission["mc_rtt_20"];
        AssertSame(Pattern3(1, 2, 1, 3), rtt.EvalRatesHeldout);
        Assert.Null(rtt.EvalRatesHeldinForward);

        using var temp = new TempFolder();
        string written = temp.File("submission.h5");
        submission.Write(written);
        Keep(written, "h5py_submission.roundtrip", Fixture("h5py_submission.h5"));
        var again = NlbSubmission.Read(written);
        foreach (var (name, rates) in submission.Datasets) AssertSame(rates, again[name]);
        using var reader = Hdf5Reader.Open(written);
        Assert.Equal("float32", reader.Dtype("mc_rtt_20/eval_rates_heldout"));
    }

    [Fact]
    public void BuiltSubmissionKeepsNaNAndFloat32Rounding()
    {
        using var temp = new TempFolder();
        var heldin = Pattern3(3, 4, 2);
        heldin[1, 2, 1] = double.NaN;
        var submission = new NlbSubmission(NlbDatasetNames.GroupName("mc_maze_small", 20), new NlbDatasetRates
        {
            TrainRatesHeldin = heldin,
            TrainRatesHeldout = Array3.Filled(3, 4, 1, 0.1),
            EvalRatesHeldin = Pattern3(2, 4, 2, 1),
            EvalRatesHeldout = Array3.Filled(2, 4, 1, double.NaN),
        });
        string written = temp.File("submission.h5");
        submission.Write(written);
        var rates = NlbSubmission.Read(written)["mc_maze_small_20"];
        AssertSame(heldin, rates.TrainRatesHeldin);
        Assert.All(rates.TrainRatesHeldout.Values, v => Assert.Equal((double)0.1f, v));
        Assert.All(rates.EvalRatesHeldout.Values, v => Assert.True(double.IsNaN(v)));
    }

    [Theory]
    [InlineData("int8")]
    [InlineData("uint8")]
    [InlineData("int16")]
    [InlineData("uint16")]
    [InlineData("int32")]
    [InlineData("uint32")]
    [InlineData("int64")]
    [InlineData("uint64")]
    [InlineData("float16")]
    [InlineData("float32")]
    [InlineData("float64")]
    public void ReaderWidensEveryNumericDtypeToDouble(string dtype)
    {
        using var reader = Hdf5Reader.Open(Fixture("h5py_dtypes.h5"));
        Assert.Equal(dtype, reader.Dtype(dtype));
        double[] values = reader.ReadDoubles(dtype, out int[] shape);
        Assert.Equal([2, 3], shape);
        Assert.Equal([0.0, 3, 1, 4, 2, 0], values);
        if (!dtype.StartsWith("float", StringComparison.Ordinal))
            Assert.Equal([[0, 3, 1], [4, 2, 0]], reader.ReadJaggedInt32(dtype));
    }

    [Fact]
    public void ReaderReadsH5pyBoolAndScalar()
    {
        using var reader = Hdf5Reader.Open(Fixture("h5py_dtypes.h5"));
        Assert.Equal("bool", reader.Dtype("bool"));
        AssertSame(new bool[,] { { true, false, true }, { false, false, true } }, reader.ReadBoolMatrix("bool"));
        Assert.Equal([1.0, 0, 1, 0, 0, 1], reader.ReadDoubles("bool", out _));
        Assert.Equal([3.5], reader.ReadDoubles("scalar", out int[] shape));
        Assert.Empty(shape);
        Assert.True(reader.IsGroup("empty_group"));
        Assert.Empty(reader.ChildNames("empty_group"));
        Assert.True(reader.IsDataset("/bool"));
        Assert.False(reader.Exists("nope/deeper"));
    }
}
