using Blend.Data;
using Blend.Evaluation.Results;

namespace Blend.Experiments.Sweeps;

/// <summary>The cell is being run by another process (it holds the cell's lock).</summary>
public sealed class SweepCellBusyException(string message) : Exception(message);

/// <summary>
/// Runs one sweep cell in this process (<c>blend sweep-cell</c>, what local workers and Slurm tasks run): the cell's
/// experiment — baseline, teacher, its students — into <c>cells/&lt;id&gt;</c>, resuming its <c>.incomplete</c> folder
/// when an earlier run was interrupted. Its baseline and teacher come from the sweep's trunk store when another cell of
/// the same trunk trained them (same config apart from how students learn, same seed, same data): the first cell to need
/// one trains it under the trunk's lock and publishes a copy, the others wait for the lock and copy it in. A model
/// trained once or copied is the same, so results do not depend on which cell trained it. A failure is recorded in
/// <c>&lt;id&gt;.failed</c> for <c>blend sweep status</c>.
/// </summary>
public static class SweepCellRun
{
    /// <summary>
    /// Runs cell <paramref name="id"/> of the sweep in <paramref name="folder"/>; null when it had finished before.
    /// Throws <see cref="SweepCellBusyException"/> when another process runs it now.
    /// </summary>
    public static ExperimentResults? Run(SweepFolder folder, string id, IExperimentObserver? observer = null, CancellationToken cancellation = default)
    {
        var cell = SweepPlan.ReadCell(folder, id);
        string output = folder.Cell(id);
        if (Done(folder, id)) return null;
        using var held = FileLock.TryAcquire(folder.CellLock(id), TimeSpan.FromSeconds(3)) ?? throw new SweepCellBusyException($"cell {id} is being run by another process");
        if (Done(folder, id)) return null; // finished while this process waited to start
        File.Delete(folder.CellFailure(id));
        try
        {
            if (SweepPlan.DataHash(cell.DataFolder, folder) != cell.DataHash)
                throw new BlendInputException($"{cell.DataFolder}: the data changed since the sweep was planned; run blend sweep again to plan cells for the data as it is now");
            var config = cell.ExperimentConfig(folder.CellDefinition(id));
            var request = new ExperimentRequest
            {
                DataFolder = cell.DataFolder,
                OutputFolder = output,
                Config = config,
                CommandLine = $"blend sweep-cell {folder.Root} --cell {id}",
                Resume = Directory.Exists(ResumableDirectory.IncompletePath(output)),
                ChooseBudget = cell.ChooseBudget,
            };
            // The recipe hands each unfinished model to this hook in order, one at a time, and collects them all from the
            // cell's folder afterwards.
            var models = new RecipeWorkers(1, (step, working, token) => Task.Run(() =>
            {
                if (step.Role is ModelRole.Baseline or ModelRole.Teacher) TrainOrShare(folder, cell, request, step, working, observer, token);
                else BlendExperiment.RunStep(request, working, step.Index, step.Deadline, observer, token);
            }, token));
            return BlendExperiment.Run(request with { Workers = models }, observer, cancellation);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            AtomicFile.WriteAllText(folder.CellFailure(id), $"{error.GetType().Name}: {error.Message}\n");
            throw;
        }
    }

    /// <summary>Whether cell <paramref name="id"/> has finished (its experiment folder holds its results).</summary>
    public static bool Done(SweepFolder folder, string id) => File.Exists(Path.Combine(folder.Cell(id), BlendExperiment.ResultsFile));

    /// <summary>A baseline or teacher: copied from the trunk store when another cell trained it, else trained here and published.</summary>
    private static void TrainOrShare(SweepFolder folder, SweepCell cell, ExperimentRequest request, RecipeStep step, string working,
        IExperimentObserver? observer, CancellationToken cancellation)
    {
        string relative = Path.Combine(step.Replicate.Folder, step.Model);
        string shared = folder.TrunkModel(cell.Trunk, relative);
        string mine = Path.Combine(working, relative);
        using var trunk = FileLock.Acquire(folder.TrunkLock(cell.Trunk, step.Model), cancellation,
            () => observer?.Note($"waiting for the {step.Model} of seed {step.Seed}, which another cell of the sweep is training"));
        if (File.Exists(Path.Combine(shared, ExperimentRecord.RunFile)))
        {
            CopyFolder(shared, mine);
            observer?.Note($"{step.Model} of seed {step.Seed}: shared with the other cells of its setting ({Path.GetRelativePath(folder.Root, shared)})");
            return;
        }
        BlendExperiment.RunStep(request, working, step.Index, step.Deadline, observer, cancellation);
        CopyFolder(mine, shared);
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="destination"/> (replacing it) through a sibling renamed when complete.</summary>
    private static void CopyFolder(string source, string destination)
    {
        string staging = destination + ".copying";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(staging, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        if (Directory.Exists(destination)) Directory.Delete(destination, recursive: true);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        Directory.Move(staging, destination);
    }
}
