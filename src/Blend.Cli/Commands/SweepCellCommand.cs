using System.CommandLine;
using Blend.Data;
using Blend.Experiments.Sweeps;

namespace Blend.Cli.Commands;

/// <summary>
/// <c>blend sweep-cell DIR --cell ID</c> (hidden): runs one cell of a planned sweep (<see cref="SweepCellRun"/>) — what
/// each local worker and each Slurm array task runs. SIGTERM (Slurm's time limit, <c>scancel</c>) stops it at a step
/// boundary with its checkpoints kept; running it again continues the cell. A cell that has finished or that another
/// process is running is left alone (exit 0).
/// </summary>
public static class SweepCellCommand
{
    private const string Name = "sweep-cell";

    /// <summary>The arguments that run cell <paramref name="id"/> of the sweep in <paramref name="folder"/>.</summary>
    internal static IEnumerable<string> Arguments(string folder, string id, bool stopWithInput) =>
        [Name, folder, "--cell", id, .. stopWithInput ? new[] { "--stop-with-input" } : []];

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var folder = new Argument<DirectoryInfo>("DIR") { Description = "The sweep folder (blend sweep … --out DIR)." };
        var cell = CliOptions.Required<string>("--cell", "The cell's id (blend sweep status DIR lists them).");
        var stopWithInput = CliOptions.Optional<bool>("--stop-with-input", "Stop, like Ctrl-C, when standard input closes (the local executor's way to stop its workers).");
        var command = new Command(Name, "Run one cell of a sweep (what local workers and Slurm tasks run).") { folder, cell, stopWithInput };
        command.Hidden = true;
        command.SetAction(parsed =>
        {
            var sweep = new SweepFolder(parsed.GetValue(folder)!.ToString());
            string id = parsed.GetValue(cell)!;
            var definition = SweepPlan.ReadCell(sweep, id);
            TorchThreads.Apply(definition.ExperimentConfig(sweep.CellDefinition(id)).Training.Training.Threads);
            stdout.WriteLine($"Sweep cell {id}: {definition.Family} {definition.Label()} seed {definition.Seed} ({DateTime.Now:yyyy-MM-dd HH:mm:ss}, pid {Environment.ProcessId})");
            using var ctrlC = new CtrlC(stdout);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ctrlC.Token);
            if (parsed.GetValue(stopWithInput)) RunStepCommand.WatchStandardInput(stop);
            try
            {
                var outcome = ExperimentProgress.Run(stdout, observer => new Outcome(SweepCellRun.Run(sweep, id, observer, stop.Token)));
                stdout.WriteLine(outcome.Results is null ? $"Cell {id} had finished before; nothing to do" : $"Cell {id} done: {sweep.Cell(id)}");
                return ExitCodes.Success;
            }
            catch (SweepCellBusyException busy)
            {
                stdout.WriteLine($"{busy.Message}; nothing to do here");
                return ExitCodes.Success;
            }
            catch (OperationCanceledException)
            {
                stdout.WriteLine($"Interrupted; cell {id} keeps its finished models and checkpoints in {ResumableDirectory.IncompletePath(sweep.Cell(id))}; running the sweep again continues it");
                return ExitCodes.ForInterruption();
            }
        });
        return command;
    }

    /// <summary>What the cell's run returned: its results, or null when it had finished before.</summary>
    private sealed record Outcome(Blend.Evaluation.Results.ExperimentResults? Results);
}
