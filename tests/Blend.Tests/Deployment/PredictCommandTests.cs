using System.Text.Json;
using System.Text.Json.Nodes;
using Blend.Data;
using Blend.Deployment;
using Blend.Tests.Cli;
using Blend.Tests.Data;
using Blend.Tests.Training;

namespace Blend.Tests.Deployment;

/// <summary>
/// Model bundles and <c>blend predict</c>: every trained model leaves a bundle; applied to an NLB set, a continuous
/// recording or an NWB file it writes rates for all neurons in the recording's order on the input's own time axis,
/// latents and decoded behavior; bundles of another format version and data with other neurons are refused with one line.
/// </summary>
[Collection(TorchTrainingCollection.Name)]
public sealed class PredictCommandTests
{
    private static readonly string[] Small =
    [
        "--set", "model.architecture=conv", "--set", "model.layers=1", "--set", "model.hidden_size=16",
        "--set", "training.epochs=6", "--set", "training.val_interval=3", "--set", "training.batch_size=8",
        "--set", "training.warmup=2", "--set", "training.lr=3e-3", "--set", "training.threads=1",
    ];

    private static string[] Synth(string folder, int seed, int heldin = 20) =>
        ["synth", "--out", folder, "--train-trials", "24", "--eval-trials", "10", "--conditions", "4",
         "--heldin", heldin.ToString(), "--heldout", "8", "--bins", "30", "--forward-bins", "6", "--seed", seed.ToString()];

    /// <summary>A synthetic set and a conv model trained on it (shared by the tests; read-only).</summary>
    private static readonly Lazy<(string Data, string Run)> Trained = new(() =>
    {
        string root = Directory.CreateTempSubdirectory("blend-predict-").FullName;
        string data = Path.Combine(root, "synth"), run = Path.Combine(root, "run");
        Ok(CliRunner.Run(Synth(data, 2)));
        Ok(CliRunner.Run(["train", "--data", data, "--out", run, .. Small]));
        return (data, run);
    });

    /// <summary>A conv model that predicts held-out rates usefully (co-bps ≈ 0.15): 120 trials of 20 ms bins, 60 epochs.</summary>
    private static readonly Lazy<string> Scorable = new(() =>
    {
        string root = Directory.CreateTempSubdirectory("blend-predict-scorable-").FullName;
        string data = Path.Combine(root, "synth"), run = Path.Combine(root, "run");
        Ok(CliRunner.Run(ScorableSynth(data, 2)));
        Ok(CliRunner.Run(["train", "--data", data, "--out", run, .. Small, "--set", "training.epochs=60", "--set", "training.val_interval=5",
            "--set", "training.lr=1e-2", "--set", "model.hidden_size=32"]));
        return run;
    });

    private static string[] ScorableSynth(string folder, int seed) =>
        ["synth", "--out", folder, "--train-trials", "120", "--eval-trials", "20", "--conditions", "4", "--heldin", "20", "--heldout", "8",
         "--bins", "30", "--forward-bins", "6", "--bin-ms", "20", "--seed", seed.ToString()];

    private static CliRunner.Result Ok(CliRunner.Result result)
    {
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        return result;
    }

