using System.Diagnostics;
using Blend.Evaluation.Results;
using Blend.Tests.Data;
using Blend.Tests.Experiments;
using Blend.Tests.Training;

namespace Blend.Tests.Cli;

/// <summary>
/// <c>blend run --resume</c>: an experiment stopped by SIGTERM or killed with SIGKILL keeps its finished models and the
/// interrupted one's checkpoints in <c>&lt;out&gt;.incomplete</c>; resuming gives the metrics of an uninterrupted run.
/// </summary>
[Collection(TorchTrainingCollection.Name)]
public sealed class RunResumeTests
{
    private static string[] Arguments(string output, int workers = 1) =>
        ["run", "--data", BlendExperimentTests.DataFolder.Value, "--out", output, "--seeds", "2", "--strategies", "hard,soft", "--workers", $"{workers}",
         .. BlendExperimentTests.Tiny.Where(s => !s.StartsWith("training.epochs")).SelectMany(s => new[] { "--set", s }), "--set", "training.epochs=40"];

    private static Dictionary<string, IReadOnlyDictionary<string, double>> Metrics(string folder) =>
        ExperimentResults.FromJson(File.ReadAllText(Path.Combine(folder, "results.json"))).Models
            .SelectMany(m => m.Runs.Select(r => ($"{m.Model} {r.Seed}", r.Metrics)))
            .ToDictionary(p => p.Item1, p => p.Metrics);

    private static readonly Lazy<Dictionary<string, IReadOnlyDictionary<string, double>>> Uninterrupted = new(() =>
    {
        string folder = Path.Combine(Directory.CreateTempSubdirectory("blend-resume-ref-").FullName, "exp");
        var result = CliRunner.Run(Arguments(folder));
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        return Metrics(folder);
    });

