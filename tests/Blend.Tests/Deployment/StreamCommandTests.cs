using System.Globalization;
using System.Text;
using System.Text.Json;
using Blend.Data;
using Blend.Tests.Cli;
using Blend.Tests.Data;
using Blend.Tests.Training;

namespace Blend.Tests.Deployment;

/// <summary>
/// <c>blend stream</c>: a causal NDT trained by <c>blend train</c> answers each stdin line at once, and over a trial's bins
/// its rates are <c>blend predict</c>'s (the batch forward of the same trial); lines in recording or held-in order, JSON
/// or CSV, resets and bad lines; a non-causal bundle is refused.
/// </summary>
[Collection(TorchTrainingCollection.Name)]
public sealed class StreamCommandTests
{
    private static readonly string[] Causal =
    [
        "--set", "model.architecture=ndt", "--set", "model.layers=1", "--set", "model.heads=2", "--set", "model.hidden_size=16",
        "--set", "model.causal=true", "--set", "model.context_forward=0", "--set", "model.context_backward=6",
        "--set", "model.input_smoothing_bins=1", "--set", "model.readout_skip_bins=1", "--set", "model.readout_skip_rank=2",
        "--set", "training.epochs=4", "--set", "training.val_interval=2", "--set", "training.batch_size=8", "--set", "training.warmup=1",
        "--set", "training.threads=1",
    ];

    private static readonly Lazy<(string Data, string Run)> Trained = new(() =>
    {
        string root = Directory.CreateTempSubdirectory("blend-stream-").FullName;
        string data = Path.Combine(root, "synth"), run = Path.Combine(root, "run");
        Ok(CliRunner.Run("synth", "--out", data, "--train-trials", "24", "--eval-trials", "10", "--conditions", "4", "--heldin", "20",
            "--heldout", "8", "--bins", "30", "--forward-bins", "6", "--seed", "3"));
        Ok(CliRunner.Run(["train", "--data", data, "--out", run, .. Causal]));
        return (data, run);
    });

    private static CliRunner.Result Ok(CliRunner.Result result)
    {
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        return result;
    }

    [Fact]
    public void AStreamedTrialGetsBlendPredictsRatesBinByBin()
    {
        var (data, run) = Trained.Value;
        using var temp = new TempFolder();
        Ok(CliRunner.Run("predict", "--model", run, "--data", data, "--out", temp.File("predicted")));
        var predicted = NpyFile.Read(temp.File("predicted/eval_rates.npy")); // 10 × 36 × 28
        var eval = DatasetFileSet.Read(data).EvalInput.SpikesHeldin; // 10 × 30 × 20
        var input = new StringBuilder();
        for (int trial = 0; trial < 2; trial++)
        {
            for (int t = 0; t < 30; t++)
            {
                var counts = Enumerable.Range(0, 20).Select(c => eval[trial, t, c].ToString(CultureInfo.InvariantCulture));
                // Trial 0 as comma-separated held-in counts; trial 1 as JSON arrays of every neuron (held-out columns zero).
                input.AppendLine(trial == 0 ? string.Join(",", counts) : "[" + string.Join(",", counts.Concat(Enumerable.Repeat("0", 8))) + "]");
            }
            input.AppendLine(); // a new trial
        }
        var result = Ok(CliRunner.RunWithInput(input.ToString(), "stream", "--model", run, "--latents"));
        Assert.Contains("60 bins: latency per bin p50", result.Stderr);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(60, lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            using var json = JsonDocument.Parse(lines[i]);
            var root = json.RootElement;
            int trial = i / 30, t = i % 30;
            Assert.Equal(t, root.GetProperty("bin").GetInt64()); // the reset restarts the bin count
            Assert.Equal(2, root.GetProperty("behavior").GetArrayLength());
            Assert.Equal(28, root.GetProperty("latents").GetProperty("features").GetArrayLength());
            var rates = root.GetProperty("rates").EnumerateArray().Select(r => r.GetDouble()).ToArray();
            Assert.Equal(28, rates.Length);
            for (int n = 0; n < 28; n++)
            {
                double expected = predicted.Values[(trial * 36 + t) * 28 + n];
                Assert.True(Math.Abs(rates[n] - expected) <= 1e-4 * Math.Max(1, expected), $"trial {trial}, bin {t}, neuron {n}: {rates[n]} vs {expected}");
            }
        }
    }