    private static void Refused(CliRunner.Result result, string expected)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void TrainWritesABundleThatReproducesTheRunsOwnSubmission()
    {
        var (data, run) = Trained.Value;
        var bundle = ModelBundle.Read(run);
        Assert.Equal(Path.Combine(run, "model"), bundle.Folder);
        Assert.Equal([.. Enumerable.Range(0, 20)], bundle.Manifest.HeldinNeurons);
        Assert.Equal(2, bundle.Manifest.Decoder!.Outputs);
        Assert.Equal(28, bundle.Manifest.Decoder.Features);
        Assert.Equal(5, bundle.Manifest.BinMs);

        using var temp = new TempFolder();
        string output = temp.File("predicted");
        var result = Ok(CliRunner.Run("predict", "--model", Path.Combine(run, "model"), "--data", data, "--out", output));
        var expected = NlbSubmission.Read(Path.Combine(run, "submission.h5")).Datasets.Single().Value;
        var actual = NlbSubmission.Read(Path.Combine(output, "submission.h5")).Datasets.Single().Value;
        Assert.Equal(expected.EvalRatesHeldout.Values, actual.EvalRatesHeldout.Values);
        Assert.Equal(expected.TrainRatesHeldin.Values, actual.TrainRatesHeldin.Values);
        Assert.Equal(expected.EvalRatesHeldoutForward!.Values, actual.EvalRatesHeldoutForward!.Values);
        Assert.Equal(File.ReadAllText(Path.Combine(run, "scores.json")), File.ReadAllText(Path.Combine(output, "scores.json")));

        var rates = NpyFile.Read(Path.Combine(output, "eval_rates.npy"));
        Assert.Equal([10, 36, 28], rates.Shape);
        Assert.Equal([10, 30, 2], NpyFile.Read(Path.Combine(output, "eval_behavior.npy")).Shape);
        Assert.Equal(3, NpyFile.Read(Path.Combine(output, "train_latents_features.npy")).Shape.Length);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "predict.json")))!;
        Assert.Equal("NlbSet", summary["kind"]!.GetValue<string>());
        Assert.Contains("eval split", result.Stdout);
    }

    [Fact]
    public void FreshTrialsOfTheSamePopulationScoreLikeTheModelsOwnEvalSplit()
    {
        string run = Scorable.Value;
        using var temp = new TempFolder();
        // New trials (seed 7) of the training set's neurons (population seed 2).
        Ok(CliRunner.Run([.. ScorableSynth(temp.File("fresh"), 7), "--population-seed", "2"]));
        var result = Ok(CliRunner.Run("predict", "--model", run, "--data", temp.File("fresh"), "--out", temp.File("out")));
        Assert.Contains("Decoded behavior vs the eval trials' behavior: R²", result.Stdout);
        double own = CoBps(Path.Combine(run, "scores.json")), fresh = CoBps(temp.File("out/scores.json"));
        Assert.True(own > 0.05, $"the test model should beat each neuron's mean rate, co-bps {own}");
        Assert.True(Math.Abs(fresh - own) < 0.05, $"co-bps {fresh} on fresh trials, {own} on the model's own eval split");
        var summary = JsonNode.Parse(File.ReadAllText(temp.File("out/predict.json")))!;
        Assert.InRange(summary["eval_behavior_r2"]!.GetValue<double>(), -1, 1);

        // Another population of the same shape has other neurons: the model's held-out predictions do not transfer.
        Ok(CliRunner.Run(ScorableSynth(temp.File("other"), 7)));
        Ok(CliRunner.Run("predict", "--model", run, "--data", temp.File("other"), "--out", temp.File("other-out")));
        double other = CoBps(temp.File("other-out/scores.json"));
        Assert.True(other < fresh - 0.05, $"co-bps {other} on another population, {fresh} on fresh trials of the model's own");
    }

    private static double CoBps(string scoresJson)
    {
        using var scores = JsonDocument.Parse(File.ReadAllText(scoresJson));
        return scores.RootElement[0].EnumerateObject().Single().Value.GetProperty("co-bps").GetDouble();
    }

    [Fact]
    public void UnknownFormatVersionsAndOtherNeuronsAreRefusedWithOneLine()
    {
        var (data, run) = Trained.Value;
        using var temp = new TempFolder();
        string copy = temp.File("bundle");
        Directory.CreateDirectory(copy);
        foreach (string file in Directory.GetFiles(Path.Combine(run, "model"))) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        string manifest = Path.Combine(copy, BundleManifest.FileName);
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"format_version\": 1", "\"format_version\": 2"));
        Refused(CliRunner.Run("predict", "--model", copy, "--data", data, "--out", temp.File("a")), "bundle format version 2 is not supported");
        Assert.False(Directory.Exists(temp.File("a")));

        Ok(CliRunner.Run(Synth(temp.File("wider"), 3, heldin: 21)));
        Refused(CliRunner.Run("predict", "--model", run, "--data", temp.File("wider"), "--out", temp.File("b")), "a recording with other neurons");
        string npy = temp.File("recording.npy");
        NpyFile.Write(npy, new double[100 * 27], [100, 27]);
        Refused(CliRunner.Run("predict", "--model", run, "--data", npy, "--out", temp.File("c")), "trained on a recording of 28 neurons");
        Refused(CliRunner.Run("predict", "--model", temp.File("nothing"), "--data", data, "--out", temp.File("d")), "model bundle not found");
        Assert.False(Directory.Exists(temp.File("b")) || Directory.Exists(temp.File("c")) || Directory.Exists(temp.File("d")));
    }

    /// <summary>A continuous recording whose held-out neurons are scattered through its columns (import picks them at random).</summary>
    private static (string Spikes, string Behavior) ContinuousRecording(TempFolder temp, int rows, int neurons)
    {
        var random = new Random(11);
        var spikes = new double[rows * neurons];
        var behavior = new double[rows * 2];
        for (int t = 0; t < rows; t++)
        {
            double phase = t * 0.07;
            behavior[2 * t] = Math.Sin(phase);
            behavior[2 * t + 1] = Math.Cos(phase);
            for (int n = 0; n < neurons; n++)
            {
                double rate = Math.Exp(0.3 + 0.8 * Math.Sin(phase + n));
                spikes[t * neurons + n] = Poisson(random, rate);
            }
        }
        string spikesFile = temp.File("spikes.npy"), behaviorFile = temp.File("behavior.npy");
        NpyFile.Write(spikesFile, spikes, [rows, neurons]);
        NpyFile.Write(behaviorFile, behavior, [rows, 2]);
        return (spikesFile, behaviorFile);
    }

    private static int Poisson(Random random, double rate)
    {
        double limit = Math.Exp(-rate), product = random.NextDouble();
        int count = 0;
        while (product > limit) { product *= random.NextDouble(); count++; }
        return count;
    }

    [Fact]
    public void ContinuousPredictionsAreOnTheRecordingsRowsAndNeuronOrder()
    {
        using var temp = new TempFolder();
        const int Rows = 487, Neurons = 12;
        var (spikes, behavior) = ContinuousRecording(temp, Rows, Neurons);
        Ok(CliRunner.Run("import", "--spikes", spikes, "--behavior", behavior, "--bin-ms", "20", "--window", "20", "--forward", "4",
            "--name", "toy", "--seed", "3", "--out", temp.File("data")));
        Ok(CliRunner.Run(["train", "--data", temp.File("data"), "--out", temp.File("run"), .. Small]));
        var result = Ok(CliRunner.Run("predict", "--model", temp.File("run"), "--data", spikes, "--behavior", behavior, "--out", temp.File("out")));
        Assert.Contains("Decoded behavior vs", result.Stdout);
        // The model's own recording: the rows of its eval block (which no model saw) are scored on their own too.
        var split = DatasetManifest.Read(Path.Combine(temp.File("data"), DatasetManifest.FileName)).Splits!.Eval;
        Assert.Contains($"on rows {split.StartBin}–{split.EndBin}, the eval block", result.Stdout);

        var rates = NpyFile.ReadMatrix(temp.File("out/rates.npy"));
        Assert.Equal((Rows, Neurons), (rates.Rows, rates.Cols)); // every row, the tail after the last regular window included
        Assert.DoesNotContain(rates.Values, double.IsNaN);
        Assert.Equal(Rows, NpyFile.ReadMatrix(temp.File("out/behavior.npy")).Rows);
        Assert.Equal(Rows, NpyFile.ReadMatrix(temp.File("out/latents_features.npy")).Rows);

        // The unchopped truth: each window of the recording predicted on its own by the library. Every row that only
        // one window covers must carry that window's rates, in the recording's columns (shared rows are ramp-weighted,
        // which ChoppingCoverageTests checks against the unchopped signal).
        var bundle = ModelBundle.Read(temp.File("run"));
        var m = bundle.Manifest;
        var columns = m.ChannelColumns;
        Assert.NotEqual([.. Enumerable.Range(0, Neurons)], columns); // held-out neurons are not simply the last columns
        var recording = NpyFile.ReadMatrix(spikes);
        var starts = Chopping.CoveringStarts(Rows, m.MainBins, m.ChopOverlapBins);
        var windows = new Array3(starts.Length, m.MainBins, m.HeldinCount);
        for (int w = 0; w < starts.Length; w++)
            for (int t = 0; t < m.MainBins; t++)
                for (int c = 0; c < m.HeldinCount; c++) windows[w, t, c] = recording[starts[w] + t, m.HeldinNeurons[c]];
        using var predictor = new BundlePredictor(bundle);
        var perWindow = predictor.PredictTrials(windows, "windows");
        int checkedRows = 0;
        for (int row = 0; row < Rows; row++)
        {
            var covering = Enumerable.Range(0, starts.Length).Where(w => starts[w] <= row && row < starts[w] + m.MainBins).ToArray();
            Assert.NotEmpty(covering);
            if (covering.Length > 1) continue;
            int window = covering[0];
            for (int c = 0; c < columns.Length; c++)
            {
                double expected = perWindow.Rates[window, row - starts[window], c], actual = rates[row, columns[c]];
                Assert.True(Math.Abs(expected - actual) <= 1e-5 * Math.Max(1, expected), $"row {row}, model channel {c}: {expected} vs {actual}"); // float32 file
            }
            checkedRows++;
        }
        Assert.True(checkedRows > Rows / 2, $"only {checkedRows} of {Rows} rows are covered by one window");
        var summary = JsonNode.Parse(File.ReadAllText(temp.File("out/predict.json")))!;
        Assert.Equal(Rows, summary["rows"]!.GetValue<int>());
        Assert.Equal(split.EndBin, summary["eval_rows"]![1]!.GetValue<int>());
        Assert.InRange(summary["eval_rows_behavior_r2"]!.GetValue<double>(), -10, 1);
    }

    [Fact]
    public void NwbFilesArePredictedAndTheTestPhaseGivesAnEvalAiSubmission()
    {
        using var temp = new TempFolder();
        string nwb = temp.File("maze.nwb");
        Ok(CliRunner.Run("synth", "nwb", "--dataset", "mc_maze", "--size", "small", "--seed", "1", "--out", nwb));
        Ok(CliRunner.Run("nwb", nwb, "--dataset", "mc_maze_small", "--bin", "20", "--out", temp.File("val")));
        Ok(CliRunner.Run("nwb", nwb, "--dataset", "mc_maze_small", "--bin", "20", "--phase", "test", "--out", temp.File("test")));

        // The test phase: train + val trials → train input, test trials → eval input, no eval target.
        var val = DatasetFileSet.Read(temp.File("val"));
        var test = DatasetFileSet.Read(temp.File("test"));
        Assert.True(test.Manifest.TestPhase);
        Assert.Null(test.EvalTarget);
        Assert.False(File.Exists(temp.File("test/eval_target.h5")));
        Assert.Equal(val.TrainInput.SpikesHeldin.Trials + val.EvalInput.SpikesHeldin.Trials, test.TrainInput.SpikesHeldin.Trials);
        Assert.Null(test.EvalInput.SpikesHeldout);
        Assert.True(test.EvalInput.SpikesHeldin.Trials > 0);

        Ok(CliRunner.Run(["train", "--data", temp.File("val"), "--out", temp.File("run"), .. Small]));
        var scored = Ok(CliRunner.Run("predict", "--model", temp.File("run"), "--data", nwb, "--out", temp.File("predicted")));
        Assert.Contains("mc_maze_scaling_20", scored.Stdout);
        Assert.Contains("psth R2", scored.Stdout); // the val phase scores all four NLB metrics
        var rates = NpyFile.Read(temp.File("predicted/eval_rates.npy"));
        Assert.Equal(val.EvalInput.SpikesHeldin.Trials, rates.Shape[0]);

        var submitted = Ok(CliRunner.Run("predict", "--model", temp.File("run"), "--data", nwb, "--phase", "test", "--out", temp.File("submission")));
        Assert.Contains("ready to submit", submitted.Stdout);
        var submission = NlbSubmission.Read(temp.File("submission/submission.h5"));
        var group = Assert.Single(submission.Datasets);
        Assert.Equal("mc_maze_small_20", group.Key);
        Assert.Equal(test.EvalInput.SpikesHeldin.Trials, group.Value.EvalRatesHeldin.Trials);
        Assert.Equal(test.TrainInput.SpikesHeldin.Trials, group.Value.TrainRatesHeldin.Trials);
        Assert.NotNull(group.Value.EvalRatesHeldoutForward);
        Assert.False(File.Exists(temp.File("submission/scores.json")));
    }
}
