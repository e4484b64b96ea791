using System.Diagnostics;
using Blend.Tests.Data;
using Blend.Tests.Experiments;
using Blend.Tests.Training;

namespace Blend.Tests.Cli;

/// <summary>
/// SIGTERM (Slurm's time limit, systemd, <c>timeout</c>) is handled like Ctrl-C, in a real <c>blend</c> process: training
/// stops at a step boundary with its checkpoints intact, says how to continue and exits 143; an experiment leaves no
/// hidden staging folder, only the <c>.incomplete</c> folder <c>--resume</c> continues; a staging folder a killed process
/// left behind is removed by the next write to the same place.
/// </summary>
[Collection(TorchTrainingCollection.Name)]
public sealed class SignalTests
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "Blend.Cli.dll");

    /// <summary>A real <c>blend</c> process (the test build's CLI) with its output captured.</summary>
    internal static Process Start(params string[] args)
    {
        // A test host may ignore SIGTERM, and an ignored signal stays ignored across exec: env resets it to the default
        // disposition, as a shell, Slurm or systemd starts blend.
        var info = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "--default-signal=TERM,INT", "dotnet", Cli }) info.ArgumentList.Add(a);
        foreach (string a in args) info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }

    /// <summary>
    /// Starts blend with <paramref name="args"/>, waits until <paramref name="waitFor"/> exists (a file of the run in
    /// progress), sends <paramref name="signal"/> (TERM or KILL) and checks the exit code (143 / 137) and that the
    /// interrupted experiment's <c>&lt;output&gt;.incomplete</c> is kept and no <paramref name="output"/> was written;
    /// returns what the process printed.
    /// </summary>
    internal static async Task<string> Interrupt(string[] args, string output, string waitFor, string signal)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        while (!File.Exists(waitFor))
        {
            if (process.HasExited) Assert.Fail($"the command ended before it could be interrupted: {await stderr}{await stdout}");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"timed out waiting for {waitFor}");
            Thread.Sleep(10);
        }
        Process.Start("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        Assert.True(process.WaitForExit(120_000));
        Assert.Equal(signal == "TERM" ? 143 : 137, process.ExitCode);
        Assert.True(Directory.Exists(output + ".incomplete"));
        Assert.False(Directory.Exists(output));
        return await stdout;
    }

    private static void Terminate(Process process)
    {
        var info = new ProcessStartInfo("kill") { RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-TERM");
        info.ArgumentList.Add(process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var kill = Process.Start(info)!;
        string error = kill.StandardError.ReadToEnd();
        kill.WaitForExit();
        Assert.True(kill.ExitCode == 0, $"kill -TERM {process.Id}: {error}");
    }

    private static (int Code, string Stdout, string Stderr) Finish(Process process)
    {
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "the process did not end within 2 minutes of the signal");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static void WaitFor(Func<bool> condition, Process process)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (process.HasExited) Assert.Fail($"the process ended early: {process.StandardError.ReadToEnd()}");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "timed out waiting for the process");
            Thread.Sleep(100);
        }
    }

    [Fact]
    public void SigtermStopsTrainingWithItsCheckpointsAndResumeFinishes()
    {
        using var temp = new TempFolder();
        string run = temp.File("run");
        string[] settings = [.. BlendExperimentTests.Tiny.Where(s => !s.StartsWith("training.epochs")).SelectMany(s => new[] { "--set", s }),
            "--set", "training.epochs=2000"];
        var process = Start(["train", "--data", BlendExperimentTests.DataFolder.Value, "--out", run, .. settings]);
        string last = Path.Combine(run, "checkpoints", "last.pt");
        WaitFor(() => File.Exists(last), process);
        Terminate(process);
        var (code, stdout, stderr) = Finish(process);
        Assert.True(code == 143, $"exit {code}: {stderr}{stdout}");
        Assert.Contains("Interrupted; continue with: blend train", stdout);
        Assert.True(File.Exists(last));
        Assert.Empty(Directory.GetFiles(Path.Combine(run, "checkpoints"), "*.tmp-*"));

        var resumed = CliRunner.Run(["train", "--data", BlendExperimentTests.DataFolder.Value, "--out", run, "--resume", "--max-epochs", "40"]);
        Assert.True(resumed.ExitCode == 0, resumed.Stderr + resumed.Stdout);
        Assert.Contains("Stopped by --max-epochs", resumed.Stdout);
    }

    [Fact]
    public void SigtermStopsAnExperimentKeepingWhatResumeNeeds()
    {
        using var temp = new TempFolder();
        string[] settings = [.. BlendExperimentTests.Tiny.Where(s => !s.StartsWith("training.epochs")).SelectMany(s => new[] { "--set", s }),
            "--set", "training.epochs=2000"];
        var process = Start(["run", "--data", BlendExperimentTests.DataFolder.Value, "--out", temp.File("exp"), "--seeds", "1", "--strategies", "hard", .. settings]);
        WaitFor(() => Directory.EnumerateFiles(temp.Path, "last.pt", SearchOption.AllDirectories).Any(), process);
        Terminate(process);
        var (code, stdout, stderr) = Finish(process);
        Assert.True(code == 143, $"exit {code}: {stderr}{stdout}");
        Assert.Contains("continue with the same command and --resume", stdout);
        Assert.Equal(["exp.incomplete"], temp.Entries()); // no hidden staging folder beside it
    }

    [Fact]
    public void AStagingFolderOfADeadProcessIsRemovedByTheNextRun()
    {
        using var temp = new TempFolder();
        // What kill -9 of a command writing `exp` atomically (blend synth, predict, smooth …) leaves: a hidden staging folder
        // whose process is gone (ids above pid_max never exist).
        string abandoned = temp.File(".exp.tmp-99999999-0123456789abcdef");
        Directory.CreateDirectory(Path.Combine(abandoned, "seed0", "baseline"));
        File.WriteAllText(Path.Combine(abandoned, "seed0", "baseline", "metrics.jsonl"), "{}\n");
        string legacy = temp.File(".exp.tmp-0123456789abcdef0123456789abcdef");
        Directory.CreateDirectory(legacy);
        // A live process's staging folder (this one's) is not touched.
        string live = temp.File($".exp.tmp-{Environment.ProcessId}-fedcba9876543210");
        Directory.CreateDirectory(live);
        var result = CliRunner.Run("synth", "--preset", "demo", "--train-trials", "24", "--eval-trials", "12", "--out", temp.File("exp"));
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        Assert.False(Directory.Exists(abandoned));
        Assert.False(Directory.Exists(legacy));
        Assert.True(Directory.Exists(live));
        Assert.True(File.Exists(temp.File("exp/train_input.h5")));
    }
}
