using System.Diagnostics;
using System.Globalization;
using Blend.Experiments.Sweeps;
using Blend.Tests.Data;
using Blend.Tests.Experiments;
using Blend.Tests.Training;

namespace Blend.Tests.Cli;

/// <summary>
/// <c>blend sweep</c> with the local executor: worker processes run the cells, cells of one seed share one baseline and
/// teacher, a rerun reuses every finished cell, and a sweep stopped by SIGTERM (every process of it) continues without
/// retraining its finished cells, to the table of an uninterrupted sweep.
/// </summary>
[Collection(TorchTrainingCollection.Name)]
public sealed class SweepRunTests
{
    /// <summary>A 2-seed × 2-strategy sweep of the tiny conv model on the shared tiny dataset.</summary>
    internal static string SweepYaml(int epochs) => $"""
        data: {BlendExperimentTests.DataFolder.Value}
        set:
          model.architecture: conv
          model.layers: 1
          model.hidden_size: 16
          training.epochs: {epochs}
          training.val_interval: 1
          training.batch_size: 8
          training.warmup: 1
          training.lr: 3e-3
          training.threads: 1
        grid:
          distillation.strategies: [hard, soft]
        seeds: [100, 101]
        slurm:
          cpus_per_task: 1
          time: "00:10:00"
        """;

    internal static string WriteSweep(TempFolder temp, int epochs)
    {
        string path = temp.File("sweep.yaml");
        File.WriteAllText(path, SweepYaml(epochs));
        return path;
    }

    /// <summary>The table of an uninterrupted sweep of <see cref="SweepYaml"/> with <paramref name="epochs"/> epochs, run by one worker.</summary>
    internal static string ReferenceTable(int epochs) => References.GetOrAdd(epochs, e =>
    {
        var temp = new TempFolder(); // kept for the test run: the references are read by several tests
        var result = CliRunner.Run("sweep", WriteSweep(temp, e), "--out", temp.File("reference"), "--workers", "1");
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        return File.ReadAllText(Path.Combine(temp.File("reference"), "sweep-results.md"));
    });

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, string> References = new();

