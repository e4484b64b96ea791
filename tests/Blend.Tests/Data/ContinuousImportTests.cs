using Blend.Data;

namespace Blend.Tests.Data;

/// <summary>
/// ContinuousImport on small recordings whose values name their own (bin, neuron), so every tensor entry can be
/// traced back to the recording.
/// </summary>
public class ContinuousImportTests
{
    private static readonly ContinuousImportOptions Options = new()
    {
        BinMs = 10, WindowBins = 8, ForwardBins = 2, OverlapBins = 2, Name = "toy",
    };

    private static ContinuousRecording Toy(int rows = 100, int neurons = 6, bool behavior = true) => new(
        ImportTestData.Labelled(rows, neurons), "toy_spikes.npy",
        behavior ? ImportTestData.Labelled(rows, 2) : null, behavior ? "toy_behavior.npy" : null);

    [Fact]
    public void SplitsAreContiguousBlocksChoppedSeparately()
    {
        var dataset = ContinuousImport.Build(Toy(), Options);
        var splits = dataset.Manifest.Splits!;

        // 0.7 / 0.1 / 0.2 of 100 bins; windows of 8 + 2 bins, stride 8 in train, 10 elsewhere.
        Assert.Equal((0, 70, 2), (splits.Train.StartBin, splits.Train.EndBin, splits.Train.OverlapBins));
        Assert.Equal([0, 8, 16, 24, 32, 40, 48, 56], splits.Train.WindowStarts);
        Assert.Equal((70, 80, 0), (splits.Validation.StartBin, splits.Validation.EndBin, splits.Validation.OverlapBins));
        Assert.Equal([70], splits.Validation.WindowStarts);
        Assert.Equal((80, 100, 0), (splits.Eval.StartBin, splits.Eval.EndBin, splits.Eval.OverlapBins));
        Assert.Equal([80, 90], splits.Eval.WindowStarts);
        Assert.Equal([8], dataset.Manifest.ValidationTrials);
        foreach (var (_, split) in splits.Named())
            Assert.All(split.WindowStarts, s => Assert.InRange(s + 10, split.StartBin + 10, split.EndBin));
    }

    [Fact]
    public void EveryTensorHoldsTheRightBinsAndNeurons()
    {
        var dataset = ContinuousImport.Build(Toy(), Options);
        var m = dataset.Manifest;
        Assert.Equal([2, 4], m.HeldoutNeurons); // round(0.25 · 6) = 2 (half-way rounds up), seed 0
        Assert.Equal([0, 1, 3, 5], m.HeldinNeurons);

        int[] trainStarts = [.. m.Splits!.Train.WindowStarts, .. m.Splits.Validation.WindowStarts];
        int[] evalStarts = m.Splits.Eval.WindowStarts;
        var train = dataset.TrainInput;
        var target = dataset.EvalTarget!["toy"];
        AssertWindows(train.SpikesHeldin, trainStarts, 0, 8, m.HeldinNeurons);
        AssertWindows(train.SpikesHeldout, trainStarts, 0, 8, m.HeldoutNeurons);
        AssertWindows(train.SpikesHeldinForward!, trainStarts, 8, 2, m.HeldinNeurons);
        AssertWindows(train.SpikesHeldoutForward!, trainStarts, 8, 2, m.HeldoutNeurons);
        AssertWindows(train.Behavior!, trainStarts, 0, 8, [0, 1]);
        AssertWindows(train.BehaviorForward!, trainStarts, 8, 2, [0, 1]);
        AssertWindows(dataset.EvalInput.SpikesHeldin, evalStarts, 0, 8, m.HeldinNeurons);
        AssertWindows(target.EvalSpikesHeldout, evalStarts, 0, 8, m.HeldoutNeurons);
        AssertWindows(target.EvalSpikesHeldinForward!, evalStarts, 8, 2, m.HeldinNeurons);
        AssertWindows(target.EvalSpikesHeldoutForward!, evalStarts, 8, 2, m.HeldoutNeurons);
        AssertWindows(target.TrainBehavior!, trainStarts, 0, 8, [0, 1]);
        AssertWindows(target.EvalBehavior!, evalStarts, 0, 8, [0, 1]);

        // The answers stay out of the eval input; continuous data has no conditions, so no PSTH.
        Assert.Null(dataset.EvalInput.SpikesHeldout);
        Assert.Null(dataset.EvalInput.Behavior);
        Assert.Null(target.Psth);
        Assert.Null(target.EvalCondIdx);
    }

    [Fact]
    public void WindowsMergeBackToTheRecording()
    {
        var recording = Toy(rows: 137, neurons: 5);
        var dataset = ContinuousImport.Build(recording, Options with { OverlapBins = 4 });
        Assert.True(ImportTestData.AssertWindowsMergeBackToRecording(dataset, recording.Spikes) > 100);
    }

    [Fact]
    public void DefaultOverlapIsAQuarterOfTheWindowForTrainingOnly()
    {
        var dataset = ContinuousImport.Build(Toy(rows: 400), Options with { OverlapBins = null, WindowBins = 12 });
        var splits = dataset.Manifest.Splits!;
        Assert.Equal((3, 0, 0), (splits.Train.OverlapBins, splits.Validation.OverlapBins, splits.Eval.OverlapBins));
        Assert.Equal(11, splits.Train.WindowStarts[1]); // stride (12 + 2) − 3
    }

