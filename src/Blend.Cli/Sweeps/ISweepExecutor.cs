using Blend.Experiments.Sweeps;

namespace Blend.Cli.Sweeps;

/// <summary>What an executor runs: the sweep's cells still to do, in run order, and the command's options.</summary>
/// <param name="Folder">The sweep folder, with the plan written.</param>
/// <param name="Plan">The whole sweep.</param>
/// <param name="Cells">The cells to run (not finished, not running elsewhere), in <see cref="SweepPlan.RunOrder"/>.</param>
/// <param name="Options">The command's executor options.</param>
internal sealed record SweepExecution(SweepFolder Folder, SweepPlan Plan, IReadOnlyList<SweepCell> Cells, SweepExecutorOptions Options);

/// <summary>The options of <c>blend sweep</c> that executors read.</summary>
/// <param name="Workers">Local worker processes (null: the cores over training.threads).</param>
/// <param name="DryRun">Show what would run (the sbatch script, the worker commands) without running or writing anything.</param>
/// <param name="Wait">Slurm: wait for the job array to finish, then collect.</param>
/// <param name="Slurm">Slurm resources given on the command line (they take the sweep file's place).</param>
internal sealed record SweepExecutorOptions(int? Workers, bool DryRun, bool Wait, SlurmOptions Slurm);

/// <summary>
/// Runs a sweep's cells somewhere — each cell is one <c>blend sweep-cell DIR --cell ID</c>, whatever runs it — and
/// returns the command's exit code. Registered in <see cref="SweepExecutors"/> by <see cref="Name"/>.
/// </summary>
internal interface ISweepExecutor
{
    /// <summary>The <c>--executor</c> value.</summary>
    string Name { get; }

    /// <summary>Runs <paramref name="execution"/>, reporting to <paramref name="stdout"/>.</summary>
    int Run(SweepExecution execution, TextWriter stdout, TextWriter stderr);
}
