using Blend.Data;
using Blend.Reporting;
using Blend.Tests.Data;
using Blend.Tests.Training;
using Blend.Training;

namespace Blend.Tests.Cli;

[Collection(TorchTrainingCollection.Name)]
public class TrainCommandTests
{
    /// <summary>A tiny synthetic dataset folder (shared by the tests of this class; read-only).</summary>
    private static readonly Lazy<string> DataFolder = new(() =>
    {
        string folder = Path.Combine(Directory.CreateTempSubdirectory("blend-train-data-").FullName, "synth");
        var result = CliRunner.Run("synth", "--out", folder, "--train-trials", "20", "--eval-trials", "8", "--conditions", "4",
            "--heldin", "20", "--heldout", "8", "--bins", "30", "--forward-bins", "6", "--seed", "2");
        Assert.True(result.ExitCode == 0, result.Stderr);
        return folder;
    });

    /// <summary>The conv stand-in, small and single-threaded (tests run beside other work).</summary>
    private static readonly string[] Small =
    [
        "--set", "model.architecture=conv", "--set", "model.layers=1", "--set", "model.hidden_size=16",
        "--set", "training.epochs=6", "--set", "training.val_interval=3", "--set", "training.batch_size=8",
        "--set", "training.warmup=2", "--set", "training.lr=3e-3", "--set", "training.threads=1",
    ];

    private static CliRunner.Result Train(string output, params string[] extra) =>
        CliRunner.Run(["train", "--data", DataFolder.Value, "--out", output, .. Small, .. extra]);

