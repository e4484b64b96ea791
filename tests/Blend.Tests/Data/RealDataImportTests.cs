using Blend.Data;
using Blend.Evaluation;
using Xunit.Abstractions;

namespace Blend.Tests.Data;

/// <summary>
/// Imports both real recordings in recordings/ with the README's example settings, proves the windows merge
/// back into the recording, and scores the simplest real submission (each neuron's mean training rate) with the
/// NLB evaluator. Its null model is each neuron's mean over the scored eval spikes, the best constant there is, so a
/// constant submission scores co-bps and fp-bps ≤ 0. How far below 0 measures drift between the blocks: chewie
/// about −0.04; buddy about −0.5, because the rat recording is sparse (144 held-out eval spikes in 1315 bins) and
/// two held-out cells that fire during training (28, 41) are silent in the eval block.
/// </summary>
public class RealDataImportTests(ITestOutputHelper output)
{
    /// <summary>Rat CA1, 25 ms bins: 1 s windows, 200 ms forward, 250 ms training overlap.</summary>
    public static ContinuousImportOptions BuddyOptions => new()
    {
        BinMs = 25, WindowBins = 40, ForwardBins = 8, OverlapBins = 10, Name = "buddy",
    };

    /// <summary>Monkey M1, bin width unknown (50 ms assumed, see README): 20-bin windows, 4 forward, default overlap 5.</summary>
    public static ContinuousImportOptions ChewieOptions => new()
    {
        BinMs = 50, WindowBins = 20, ForwardBins = 4, Name = "chewie",
    };

    [Fact]
    public void BuddyImportsAndMergesBack()
    {
        var dataset = ContinuousImport.FromNpy(ImportTestData.BuddySpikes, ImportTestData.BuddyPosition, BuddyOptions);
        var m = dataset.Manifest;
        Assert.Equal((120, 13, 27), (m.Splits!.Train.WindowStarts.Length, m.Splits.Validation.WindowStarts.Length, m.Splits.Eval.WindowStarts.Length));
        Assert.Equal((36, 12, 3), (m.HeldinNeurons.Length, m.HeldoutNeurons.Length, m.BehaviorDims));
        Assert.Equal([133, 40, 36], dataset.TrainInput.SpikesHeldin.Shape);
        Assert.Equal([27, 8, 12], dataset.EvalTarget!["buddy"].EvalSpikesHeldoutForward!.Shape);
        int compared = ImportTestData.AssertWindowsMergeBackToRecording(dataset, NpyFile.ReadMatrix(ImportTestData.BuddySpikes));
        Assert.True(compared > 6400, $"{compared} bins compared");
    }

    [Fact]
    public void ChewieImportsAndMergesBack()
    {
        var dataset = ContinuousImport.FromNpy(ImportTestData.ChewieSpikes, ImportTestData.ChewieVelocity, ChewieOptions);
        var m = dataset.Manifest;
        Assert.Equal((0, 1273, 1454, 1818), (m.Splits!.Train.StartBin, m.Splits.Validation.StartBin, m.Splits.Eval.StartBin, m.Bins));
        Assert.Equal((5, 66, 7, 15), (m.Splits.Train.OverlapBins, m.Splits.Train.WindowStarts.Length,
            m.Splits.Validation.WindowStarts.Length, m.Splits.Eval.WindowStarts.Length));
        Assert.Equal((53, 18, 2), (m.HeldinNeurons.Length, m.HeldoutNeurons.Length, m.BehaviorDims));
        ImportTestData.AssertWindowsMergeBackToRecording(dataset, NpyFile.ReadMatrix(ImportTestData.ChewieSpikes));
    }

    [Theory]
    [InlineData("buddy")]
    [InlineData("chewie")]
    public void MeanRateBaselineIsScorable(string which)
    {
        var dataset = which == "buddy"
            ? ContinuousImport.FromNpy(ImportTestData.BuddySpikes, ImportTestData.BuddyPosition, BuddyOptions)
            : ContinuousImport.FromNpy(ImportTestData.ChewieSpikes, ImportTestData.ChewieVelocity, ChewieOptions);
        var scores = NlbEvaluator.Evaluate(dataset.EvalTarget!, ImportTestData.MeanRateBaseline(dataset));

        var metrics = Assert.Single(scores).Metrics.ToDictionary();
        output.WriteLine($"{which}: {string.Join(", ", metrics.Select(kv => $"{kv.Key} {kv.Value:R}"))}");
        Assert.Equal([NlbMetricNames.CoBps, NlbMetricNames.VelR2, NlbMetricNames.FpBps], metrics.Keys);
        Assert.InRange(metrics[NlbMetricNames.CoBps], which == "buddy" ? -1 : -0.1, 0);
        Assert.InRange(metrics[NlbMetricNames.FpBps], which == "buddy" ? -1 : -0.1, 0);
        // Constant rates carry no information: the decoder predicts the training mean.
        Assert.InRange(metrics[NlbMetricNames.VelR2], -1, 1e-9);
    }
}
