using Blend.Data;
using Blend.Evaluation.Results;

namespace Blend.Experiments.Sweeps;

/// <summary>The cell is being run by another process (it holds the cell's lock).</summary>
public sealed class SweepCellBusyException(string message) : Exception(message);

/// <summary>
/// Runs one sweep cell in this process (<c>blend sweep-cell</c>, what local workers and Slurm tasks run): the cell's
/// experiment — baseline, teacher, its students — into <c>cells/&lt;id&gt;</c>, resuming its <c>.incomplete</c> folder
/// when an earlier run was interrupted. Its baseline, teacher and smoothing reference come from the sweep's trunk store when
/// another cell of the same trunk made them (same config apart from how students learn, same seed, same data): the first cell to need
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
            string working = ResumableDirectory.IncompletePath(output);
            // NLB's smoothing reference depends on the data, the validation split and the seed, as the trunk's models do:
            // fitted once per trunk (tens of seconds at the demo's size), copied into the other cells before they begin.
            using var reference = config.Experiment.SmoothingReference
                ? new SharedModel(folder, cell, SmoothingReference.ModelName, SmoothingReference.ModelName, working, observer, cancellation)
                : null;
            reference?.CopyIn();
            var request = new ExperimentRequest
            {
                DataFolder = cell.DataFolder,
                OutputFolder = output,
                Config = config,
                CommandLine = $"blend sweep-cell {folder.Root} --cell {id}",
                Resume = Directory.Exists(working),
                ChooseBudget = cell.ChooseBudget,
            };
            // The recipe hands each unfinished model to this hook in order, one at a time, after it began the cell (the
            // smoothing reference is in its folder then), and collects them all from the cell's folder afterwards.
            var models = new RecipeWorkers(1, (step, _, token) => Task.Run(() =>
            {
                reference?.Publish();
                if (step.Role is not (ModelRole.Baseline or ModelRole.Teacher))
                {
                    BlendExperiment.RunStep(request, working, step.Index, step.Deadline, observer, token);
                    return;
                }
                using var shared = new SharedModel(folder, cell, step.Model, Path.Combine(step.Replicate.Folder, step.Model), working, observer, token);
                if (shared.CopyIn()) return;
                BlendExperiment.RunStep(request, working, step.Index, step.Deadline, observer, token);
                shared.Publish();
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

    /// <summary>
    /// One model a trunk's cells share (baseline, teacher, smoothing reference), held under the trunk's lock for it from
    /// construction until <see cref="Publish"/> or disposal: either it was finished and <see cref="CopyIn"/> copies it into
    /// this cell, or this cell makes it and <see cref="Publish"/> copies it to the trunk store while the others wait.
    /// </summary>
    private sealed class SharedModel(SweepFolder folder, SweepCell cell, string model, string relative, string working,
        IExperimentObserver? observer, CancellationToken cancellation) : IDisposable
    {
        private readonly string _shared = folder.TrunkModel(cell.Trunk, relative);
        private readonly string _mine = Path.Combine(working, relative);
        private FileLock? _lock = FileLock.Acquire(folder.TrunkLock(cell.Trunk, model), cancellation,
            () => observer?.Note($"waiting for the {model} of seed {cell.Seed}, which another cell of the sweep is making"));

        private static bool Finished(string modelFolder) => File.Exists(Path.Combine(modelFolder, ExperimentRecord.RunFile));

        /// <summary>Copies the shared model into this cell when another cell finished it (releasing the lock); false when this cell must make it.</summary>
        public bool CopyIn()
        {
            if (!Finished(_shared)) return false;
            if (!Finished(_mine))
            {
                CopyFolder(_shared, _mine);
                observer?.Note(model == SmoothingReference.ModelName
                    ? $"NLB's smoothing reference: fitted once for the cells of its setting and seed ({Path.GetRelativePath(folder.Root, _shared)})"
                    : $"{model} of seed {cell.Seed}: shared with the other cells of its setting ({Path.GetRelativePath(folder.Root, _shared)})");
            }
            Dispose();
            return true;
        }

        /// <summary>Publishes this cell's finished model to the trunk store (once) and releases the lock.</summary>
        public void Publish()
        {
            if (_lock is null) return;
            if (Finished(_mine) && !Finished(_shared)) CopyFolder(_mine, _shared);
            Dispose();
        }

        public void Dispose()
        {
            _lock?.Dispose();
            _lock = null;
        }
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