    [Fact]
    public void EnsembleAveragesRunsChosenOnValidationAndScoresThem()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Train(temp.File("a"), "--set", "training.seed=1").ExitCode);
        Assert.Equal(0, Train(temp.File("b"), "--set", "training.seed=2").ExitCode);
        string output = temp.File("ensemble");
        var result = CliRunner.Run(["ensemble", "--data", DataFolder.Value, "--runs", temp.File("a"), temp.File("b"), "--out", output, "--max-size", "2"]);
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        Assert.Equal(["ensemble.json", "scores.json", "submission.h5"], Directory.GetFiles(output).Select(Path.GetFileName).Order());
        using var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "ensemble.json")));
        int size = summary.RootElement.GetProperty("size").GetInt32();
        Assert.InRange(size, 1, 2);
        Assert.Equal(2, summary.RootElement.GetProperty("members").GetArrayLength());
        Assert.Equal(2, summary.RootElement.GetProperty("validation_co_bps_by_size").GetArrayLength());
        // The written rates are the mean of the chosen members' rates.
        var chosen = summary.RootElement.GetProperty("chosen").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var members = chosen.Select(c => NlbSubmission.Read(Path.Combine(c, "submission.h5")).Datasets.Values.Single()).ToArray();
        var written = NlbSubmission.Read(Path.Combine(output, "submission.h5")).Datasets.Values.Single();
        for (int i = 0; i < written.EvalRatesHeldout.Values.Length; i += 7)
        {
            double mean = members.Average(m => m.EvalRatesHeldout.Values[i]);
            Assert.True(Math.Abs(written.EvalRatesHeldout.Values[i] - mean) <= 1e-6 * Math.Max(1, mean), $"{written.EvalRatesHeldout.Values[i]} vs {mean}"); // float32 file
        }
        Assert.Contains("→ k = " + size, result.Stdout);

        // Members selected on different validation trials cannot be ranked together.
        Assert.Equal(0, Train(temp.File("c"), "--set", "training.validation_seed=7").ExitCode);
        var mixed = CliRunner.Run(["ensemble", "--data", DataFolder.Value, "--runs", temp.File("a"), temp.File("c"), "--out", temp.File("mixed")]);
        Assert.Equal(2, mixed.ExitCode);
        Assert.Contains("validation split (protocol, validation_seed, validation_fraction) differs", mixed.Stderr);
        Assert.False(Directory.Exists(temp.File("mixed")));
    }

    [Fact]
    public void TrainsWritesTheRunFolderAndScoresTheSubmission()
    {
        using var temp = new TempFolder();
        string run = temp.File("runs/first");
        var result = Train(run);
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        Assert.Equal("", result.Stderr);

        var folder = new RunFolder(run);
        Assert.Equal(["checkpoints", "config.yaml", "data.fingerprint.json", "metrics.jsonl", "model", "scores.json", "submission.h5", "tensorboard"],
            Directory.GetFileSystemEntries(run).Select(Path.GetFileName).Order());
        Assert.True(File.Exists(folder.BestCheckpoint) && File.Exists(folder.LastCheckpoint));
        Assert.Equal(["bundle.json", "config.yaml", "weights.ckpt"], Directory.GetFiles(Path.Combine(run, "model")).Select(Path.GetFileName).Order());
        Assert.Contains("blend predict --model", result.Stdout);
        Assert.Single(Directory.GetFiles(folder.TensorBoard, "events.out.tfevents.*"));

        var config = TrainingConfig.Load(folder.Config);
        Assert.Equal("conv", config.Architecture);
        Assert.Equal(6, config.Training.Epochs);

        var records = File.ReadAllLines(folder.Metrics).Select(Trainer.ParseMetricsLine).ToArray();
        Assert.Equal([3, 6], records.Select(r => r.Epoch));
        Assert.All(records, r => Assert.Equal("clean", r.Protocol));
        Assert.Equal(6 * 2, records[^1].Step); // 16 training trials in batches of 8

        var submission = NlbSubmission.Read(folder.Submission);
        var rates = submission["synth_lorenz"];
        Assert.Equal([20, 30, 20], rates.TrainRatesHeldin.Shape);
        Assert.Equal([20, 30, 8], rates.TrainRatesHeldout.Shape);
        Assert.Equal([8, 30, 20], rates.EvalRatesHeldin.Shape);
        Assert.Equal([8, 6, 8], rates.EvalRatesHeldoutForward!.Shape);

        Assert.Contains("validation: 4 of 20 training trials", result.Stdout);
        Assert.Contains("co-bps", result.Stdout);
        Assert.Contains($"Wrote {folder.Submission}", result.Stdout);
        var scores = Assert.Single(EvaluationJson.Parse(File.ReadAllText(folder.Scores)));
        Assert.Equal("synth_lorenz_split", scores.Split);
    }

    [Fact]
    public void ResumeAfterMaxEpochsGivesTheSameSubmissionAsOneRun()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Train(temp.File("straight")).ExitCode);
        var stopped = Train(temp.File("resumed"), "--max-epochs", "4");
        Assert.Equal(0, stopped.ExitCode);
        Assert.Contains("--max-epochs", stopped.Stdout);
        Assert.Contains("--resume", stopped.Stdout);
        var resumed = CliRunner.Run("train", "--data", DataFolder.Value, "--out", temp.File("resumed"), "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        NlbTestFiles.AssertSame(
            NlbSubmission.Read(Path.Combine(temp.File("straight"), "submission.h5"))["synth_lorenz"],
            NlbSubmission.Read(Path.Combine(temp.File("resumed"), "submission.h5"))["synth_lorenz"]);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(temp.File("resumed"), "tensorboard")).Length);

        // Resuming with another config is refused, naming the difference.
        var other = Train(temp.File("resumed"), "--resume", "--set", "training.lr=1e-2");
        Assert.Equal(2, other.ExitCode);
        Assert.Contains("lr: 0.01 here, lr: 0.003 there", other.Stderr);
        // A damaged checkpoint is refused before anything is written.
        string last = Path.Combine(temp.File("resumed"), "checkpoints", "last.pt");
        File.WriteAllBytes(last, File.ReadAllBytes(last)[..100]);
        var damaged = CliRunner.Run("train", "--data", DataFolder.Value, "--out", temp.File("resumed"), "--resume");
        Assert.Equal(2, damaged.ExitCode);
        Assert.Contains("damaged", damaged.Stderr);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(temp.File("resumed"), "tensorboard")).Length);
        // Nothing to resume.
        var none = CliRunner.Run("train", "--data", DataFolder.Value, "--out", temp.File("never"), "--resume");
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("nothing to resume", none.Stderr);
    }

    [Fact]
    public void ReferenceProtocolIsLabelled()
    {
        using var temp = new TempFolder();
        var result = Train(temp.File("ref"), "--protocol", "reference");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("reference protocol", result.Stdout);
        Assert.Contains("warning: --protocol reference", result.Stderr);
        Assert.All(File.ReadAllLines(Path.Combine(temp.File("ref"), "metrics.jsonl")).Select(Trainer.ParseMetricsLine),
            r => Assert.Equal("reference", r.Protocol));
        Assert.Contains("protocol: reference", File.ReadAllText(Path.Combine(temp.File("ref"), "config.yaml")));
    }

    [Theory]
    [InlineData("--set", "training.lrr=1", "--set training.lrr=1: unknown key training.lrr")]
    [InlineData("--set", "training.batch_size=0", "training.batch_size = 0 is out of range: must be at least 1")]
    [InlineData("--set", "model.architecture=lstm", "model.architecture = lstm is not known")]
    [InlineData("--max-epochs", "0", "--max-epochs must be at least 1")]
    [InlineData("--protocol", "leaky", "leaky")]
    public void BadInputExitsWith2OnOneLineAndWritesNothing(string option, string value, string message)
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run(["train", "--data", DataFolder.Value, "--out", temp.File("run"), .. Small, option, value]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr);
        Assert.Empty(temp.Entries());
        if (option != "--protocol") Assert.Single(result.Stderr.TrimEnd().Split('\n')); // (a parse error adds a usage hint)
    }

    [Fact]
    public void BadConfigFileMissingDataAndUsedRunFolderAreRefused()
    {
        using var temp = new TempFolder();
        string config = temp.File("bad.yaml");
        File.WriteAllText(config, "training:\n  epochs: 5\n  learning_rate: 1e-3\n");
        var bad = CliRunner.Run("train", "--data", DataFolder.Value, "--config", config, "--out", temp.File("run"));
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal($"error: {config}:3: unknown key training.learning_rate", bad.Stderr.Split(" (known")[0]);

        var missing = CliRunner.Run(["train", "--data", temp.File("nodata"), "--out", temp.File("run"), .. Small]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal($"error: {temp.File("nodata")}: data folder not found", missing.Stderr.Trim());
        Assert.Equal(["bad.yaml"], temp.Entries());

        Directory.CreateDirectory(temp.File("used"));
        File.WriteAllText(temp.File("used/notes.txt"), "mine");
        var used = Train(temp.File("used"));
        Assert.Equal(2, used.ExitCode);
        Assert.Contains("run folder exists and is not empty", used.Stderr);
        Assert.Equal(["notes.txt"], Directory.GetFiles(temp.File("used")).Select(Path.GetFileName));
    }
}
