using Blend.Data;
using Blend.Evaluation;
using Blend.Experiments;
using Blend.Models.Smoothing;
using Blend.Tests.Cli;
using Blend.Tests.Data;
using Blend.Tests.Training;
using Blend.Training;
using Blend.Evaluation.Results;

namespace Blend.Tests.Experiments;

/// <summary>NLB's smoothing baseline as the experiment's reference row and as <c>blend smooth</c>.</summary>
[Collection(TorchTrainingCollection.Name)]
public class SmoothingReferenceTests
{
    private static string Data => BlendExperimentTests.DataFolder.Value;

    /// <summary>The fit a user would make by hand: the clean validation split of the default training options.</summary>
    private static SmoothingFit DirectFit()
    {
        var source = DatasetSource.Read(Data);
        return SmoothingBaseline.Fit(SmoothingReference.Data(source, source.BinMs!.Value), TrainingData.ValidationTrials(source, new TrainingOptions()));
    }

    /// <summary>Submission files hold float32, as nlb_tools writes them.</summary>
    private static double[] AsWritten(Array3 rates) => [.. rates.Values.Select(v => (double)(float)v)];

    [Fact]
    public void ExperimentRowIsTheSmoothingFitOnCleanValidationTrialsEvenUnderTheReferenceProtocol()
    {
        using var temp = new TempFolder();
        string output = temp.File("experiment");
        // Under the reference protocol the deep models select on the eval split; the smoothing grid must not.
        var results = BlendExperiment.Run(new ExperimentRequest
        {
            DataFolder = Data,
            OutputFolder = output,
            Config = ExperimentConfig.Load(null, [.. BlendExperimentTests.Tiny, "training.epochs=1", "experiment.seeds=2", "distillation.strategies=hard",
                "training.protocol=reference"]),
        });
        var row = results.Models[0];
        Assert.Equal((SmoothingReference.ModelName, ModelRole.Reference), (row.Model, row.Role));
        var run = Assert.Single(row.Runs);
        Assert.Equal("smoothing", run.Folder);

        var direct = DirectFit();
        var written = NlbSubmission.Read(Path.Combine(output, "smoothing", "submission.h5"))[results.Dataset];
        Assert.Equal(AsWritten(direct.Rates.EvalRatesHeldout), written.EvalRatesHeldout.Values);
        Assert.Equal(AsWritten(direct.Rates.TrainRatesHeldin), written.TrainRatesHeldin.Values);
        Assert.Equal(direct.ValidationMetrics[NlbMetricNames.CoBps], run.ValidationMetrics![NlbMetricNames.CoBps]);

        var target = DatasetSource.Read(Data);
        var eval = new NlbEvalTarget();
        eval.Datasets[target.Name] = target.Target!;
        var expected = BlendExperiment.Metrics(NlbEvaluator.Evaluate(eval, new NlbSubmission(target.Name, direct.Rates)));
        Assert.Equal(expected, run.Metrics);
        Assert.DoesNotContain(NlbMetricNames.FpBps, run.Metrics.Keys); // NLB's smoothing predicts no forward bins

        // The table shows it first, without ± (one fit) and with its change relative to the baseline.
        var (_, rows) = Blend.Reporting.ExperimentTable.Build(results);
        Assert.Equal("smoothing", rows[0].Model);
        Assert.DoesNotContain("±", rows[0].Cells[0]);
        string report = File.ReadAllText(Path.Combine(output, "report.md"));
        Assert.Contains("| conv | smoothing | ", report);
    }

    [Fact]
    public void SwitchedOffThereIsNoRowAndNoFolder()
    {
        using var temp = new TempFolder();
        string output = temp.File("experiment");
        var results = BlendExperiment.Run(new ExperimentRequest
        {
            DataFolder = Data,
            OutputFolder = output,
            Config = ExperimentConfig.Load(null, [.. BlendExperimentTests.Tiny, "training.epochs=1", "experiment.seeds=1", "distillation.strategies=hard",
                "experiment.smoothing_reference=false"]),
        });
        Assert.DoesNotContain(results.Models, m => m.Role == ModelRole.Reference);
        Assert.False(Directory.Exists(Path.Combine(output, "smoothing")));
        Assert.Contains("smoothing_reference: false", File.ReadAllText(Path.Combine(output, "config.yaml")));
    }

    [Fact]
    public void SmoothCommandWritesTheFitAndItsScores()
    {
        using var temp = new TempFolder();
        string output = temp.File("smooth");
        var result = CliRunner.Run(["smooth", "--data", Data, "--out", output, "--threads", "1"]);
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        Assert.Equal(["scores.json", "smoothing.json", "submission.h5"], Directory.GetFileSystemEntries(output).Select(Path.GetFileName).Order());
        var direct = DirectFit();
        var name = DatasetSource.Read(Data).Name;
        Assert.Equal(AsWritten(direct.Rates.EvalRatesHeldout), NlbSubmission.Read(Path.Combine(output, "submission.h5"))[name].EvalRatesHeldout.Values);
        string summary = File.ReadAllText(Path.Combine(output, "smoothing.json"));
        Assert.Contains("\"kernel_sd_ms\"", summary);
        Assert.Contains($"\"validation_trials\": {direct.ValidationTrials}", summary);
        Assert.Contains("smoothing baseline, eval split", result.Stdout);
        Assert.Contains(SmoothingReference.Describe(direct.Chosen), result.Stdout);
    }

    [Fact]
    public void PlainFilesWithoutABinWidthNeedBinMs()
    {
        using var temp = new TempFolder();
        string plain = temp.File("plain");
        Directory.CreateDirectory(plain);
        foreach (string file in new[] { "train_input.h5", "eval_input.h5", "eval_target.h5" })
            File.Copy(Path.Combine(Data, file), Path.Combine(plain, file));
        Assert.Null(DatasetSource.Read(plain).BinMs);

        var refused = CliRunner.Run(["smooth", "--data", plain, "--out", temp.File("out")]);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("give --bin-ms", refused.Stderr);
        Assert.False(Directory.Exists(temp.File("out")));

        var bad = CliRunner.Run(["smooth", "--data", plain, "--out", temp.File("out"), "--bin-ms", "-5"]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--bin-ms must be positive", bad.Stderr);

        double binMs = DatasetSource.Read(Data).BinMs!.Value;
        var given = CliRunner.Run(["smooth", "--data", plain, "--out", temp.File("out"), "--bin-ms", binMs.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.True(given.ExitCode == 0, given.Stderr + given.Stdout);
        Assert.Equal(DirectFit().Chosen, System.Text.Json.JsonSerializer.Deserialize<SmoothingCandidate>(
            System.Text.Json.JsonDocument.Parse(File.ReadAllText(temp.File("out/smoothing.json"))).RootElement.GetProperty("chosen").GetRawText(),
            new System.Text.Json.JsonSerializerOptions { PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower }));
    }

    [Fact]
    public void BinWidthComesFromTheManifestOrAnNlbGroupName()
    {
        Assert.Equal(DatasetSource.Read(Data).Manifest!.BinMs, DatasetSource.Read(Data).BinMs);
        using var temp = new TempFolder();
        string folder = temp.File("mc_maze_small_20");
        Directory.CreateDirectory(folder);
        var files = TrainingTestData.NlbFiles;
        files.TrainInput.Write(Path.Combine(folder, "train_input.h5"));
        files.EvalInput.Write(Path.Combine(folder, "eval_input.h5"));
        var source = DatasetSource.Read(folder);
        Assert.Equal("mc_maze_small_20", source.Name);
        Assert.Equal(20, source.BinMs);
    }
}