    [Fact]
    public void ACausalLfadsTrainsAndStreamsAsItPredicts()
    {
        var (data, _) = Trained.Value;
        using var temp = new TempFolder();
        Ok(CliRunner.Run("train", "--data", data, "--out", temp.File("lfads"), "--set", "model.architecture=lfads", "--set", "lfads.causal=true",
            "--set", "lfads.ic_enc_dim=8", "--set", "lfads.ci_enc_dim=8", "--set", "lfads.con_dim=8", "--set", "lfads.co_dim=2", "--set", "lfads.ic_dim=6",
            "--set", "lfads.gen_dim=12", "--set", "lfads.fac_dim=4", "--set", "training.epochs=3", "--set", "training.val_interval=1",
            "--set", "training.batch_size=8", "--set", "training.threads=1"));
        Ok(CliRunner.Run("predict", "--model", temp.File("lfads"), "--data", data, "--out", temp.File("predicted")));
        var predicted = NpyFile.Read(temp.File("predicted/eval_rates.npy"));
        var eval = DatasetFileSet.Read(data).EvalInput.SpikesHeldin;
        var input = string.Join("\n", Enumerable.Range(0, 30).Select(t => string.Join(",", Enumerable.Range(0, 20).Select(c => eval[4, t, c].ToString(CultureInfo.InvariantCulture)))));
        var result = Ok(CliRunner.RunWithInput(input, "stream", "--model", temp.File("lfads"), "--format", "csv"));
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(31, lines.Length);
        for (int t = 0; t < 30; t++)
        {
            var rates = lines[t + 1].Split(',').Skip(3).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            for (int n = 0; n < 28; n++)
            {
                double expected = predicted.Values[(4 * 36 + t) * 28 + n];
                Assert.True(Math.Abs(rates[n] - expected) <= 1e-4 * Math.Max(1, expected), $"bin {t}, neuron {n}: {rates[n]} vs {expected}");
            }
        }
    }

    [Fact]
    public void CsvOutputAndBadInput()
    {
        var (_, run) = Trained.Value;
        string bin = string.Join(" ", Enumerable.Repeat("1", 20));
        var csv = Ok(CliRunner.RunWithInput($"{bin}\n{bin}\n", "stream", "--model", run, "--format", "csv"));
        var lines = csv.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("bin,behavior_0,behavior_1,rate_0,", lines[0]);
        Assert.Equal(1 + 2 + 28, lines[1].Split(',').Length);

        var wrongWidth = CliRunner.RunWithInput("1,2,3\n", "stream", "--model", run);
        Assert.Equal(2, wrongWidth.ExitCode);
        Assert.Contains("stdin line 1: 3 counts; give 28 (every neuron, recording order) or 20", wrongWidth.Stderr);
        var notNumbers = CliRunner.RunWithInput($"{bin}\nhello world\n", "stream", "--model", run);
        Assert.Equal(2, notNumbers.ExitCode);
        Assert.Contains("stdin line 2: not a list of numbers", notNumbers.Stderr);
        Assert.Single(notNumbers.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)); // bin 0 was answered before
        var negative = CliRunner.RunWithInput("-1," + string.Join(",", Enumerable.Repeat("0", 19)) + "\n", "stream", "--model", run);
        Assert.Equal(2, negative.ExitCode);
        Assert.Contains("finite and ≥ 0", negative.Stderr);
    }

    [Fact]
    public void ReplayingARecordingAnswersAsItsLinesOnStdin()
    {
        var (_, run) = Trained.Value;
        using var temp = new TempFolder();
        var random = new Random(2);
        var values = Enumerable.Range(0, 12 * 28).Select(_ => (double)random.Next(0, 3)).ToArray();
        NpyFile.Write(temp.File("recording.npy"), values, [12, 28]);
        var lines = string.Join("\n", Enumerable.Range(0, 12).Select(r => string.Join(",", values.Skip(r * 28).Take(28))));
        var piped = Ok(CliRunner.RunWithInput(lines, "stream", "--model", run));
        var replayed = Ok(CliRunner.Run("stream", "--model", run, "--replay", temp.File("recording.npy")));
        Assert.Equal(12, replayed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(piped.Stdout, replayed.Stdout);
    }

    [Fact]
    public void ANonCausalBundleIsRefused()
    {
        var (data, _) = Trained.Value;
        using var temp = new TempFolder();
        Ok(CliRunner.Run("train", "--data", data, "--out", temp.File("acausal"), "--set", "model.layers=1", "--set", "model.heads=2",
            "--set", "model.hidden_size=8", "--set", "training.epochs=2", "--set", "training.val_interval=1", "--set", "training.threads=1"));
        var result = CliRunner.RunWithInput("", "stream", "--model", temp.File("acausal"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("model.causal: true", result.Stderr);
    }
}