    [Theory]
    [InlineData("TERM", "seed0/teacher/run.json", 1)]   // after two finished models
    [InlineData("KILL", "seed1/baseline/checkpoints/last.pt", 1)] // in the middle of a model, with no chance to clean up
    // Two worker processes: SIGTERM to the parent stops both workers at a checkpoint; the resumed run, with workers
    // again, equals the uninterrupted one-process run.
    [InlineData("TERM", "seed0/student-hard/checkpoints/last.pt", 2)]
    public async Task AnInterruptedRunResumesToTheUninterruptedMetrics(string signal, string waitFor, int workers)
    {
        using var temp = new TempFolder();
        string output = temp.File("exp");
        string incomplete = output + ".incomplete";
        string stdout = await SignalTests.Interrupt(Arguments(output, workers), output, Path.Combine(incomplete, waitFor), signal);
        if (signal == "TERM") Assert.Contains("continue with the same command and --resume", stdout);
        if (workers > 1)
        {
            Assert.Contains("2 at once (2 worker processes × 1 thread)", stdout);
            Assert.DoesNotContain(System.Diagnostics.Process.GetProcesses(), p => WorkerOf(p, incomplete)); // every worker stopped too
        }

        var again = CliRunner.Run(Arguments(output, workers));
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("an interrupted run is in exp.incomplete; continue it with --resume", again.Stderr);

        var resumed = CliRunner.Run([.. Arguments(output, workers), "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.Stderr + resumed.Stdout);
        Assert.Contains("reusing baseline of seed 100", resumed.Stdout);
        Assert.False(Directory.Exists(incomplete));
        var metrics = Metrics(output);
        Assert.Equal(Uninterrupted.Value.Keys.Order(), metrics.Keys.Order());
        foreach (var (model, expected) in Uninterrupted.Value)
            Assert.Equal(expected.OrderBy(p => p.Key), metrics[model].OrderBy(p => p.Key));
    }

    /// <summary>Whether <paramref name="process"/> is a <c>blend run-step</c> worker of the experiment in <paramref name="folder"/>.</summary>
    private static bool WorkerOf(System.Diagnostics.Process process, string folder)
    {
        try
        {
            string commandLine = File.ReadAllText($"/proc/{process.Id}/cmdline").Replace('\0', ' ');
            return commandLine.Contains("run-step", StringComparison.Ordinal) && commandLine.Contains(folder, StringComparison.Ordinal);
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    [Fact]
    public void WorkersGiveTheMetricsOfOneProcess()
    {
        using var temp = new TempFolder();
        string output = temp.File("exp");
        var result = CliRunner.Run(Arguments(output, workers: 2));
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        Assert.Contains("2 at once (2 worker processes × 1 thread)", result.Stdout);
        // Every model's line reached this process's progress log from its worker.
        foreach (string model in new[] { "baseline", "teacher (sees behavior)", "student-hard", "student-soft" })
            Assert.Equal(2, result.Stdout.Split('\n').Count(l => l.Contains($"  {model}  ", StringComparison.Ordinal) && l.Contains("epochs (best", StringComparison.Ordinal)));
        var metrics = Metrics(output);
        Assert.Equal(Uninterrupted.Value.Keys.Order(), metrics.Keys.Order());
        foreach (var (model, expected) in Uninterrupted.Value)
            Assert.Equal(expected.OrderBy(p => p.Key), metrics[model].OrderBy(p => p.Key));
    }

    [Fact]
    public void ResumeRefusesADifferentConfigOrDataAndNeedsSomethingToResume()
    {
        using var temp = new TempFolder();
        string output = temp.File("exp");
        var nothing = CliRunner.Run([.. Arguments(output), "--resume"]);
        Assert.Equal(2, nothing.ExitCode);
        Assert.Contains("nothing to resume", nothing.Stderr);

        // An interrupted experiment's folder, as a SIGTERM leaves it (the config and data fingerprint come first).
        Directory.CreateDirectory(output + ".incomplete");
        var first = CliRunner.Run([.. Arguments(output), "--resume", "--time-limit", "1s"]);
        Assert.True(first.ExitCode == 0, first.Stderr + first.Stdout);
        Directory.Move(output, output + ".incomplete-copy");
        Directory.Move(output + ".incomplete-copy", output + ".incomplete");
        var otherConfig = CliRunner.Run([.. Arguments(output), "--resume", "--alpha", "0.25"]);
        Assert.Equal(2, otherConfig.ExitCode);
        Assert.Contains("--resume with a different config than the interrupted experiment's (alpha: 0.25 now, alpha: 0.5 then)", otherConfig.Stderr);
        Assert.True(Directory.Exists(output + ".incomplete"));
    }

    [Fact]
    public async Task AnInterruptedDemoResumesWithDemoResume()
    {
        using var temp = new TempFolder();
        string demo = temp.File("demo");
        string[] quick = ["demo", "--out", demo, "--set", "training.epochs=10", "--set", "training.val_interval=1", "--set", "experiment.seeds=1", "--threads", "1"];
        var nothing = CliRunner.Run([.. quick, "--resume"]);
        Assert.Equal(2, nothing.ExitCode);
        Assert.Contains("no interrupted demo to resume", nothing.Stderr);

        using var process = SignalTests.Start(quick);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        while (!Directory.Exists(demo) || !Directory.EnumerateFiles(demo, "run.json", SearchOption.AllDirectories).Any(f => f.Contains("baseline")))
        {
            if (process.HasExited) Assert.Fail($"the demo ended before it could be interrupted: {await stdout}");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), "timed out waiting for the demo");
            Thread.Sleep(20);
        }
        Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        Assert.True(process.WaitForExit(120_000));
        Assert.Equal(143, process.ExitCode);
        Assert.Contains($"continue with blend demo --out {demo} --resume", await stdout);

        var resumed = CliRunner.Run([.. quick, "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.Stderr + resumed.Stdout);
        Assert.Contains("reusing baseline of seed 100", resumed.Stdout);
        string run = Assert.Single(Directory.GetDirectories(demo, "run-*"));
        Assert.True(File.Exists(Path.Combine(run, "results.json")));
    }
}
