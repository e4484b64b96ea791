using System.Diagnostics;
using System.Text.RegularExpressions;
using Blend.Experiments.Sweeps;
using Blend.Tests.Data;
using Blend.Tests.Training;

namespace Blend.Tests.Cli;

/// <summary>
/// <c>blend sweep --executor slurm</c> against a real one-node Slurm cluster started for the test: the sweep becomes one
/// job array whose tasks run the cells, and its collected table equals the local executor's; a job cancelled with
/// <c>scancel</c> (SIGTERM to its tasks, as at a time limit) continues when the sweep is submitted again, without
/// retraining the cells that had finished.
/// </summary>
[Collection(TorchTrainingCollection.Name)]
public sealed class SlurmSweepTests
{
    [SlurmFact]
    public void ASweepRunAsASlurmJobArrayGivesTheLocalExecutorsTable()
    {
        SlurmCluster.EnsureInstalled();
        using var temp = new TempFolder();
        string sweep = SweepRunTests.WriteSweep(temp, 20);
        string output = temp.File("sweep");

        var dry = CliRunner.Run("sweep", sweep, "--out", output, "--executor", "slurm", "--dry-run", "--mem", "1G");
        Assert.True(dry.ExitCode == 0, dry.Stderr + dry.Stdout);
        foreach (string line in new[] { "#SBATCH --array=0-3", "#SBATCH --cpus-per-task=1", "#SBATCH --time=00:10:00", "#SBATCH --mem=1G", "sweep-cell" })
            Assert.Contains(line, dry.Stdout);
        Assert.False(Directory.Exists(output)); // a dry run writes nothing

        using var cluster = SlurmCluster.Start(temp.File("slurm"));
        var result = CliRunner.Run("sweep", sweep, "--out", output, "--executor", "slurm", "--wait");
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout + TaskOutput(output));
        Assert.Matches(@"Submitted Slurm job \d+: 4 array task\(s\)", result.Stdout);
        Assert.Equal(4, Directory.GetFiles(Path.Combine(output, "slurm"), "*.out").Length);
        Assert.Single(Directory.GetFiles(Path.Combine(output, "slurm"), "*.sbatch"));
        Assert.Contains("4 cells: 4 done", CliRunner.Run("sweep", "status", output).Stdout);
        Assert.Equal(SweepRunTests.ReferenceTable(20), File.ReadAllText(Path.Combine(output, "sweep-results.md")));

        // Submitting it again submits nothing: every cell is done.
        var again = CliRunner.Run("sweep", sweep, "--out", output, "--executor", "slurm", "--wait");
        Assert.True(again.ExitCode == 0, again.Stderr + again.Stdout);
        Assert.Contains("4 cell(s) finished before; 0 to run", again.Stdout);
        Assert.DoesNotContain("Submitted", again.Stdout);
    }

    [SlurmFact]
    public void AScancelledSweepContinuesWhenSubmittedAgainWithoutRetrainingFinishedCells()
    {
        const int epochs = 300;
        SlurmCluster.EnsureInstalled();
        using var temp = new TempFolder();
        string sweep = SweepRunTests.WriteSweep(temp, epochs);
        string output = temp.File("sweep");
        var folder = new SweepFolder(output);
        string reference = SweepRunTests.ReferenceTable(epochs); // before the cluster runs anything, so the two do not share the cores
        using var cluster = SlurmCluster.Start(temp.File("slurm"));

        var submitted = CliRunner.Run("sweep", sweep, "--out", output, "--executor", "slurm");
        Assert.True(submitted.ExitCode == 0, submitted.Stderr + submitted.Stdout);
        string job = Regex.Match(submitted.Stdout, @"Submitted Slurm job (\d+)").Groups[1].Value;
        Assert.NotEmpty(job);
        var clock = Stopwatch.StartNew();
        while (!(Directory.GetFiles(Path.Combine(output, "cells"), "results.json", SearchOption.AllDirectories).Length >= 2 &&
                 Directory.GetDirectories(Path.Combine(output, "cells"), "*.incomplete")
                     .Any(d => Directory.GetFiles(d, "last.pt", SearchOption.AllDirectories).Any(f => f.Contains("student-", StringComparison.Ordinal)))))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(4), "timed out waiting for two finished cells and one in progress" + TaskOutput(output));
            Thread.Sleep(50);
        }
        var (code, said) = SlurmCluster.Run("scancel", job);
        Assert.True(code == 0, said);
        while (SlurmCluster.Run("squeue", "-h", "-j", job).Output.Trim().Length > 0 || SweepRunTests.SweepProcesses(output).Any())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(5), "the cancelled job's tasks did not end");
            Thread.Sleep(200);
        }
        var states = SweepStatus.Of(folder, SweepPlan.Read(folder));
        var finished = states.Where(s => s.State == SweepCellState.Done).Select(s => s.Cell.Id).ToList();
        Assert.NotEmpty(finished);
        Assert.True(states.Any(s => s.State == SweepCellState.Interrupted), string.Join(", ", states.Select(s => s.State)) + TaskOutput(output));
        // The tasks were told to stop (SIGTERM) and said how to continue, checkpoints kept.
        Assert.Contains("Interrupted; cell", TaskOutput(output));
        var finishedAt = finished.ToDictionary(id => id, id => File.GetLastWriteTimeUtc(Path.Combine(folder.Cell(id), "results.json")));

        var resubmitted = CliRunner.Run("sweep", sweep, "--out", output, "--executor", "slurm", "--wait");
        Assert.True(resubmitted.ExitCode == 0, resubmitted.Stderr + resubmitted.Stdout + TaskOutput(output));
        Assert.Contains($"{finished.Count} cell(s) finished before; {4 - finished.Count} to run", resubmitted.Stdout);
        Assert.Contains($"{4 - finished.Count} array task(s)", resubmitted.Stdout);
        foreach (string id in finished)
            Assert.Equal(finishedAt[id], File.GetLastWriteTimeUtc(Path.Combine(folder.Cell(id), "results.json")));
        Assert.Equal(reference, File.ReadAllText(Path.Combine(output, "sweep-results.md")));
    }

    /// <summary>What the array's tasks and their cells printed, to explain a failure.</summary>
    private static string TaskOutput(string output) =>
        string.Concat(new[] { ("slurm", "*.out"), ("logs", "*.log") }
            .Where(p => Directory.Exists(Path.Combine(output, p.Item1)))
            .SelectMany(p => Directory.GetFiles(Path.Combine(output, p.Item1), p.Item2).Order())
            .Select(f => $"\n--- {Path.GetFileName(f)}\n{File.ReadAllText(f)}"));
}
