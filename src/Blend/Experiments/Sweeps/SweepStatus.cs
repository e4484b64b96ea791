using Blend.Data;

namespace Blend.Experiments.Sweeps;

/// <summary>Where a sweep cell stands, read from its files.</summary>
public enum SweepCellState
{
    /// <summary>Nothing done yet.</summary>
    Pending,
    /// <summary>A process holds the cell's lock and is running it.</summary>
    Running,
    /// <summary>Stopped part-way (SIGTERM, a time limit, a kill); running the sweep again continues it from its checkpoints.</summary>
    Interrupted,
    /// <summary>Its last run failed; <see cref="SweepCellStatus.Failure"/> says why.</summary>
    Failed,
    /// <summary>Finished: its results are in <c>cells/&lt;id&gt;</c>.</summary>
    Done,
}

/// <summary>One cell's state, with how many of its models have finished and, for a failed cell, why.</summary>
public sealed record SweepCellStatus(SweepCell Cell, SweepCellState State, int ModelsDone, int Models, string? Failure);

/// <summary><c>blend sweep status</c>: every cell's state from the sweep folder's files; safe to read while the sweep runs.</summary>
public static class SweepStatus
{
    /// <summary>The state of every cell of <paramref name="plan"/>, in plan order.</summary>
    public static IReadOnlyList<SweepCellStatus> Of(SweepFolder folder, SweepPlan plan) => [.. plan.Cells.Select(cell => Of(folder, cell))];

    /// <summary>The state of <paramref name="cell"/>.</summary>
    public static SweepCellStatus Of(SweepFolder folder, SweepCell cell)
    {
        int models = 2 + cell.ExperimentConfig(folder.CellDefinition(cell.Id)).StrategyList.Count;
        if (SweepCellRun.Done(folder, cell.Id)) return new SweepCellStatus(cell, SweepCellState.Done, models, models, null);
        string incomplete = ResumableDirectory.IncompletePath(folder.Cell(cell.Id));
        int done = Directory.Exists(incomplete)
            ? Directory.EnumerateFiles(incomplete, ExperimentRecord.RunFile, SearchOption.AllDirectories)
                .Count(f => Path.GetRelativePath(incomplete, f).Count(c => c == Path.DirectorySeparatorChar) == 2) // seed0/<model>/run.json
            : 0;
        if (FileLock.IsHeld(folder.CellLock(cell.Id))) return new SweepCellStatus(cell, SweepCellState.Running, done, models, null);
        if (File.Exists(folder.CellFailure(cell.Id)))
            return new SweepCellStatus(cell, SweepCellState.Failed, done, models, File.ReadAllText(folder.CellFailure(cell.Id)).Trim());
        return new SweepCellStatus(cell, Directory.Exists(incomplete) ? SweepCellState.Interrupted : SweepCellState.Pending, done, models, null);
    }
}
