using System.Diagnostics;
using System.Text.Json.Nodes;
using Blend.Evaluation.Results;
using Blend.Experiments.Identity;
using Blend.Tests.Data;
using Blend.Tests.Training;

namespace Blend.Tests.Cli;

/// <summary>
/// <c>blend identity --resume</c> and <c>--time-limit</c>: an identity experiment stopped by SIGTERM or killed with SIGKILL
/// keeps its finished models and the interrupted one's checkpoint; resuming gives the results of an uninterrupted run.
/// </summary>
[Collection(TorchTrainingCollection.Name)]
public sealed class IdentityResumeTests
{
    private static readonly Lazy<string> Data = new(() =>
    {
        string folder = Path.Combine(Directory.CreateTempSubdirectory("blend-identity-resume-").FullName, "bugeon");
        var result = CliRunner.Run("synth", "bugeon", "--out", folder, "--size", "ci");
        Assert.True(result.ExitCode == 0, result.Stderr);
        return folder;
    });

    private static string[] Arguments(string output) =>
    [
        "identity", "--data", Data.Value, "--out", output,
        "--set", "model.feedforward_dim=16", "--set", "model.embedding_dim=8", "--set", "model.activity_dim=5",
        "--set", "training.steps=60", "--set", "training.steps_per_epoch=10", "--set", "training.refit_steps=20",
        "--set", "training.neurons_per_step=24", "--set", "training.window=16", "--set", "classifier.epochs=20",
        "--set", "classifier.hidden=16", "--seeds", "2", "--threads", "1", "--strategies", "hard,feature", "--classifiers", "knn,linear",
        "--set", "experiment.primary_classifier=linear",
    ];

    /// <summary>results.json without what differs between any two runs (timings, the command line).</summary>
    private static string Results(string folder)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, IdentityExperiment.ResultsFile)))!;
        void Strip(JsonNode? node)
        {
            if (node is JsonObject obj)
            {
                obj.Remove("seconds");
                obj.Remove("command");
                foreach (var (_, child) in obj.ToList()) Strip(child);
            }
            else if (node is JsonArray array) foreach (var child in array) Strip(child);
        }
        Strip(json);
        return json.ToJsonString();
    }

    private static readonly Lazy<string> Uninterrupted = new(() =>
    {
        string folder = Path.Combine(Directory.CreateTempSubdirectory("blend-identity-ref-").FullName, "run");
        var result = CliRunner.Run(Arguments(folder));
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        return Results(folder);
    });

    [Theory]
    [InlineData("TERM", "seed0/teacher/run.json")]                     // after two finished models
    [InlineData("KILL", "seed1/student-hard/checkpoints/last.pt")]      // in the middle of a student, with no chance to clean up
    public async Task AnInterruptedIdentityExperimentResumesToTheUninterruptedResults(string signal, string waitFor)
    {
        _ = Uninterrupted.Value;
        using var temp = new TempFolder();
        string output = temp.File("run");
        string incomplete = output + ".incomplete";
        string stdout = await SignalTests.Interrupt(Arguments(output), output, Path.Combine(incomplete, waitFor), signal);
        if (signal == "TERM") Assert.Contains("continue with the same command and --resume", stdout);

        var resumed = CliRunner.Run([.. Arguments(output), "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.Stderr + resumed.Stdout);
        Assert.Contains("reusing baseline of seed 0", resumed.Stdout);
        Assert.False(Directory.Exists(incomplete));
        Assert.Equal(Uninterrupted.Value, Results(output));
    }

    [Fact]
    public void ResumeRefusesADifferentConfigOrDataAndNeedsAnOutFolder()
    {
        using var temp = new TempFolder();
        string output = temp.File("run");
        var noOut = CliRunner.Run([.. Arguments(output).Where((a, i) => a != "--out" && (i == 0 || Arguments(output)[i - 1] != "--out")), "--resume"]);
        Assert.Equal(2, noOut.ExitCode);
        Assert.Contains("--resume needs the --out of the interrupted experiment", noOut.Stderr);
        var nothing = CliRunner.Run([.. Arguments(output), "--resume"]);
        Assert.Equal(2, nothing.ExitCode);
        Assert.Contains("nothing to resume", nothing.Stderr);

        // An interrupted experiment's folder: its config and data fingerprint are recorded first.
        Directory.CreateDirectory(output + ".incomplete");
        var first = CliRunner.Run([.. Arguments(output), "--resume", "--time-limit", "2s"]);
        Assert.True(first.ExitCode == 0, first.Stderr + first.Stdout);
        Directory.Move(output, output + ".incomplete");
        var otherConfig = CliRunner.Run([.. Arguments(output), "--resume", "--set", "training.lr=0.01"]);
        Assert.Equal(2, otherConfig.ExitCode);
        Assert.Contains("--resume with a different config than the interrupted experiment's (lr: 0.01 now, lr: 0.001 then)", otherConfig.Stderr);

        // Another dataset of the same layout: a session file changed since the experiment started.
        string copy = temp.File("copy");
        TempFolder.CopyFolder(Data.Value, copy);
        string activity = Directory.EnumerateFiles(copy, "*.npy", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        var bytes = File.ReadAllBytes(activity);
        bytes[^1] ^= 1;
        File.WriteAllBytes(activity, bytes);
        var otherData = CliRunner.Run([.. Arguments(output).Select(a => a == Data.Value ? copy : a), "--resume"]);
        Assert.Equal(2, otherData.ExitCode);
        Assert.Contains("--resume with different data", otherData.Stderr);
        Assert.Contains(Path.GetRelativePath(copy, activity).Replace(Path.DirectorySeparatorChar, '/'), otherData.Stderr);
        Assert.True(Directory.Exists(output + ".incomplete"));
    }

    [Fact]
    public void ATimeLimitStopsEveryModelWithinItsShareAndSaysSo()
    {
        using var temp = new TempFolder();
        string output = temp.File("run");
        var clock = Stopwatch.StartNew();
        var result = CliRunner.Run([.. Arguments(output).Select(a => a == "training.steps=60" ? "training.steps=100000" : a), "--time-limit", "8s"]);
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120), $"took {clock.Elapsed}");
        Assert.Contains("used its share of --time-limit after", result.Stdout);
        var results = IdentityResults.FromJson(File.ReadAllText(Path.Combine(output, IdentityExperiment.ResultsFile)));
        var runs = results.Models.SelectMany(m => m.Training).ToList();
        Assert.Equal(8, runs.Count);
        Assert.All(runs, r => Assert.Equal("time_limit", r.StopReason));
    }
}