    [Fact]
    public void TwoWorkersRunTheCellsSharingEachSeedsBaselineAndTeacherAndARerunReusesThem()
    {
        using var temp = new TempFolder();
        string sweep = WriteSweep(temp, 20);
        string output = temp.File("sweep");
        var result = CliRunner.Run("sweep", sweep, "--out", output, "--workers", "2");
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        Assert.Contains("4 cells (1 family × 2 setting(s) × seeds; 2 baseline/teacher pair(s) shared among them)", result.Stdout);
        Assert.Contains("Running 4 cell(s) on 2 local worker process(es) × 1 thread(s)", result.Stdout);
        Assert.Contains("[4/4] done", result.Stdout);
        string table = File.ReadAllText(Path.Combine(output, "sweep-results.md"));
        Assert.Contains("4 of 4 cells finished", table);
        foreach (string row in new[] { "| conv | baseline | — | 2 |", "| conv | student-hard | strategies=hard | 2 |", "| conv | student-soft | strategies=soft | 2 |",
                     "| conv | BLEND (distill-best) | student-", "| conv | *teacher (sees behavior)* | — | 2 |", "|  | smoothing | — | 1 |" })
            Assert.Contains(row, table);
        Assert.Equal(ReferenceTable(20), table); // one worker or two: the same models

        // Each seed's baseline and teacher trained once, by one of its two cells, and copied by the other.
        string logs = string.Concat(Directory.GetFiles(Path.Combine(output, "logs")).Select(File.ReadAllText));
        Assert.Equal(4, Count(logs, "shared with the other cells of its setting"));
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(output, "trunks")).Length);
        var runs = Directory.GetDirectories(Path.Combine(output, "cells")).Select(c => File.ReadAllText(Path.Combine(c, "seed0", "baseline", "run.json")))
            .GroupBy(text => text).Select(g => g.Count()).Order().ToArray();
        Assert.Equal([2, 2], runs);

        var status = CliRunner.Run("sweep", "status", output);
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("4 cells: 4 done", status.Stdout);
        Assert.Contains("strategies=soft  101   done   3/3 models", status.Stdout);

        var again = CliRunner.Run("sweep", sweep, "--out", output, "--workers", "2");
        Assert.True(again.ExitCode == 0, again.Stderr + again.Stdout);
        Assert.Contains("4 cell(s) finished before; 0 to run", again.Stdout);
        Assert.DoesNotContain("started", again.Stdout);
        Assert.Equal(table, File.ReadAllText(Path.Combine(output, "sweep-results.md")));
    }

    [Fact]
    public async Task ASweepStoppedBySigtermContinuesWithoutRetrainingItsFinishedCells()
    {
        const int epochs = 300;
        using var temp = new TempFolder();
        string sweep = WriteSweep(temp, epochs);
        string output = temp.File("sweep");
        var folder = new SweepFolder(output);
        using var process = SignalTests.Start("sweep", sweep, "--out", output, "--workers", "2");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        // Wait until the first two cells (one per seed, each training its seed's baseline and teacher) have finished and a
        // cell of the second wave is part-way through training its student (its checkpoint written).
        while (!(Directory.Exists(Path.Combine(output, "cells")) &&
                 Directory.GetFiles(Path.Combine(output, "cells"), "results.json", SearchOption.AllDirectories).Length >= 2 &&
                 Directory.GetDirectories(Path.Combine(output, "cells"), "*.incomplete")
                     .Any(d => Directory.GetFiles(d, "last.pt", SearchOption.AllDirectories).Any(f => f.Contains("student-", StringComparison.Ordinal)))))
        {
            if (process.HasExited) Assert.Fail($"the sweep ended before it could be stopped: {await stderr}{await stdout}");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(4), "timed out waiting for two finished cells and one in progress");
            Thread.Sleep(20);
        }
        // SIGTERM to every process of the sweep, as a shell's kill or a scheduler does.
        var processes = SweepProcesses(output).Append(process.Id).Distinct().ToList();
        Assert.True(processes.Count >= 2, "expected the sweep and its worker processes");
        foreach (int pid in processes) Process.Start("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
        Assert.True(process.WaitForExit(120_000));
        Assert.True(process.ExitCode == 143, await stdout + await stderr);
        Assert.Contains("run the same blend sweep command again to continue", await stdout);
        var waited = Stopwatch.StartNew();
        while (SweepProcesses(output).Any() && waited.Elapsed < TimeSpan.FromSeconds(60)) Thread.Sleep(50);
        Assert.Empty(SweepProcesses(output));

        var plan = SweepPlan.Read(folder);
        var states = SweepStatus.Of(folder, plan);
        var finished = states.Where(s => s.State == SweepCellState.Done).Select(s => s.Cell.Id).ToList();
        Assert.NotEmpty(finished);
        Assert.True(states.Any(s => s.State == SweepCellState.Interrupted),
            string.Join(", ", states.Select(s => s.State)) + await stdout + string.Concat(states.Where(s => File.Exists(folder.Log(s.Cell.Id))).Select(s => File.ReadAllText(folder.Log(s.Cell.Id)))));
        var finishedAt = finished.ToDictionary(id => id, id => File.GetLastWriteTimeUtc(Path.Combine(folder.Cell(id), "results.json")));

        var resumed = CliRunner.Run("sweep", sweep, "--out", output, "--workers", "2");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr + resumed.Stdout);
        Assert.Contains($"{finished.Count} cell(s) finished before; {4 - finished.Count} to run", resumed.Stdout);
        foreach (string id in finished)
        {
            Assert.Equal(finishedAt[id], File.GetLastWriteTimeUtc(Path.Combine(folder.Cell(id), "results.json")));
            Assert.Equal(1, Count(File.ReadAllText(folder.Log(id)), "Sweep cell"));
            Assert.DoesNotContain($"started  {id}", resumed.Stdout);
        }
        Assert.Equal(ReferenceTable(epochs), File.ReadAllText(Path.Combine(output, "sweep-results.md")));
    }

    /// <summary>The <c>blend sweep-cell</c> processes working on the sweep in <paramref name="output"/>.</summary>
    internal static IEnumerable<int> SweepProcesses(string output)
    {
        foreach (var process in Process.GetProcesses())
        {
            string commandLine;
            try { commandLine = File.ReadAllText($"/proc/{process.Id}/cmdline").Replace('\0', ' '); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            if (commandLine.Contains("sweep-cell", StringComparison.Ordinal) && commandLine.Contains(output, StringComparison.Ordinal)) yield return process.Id;
        }
    }

    private static int Count(string text, string what) => (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;
}
