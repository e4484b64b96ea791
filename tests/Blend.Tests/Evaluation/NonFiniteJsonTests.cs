using System.Text.Json;
using Blend.Data;
using Blend.Evaluation;
using Blend.Evaluation.Results;
using Blend.Reporting;
using Blend.Tests.Cli;
using Blend.Tests.Data;

namespace Blend.Tests.Evaluation;

/// <summary>A metric that is not finite never reaches a JSON file as a bare NaN / Infinity: null, a warning, exit code 3.</summary>
public sealed class NonFiniteJsonTests
{
    private static string Fixture(string name) => Path.Combine(NlbTestFiles.RepoRoot, "tests", "Blend.Tests", "TestData", "evaluate", name);

    /// <summary>Strict JSON, as any parser outside .NET reads it (no named floating-point literals).</summary>
    private static JsonDocument Strict(string text) => JsonDocument.Parse(text);

    [Fact]
    public void ScoresJsonWritesNullAndAWarningAndReadsBack()
    {
        var scores = new[] { new DatasetScores("mc_maze", [new("co-bps", double.NegativeInfinity), new("vel R2", 0.5), new("psth R2", double.NaN)]) };
        string text = EvaluationJson.Serialize(scores);
        Assert.DoesNotContain(": NaN", text);
        Assert.DoesNotContain(": -Infinity", text);
        using var document = Strict(text);
        var split = document.RootElement[0].GetProperty("mc_maze");
        Assert.Equal(JsonValueKind.Null, split.GetProperty("co-bps").ValueKind);
        var warnings = split.GetProperty(EvaluationJson.WarningsKey).EnumerateArray().Select(w => w.GetString()!).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Contains("co-bps is -Infinity, written as null: infinite", warnings[0]);
        Assert.Contains("psth R2 is NaN, written as null: undefined", warnings[1]);
        var back = EvaluationJson.Parse(text).Single();
        Assert.True(double.IsNaN(back.Metrics.Single(m => m.Key == "co-bps").Value));
        Assert.Equal(0.5, back.Metrics.Single(m => m.Key == "vel R2").Value);
        Assert.Equal(3, back.Metrics.Count);
        // nlb_tools' own files (Python's json: bare NaN) still read.
        Assert.True(double.IsNaN(EvaluationJson.Parse("[{\"x\": {\"co-bps\": NaN}}]").Single().Metrics.Single().Value));
    }

    [Fact]
    public void ResultsJsonWritesNullForNonFiniteNumbersAndReadsThemAsNaN()
    {
        var run = new ModelRun
        {
            Model = "baseline", Role = ModelRole.Baseline, Replicate = 0, Seed = 1, Folder = "seed0/baseline", Epochs = 1, BestEpoch = -1,
            BestValLoss = double.NaN, StopReason = "epochs_reached", Seconds = 1, Metrics = new Dictionary<string, double> { ["co-bps"] = double.NegativeInfinity },
        };
        Assert.Equal("seed 1 baseline (seed0/baseline): co-bps is -Infinity, written as null: infinite (a held-out neuron that never spikes, or a rate of 0 where a spike was seen)",
            ExperimentResults.NonFiniteWarnings([run]).Single());
        string text = JsonSerializer.Serialize(run, ResultsJson.Options);
        using var document = Strict(text);
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("best_val_loss").ValueKind);
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("metrics").GetProperty("co-bps").ValueKind);
        var back = JsonSerializer.Deserialize<ModelRun>(text, ResultsJson.Options)!;
        Assert.True(double.IsNaN(back.BestValLoss));
        Assert.True(double.IsNaN(back.Metrics["co-bps"]));
    }

    [Fact]
    public void EvaluateExitsWith3WhenAMetricIsNotFiniteAndWritesStrictJson()
    {
        using var temp = new TempFolder();
        // Held-out neurons that never spike in the eval trials: co-bps divides by zero spikes.
        var target = NlbEvalTarget.Read(Fixture("eval_target.h5"));
        var original = target.Datasets["mc_maze"];
        var silent = new NlbDatasetTarget
        {
            EvalSpikesHeldout = Array3.Filled(original.EvalSpikesHeldout.Trials, original.EvalSpikesHeldout.Time, original.EvalSpikesHeldout.Channels, 0),
            TrainBehavior = original.TrainBehavior, EvalBehavior = original.EvalBehavior, BehaviorIs2D = original.BehaviorIs2D,
            EvalSpikesHeldinForward = original.EvalSpikesHeldinForward, EvalSpikesHeldoutForward = original.EvalSpikesHeldoutForward,
            TrainDecodeMask = original.TrainDecodeMask, EvalDecodeMask = original.EvalDecodeMask, Psth = original.Psth,
            EvalCondIdx = original.EvalCondIdx, TrainCondIdx = original.TrainCondIdx,
        };
        new NlbEvalTarget("mc_maze", silent).Write(temp.File("target.h5"));
        var result = CliRunner.Run("evaluate", "--target", temp.File("target.h5"), "--submission", Fixture("submission.h5"), "--json", temp.File("scores.json"));
        Assert.True(result.ExitCode == 3, result.Stderr + result.Stdout);
        Assert.Contains("co-bps is", result.Stderr);
        string text = File.ReadAllText(temp.File("scores.json"));
        using var document = Strict(text);
        Assert.Contains("written as null", text);
    }

    [Fact]
    public void BooleanRatesAreRefusedNotScoredAsZeroAndOne()
    {
        using var temp = new TempFolder();
        var rates = NlbSubmission.Read(Fixture("submission.h5"))["mc_maze"];
        var writer = new NlbFileWriter()
            .AddFloat32("mc_maze/train_rates_heldin", rates.TrainRatesHeldin).AddFloat32("mc_maze/train_rates_heldout", rates.TrainRatesHeldout)
            .AddFloat32("mc_maze/eval_rates_heldin", rates.EvalRatesHeldin)
            .AddBool("mc_maze/eval_rates_heldout", new bool[rates.EvalRatesHeldout.Trials, rates.EvalRatesHeldout.Channels]);
        writer.Write(temp.File("bools.h5"));
        var result = CliRunner.Run("evaluate", "--target", Fixture("eval_target.h5"), "--submission", temp.File("bools.h5"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("/mc_maze/eval_rates_heldout", result.Stderr);
        Assert.Contains("holds booleans (dtype bool)", result.Stderr);
    }
}