    [Fact]
    public void RebinSumsSpikesAveragesBehaviourAndDropsThePartialBlock()
    {
        var recording = Toy(rows: 203, neurons: 4);
        var dataset = ContinuousImport.Build(recording, Options with { Rebin = 2, HeldoutFraction = 0.5 });
        var m = dataset.Manifest;
        Assert.Equal((203, 101, 2, 10.0, 20.0), (m.SourceBins!.Value, m.Bins, m.Rebin, m.SourceBinMs!.Value, m.BinMs));

        // Rebinned bin b of neuron n = (100·2b + n) + (100·(2b + 1) + n); behaviour is the mean of the two.
        var first = dataset.TrainInput;
        int start = m.Splits!.Train.WindowStarts[1];
        int neuron = m.HeldinNeurons[1];
        Assert.Equal(100 * 2 * start + neuron + 100 * (2 * start + 1) + neuron, first.SpikesHeldin[1, 0, 1]);
        Assert.Equal((100 * 2 * start + 100 * (2 * start + 1) + 2 * 1) / 2.0, first.Behavior![1, 0, 1]);
        ImportTestData.AssertWindowsMergeBackToRecording(dataset, Rebinning.Sum(recording.Spikes, 2));
    }

    [Fact]
    public void ForwardZeroWritesNoForwardTensors()
    {
        var dataset = ContinuousImport.Build(Toy(), Options with { ForwardBins = 0 });
        Assert.Null(dataset.TrainInput.SpikesHeldinForward);
        Assert.Null(dataset.TrainInput.BehaviorForward);
        Assert.Null(dataset.EvalTarget!["toy"].EvalSpikesHeldoutForward);
        Assert.Equal(8, dataset.TrainInput.SpikesHeldin.Time);
    }

    [Fact]
    public void WithoutBehaviourThereAreNoBehaviourArrays()
    {
        var dataset = ContinuousImport.Build(Toy(behavior: false), Options);
        Assert.Null(dataset.TrainInput.Behavior);
        Assert.Null(dataset.TrainInput.BehaviorForward);
        Assert.Null(dataset.EvalTarget!["toy"].TrainBehavior);
        Assert.Equal(0, dataset.Manifest.BehaviorDims);
        Assert.Null(dataset.Manifest.BehaviorFile);
    }

    [Fact]
    public void NaNBehaviourIsKeptForTheMetricsToDrop()
    {
        var recording = Toy();
        recording.Behavior![75, 1] = double.NaN;
        var dataset = ContinuousImport.Build(recording, Options);
        Assert.True(double.IsNaN(dataset.TrainInput.Behavior![8, 5, 1]));
    }

    [Fact]
    public void FloatCountsAreAllowed()
    {
        var recording = Toy();
        recording.Spikes[3, 0] = 200.00000000001137;
        var dataset = ContinuousImport.Build(recording, Options);
        Assert.Equal(200, dataset.TrainInput.SpikesHeldin[0, 3, 0]); // float32 on disk
    }

    [Fact]
    public void WrittenFolderReadsBackTheSame()
    {
        using var temp = new TempFolder();
        string folder = temp.File("toy");
        var dataset = ContinuousImport.Build(Toy(), Options);
        dataset.Write(folder);
        Assert.Equal(["dataset.json", "eval_input.h5", "eval_target.h5", "train_input.h5"],
            Directory.GetFiles(folder).Select(Path.GetFileName).Order());

        var read = DatasetFileSet.Read(folder);
        Assert.Equal(dataset.Manifest.ToJson(), read.Manifest.ToJson());
        NlbTestFiles.AssertSame(dataset.TrainInput.SpikesHeldoutForward, read.TrainInput.SpikesHeldoutForward);
        NlbTestFiles.AssertSame(dataset.EvalInput.SpikesHeldin, read.EvalInput.SpikesHeldin);
        NlbTestFiles.AssertSame(dataset.EvalTarget!["toy"], read.EvalTarget!["toy"]);
    }

    [Fact]
    public void ANonEmptyOutputFolderIsRefusedAndLeftAlone()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("keep.txt"), "mine");
        var error = Assert.Throws<BlendInputException>(() => ContinuousImport.Build(Toy(), Options).Write(temp.Path));
        Assert.Contains("not empty", error.Message);
        Assert.Equal(["keep.txt"], temp.Entries());
    }

    [Theory]
    [InlineData("buddy_spikes_u8.npy", "buddy_spikes_u8")]
    [InlineData("/data/rat-1 day2.npy", "rat_1_day2")]
    [InlineData("2024_session.npy", "dataset_2024_session")]
    public void DefaultNameComesFromTheSpikesFile(string file, string name)
    {
        Assert.Equal(name, ContinuousImport.DefaultName(file));
        var dataset = ContinuousImport.Build(Toy() with { SpikesFile = file }, Options with { Name = null });
        Assert.Equal(name, dataset.Manifest.Name);
        Assert.True(dataset.EvalTarget!.Datasets.ContainsKey(name));
    }

    private static void AssertWindows(Array3 tensor, int[] starts, int offset, int length, int[] columns)
    {
        Assert.Equal((starts.Length, length, columns.Length), (tensor.Trials, tensor.Time, tensor.Channels));
        for (int trial = 0; trial < starts.Length; trial++)
            for (int t = 0; t < length; t++)
                for (int c = 0; c < columns.Length; c++)
                    Assert.Equal(100 * (starts[trial] + offset + t) + columns[c], tensor[trial, t, c]);
    }
}
