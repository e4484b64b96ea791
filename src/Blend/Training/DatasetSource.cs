using Blend.Data;

namespace Blend.Training;

/// <summary>
/// The files training reads from a dataset folder: with a <c>dataset.json</c> (its file names, name and validation
/// trials), or plain NLB files <c>train_input.h5</c> + <c>eval_input.h5</c> and optionally <c>eval_target.h5</c> (name:
/// the target's only group, else the folder's name).
/// </summary>
public sealed class DatasetSource
{
    /// <summary>The dataset folder as given.</summary>
    public required string Folder { get; init; }
    /// <summary>The dataset's NLB group name (e.g. <c>mc_maze</c>, <c>mc_maze_20</c>): the manifest's, else the eval target's only group, else the folder's name.</summary>
    public required string Name { get; init; }
    /// <summary>The training trials' spikes (held-in, held-out, forward) and behavior, as read from the train input file.</summary>
    public required NlbTrainInput TrainInput { get; init; }
    /// <summary>Path of the train input file (<c>train_input.h5</c> unless the manifest names another).</summary>
    public required string TrainInputPath { get; init; }
    /// <summary>The eval trials' held-in spikes (and whatever else the eval input file holds).</summary>
    public required NlbEvalInput EvalInput { get; init; }
    /// <summary>Path of the eval input file (<c>eval_input.h5</c> unless the manifest names another).</summary>
    public required string EvalInputPath { get; init; }

    /// <summary>The eval target (scoring only, or validation under the reference protocol); null when the folder has none.</summary>
    public NlbEvalTarget? EvalTarget { get; init; }
    /// <summary>Path of the eval target file; null when the folder has none.</summary>
    public string? TargetPath { get; init; }

    /// <summary>The folder's <c>dataset.json</c>; null for a folder of plain NLB files.</summary>
    public DatasetManifest? Manifest { get; init; }
    /// <summary>Path of <c>dataset.json</c>; null when there is none.</summary>
    public string? ManifestPath { get; init; }

    /// <summary>
    /// The bin width in ms: the manifest's, else the one an NLB group name carries (<c>mc_maze</c>: 5, <c>mc_maze_20</c>:
    /// 20), else null (plain files of another name say nothing about it).
    /// </summary>
    public double? BinMs => Manifest?.BinMs ?? (NlbDatasetNames.TryParse(Name, out _, out int binMs) ? binMs : null);

    /// <summary>This dataset's group of the eval target, if present.</summary>
    public NlbDatasetTarget? Target => EvalTarget is not null && EvalTarget.Datasets.TryGetValue(Name, out var t) ? t : null;

    /// <summary>Reads a dataset folder: through its <c>dataset.json</c> when present, else the plain NLB files <c>train_input.h5</c> + <c>eval_input.h5</c> (and <c>eval_target.h5</c> if present).</summary>
    /// <param name="folder">The dataset folder.</param>
    /// <exception cref="BlendInputException">The folder is missing, is a file, or holds no usable dataset.</exception>
    public static DatasetSource Read(string folder)
    {
        if (File.Exists(folder)) throw new BlendInputException($"{folder}: expected a dataset folder, found a file");
        if (!Directory.Exists(folder)) throw new BlendInputException($"{folder}: data folder not found");
        string manifestPath = Path.Combine(folder, DatasetManifest.FileName);
        if (File.Exists(manifestPath))
        {
            var set = DatasetFileSet.Read(folder);
            var paths = set.FilePaths(folder);
            if (set.EvalTarget is not null && !set.EvalTarget.Datasets.ContainsKey(set.Manifest.Name))
                throw new BlendInputException($"{paths[2]}: no group '{set.Manifest.Name}' (the manifest's name); has {string.Join(", ", set.EvalTarget.Datasets.Keys)}");
            return new DatasetSource
            {
                Folder = folder,
                Name = set.Manifest.Name,
                TrainInput = set.TrainInput,
                TrainInputPath = paths[0],
                EvalInput = set.EvalInput,
                EvalInputPath = paths[1],
                EvalTarget = set.EvalTarget,
                TargetPath = set.EvalTarget is null ? null : paths[2],
                Manifest = set.Manifest,
                ManifestPath = manifestPath,
            };
        }

        var files = new DatasetFiles();
        string train = Path.Combine(folder, files.TrainInput), eval = Path.Combine(folder, files.EvalInput), target = Path.Combine(folder, files.EvalTarget);
        if (!File.Exists(train) || !File.Exists(eval))
            throw new BlendInputException(
                $"{folder}: not a dataset folder: no {DatasetManifest.FileName}, and no {files.TrainInput} + {files.EvalInput} pair");
        var evalTarget = File.Exists(target) ? NlbEvalTarget.Read(target) : null;
        string name;
        if (evalTarget is { Datasets.Count: 1 }) name = evalTarget.Datasets.Keys.Single();
        else
        {
            name = Path.GetFileName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar));
            if (!NlbDatasetNames.IsUsableGroupName(name))
                throw new BlendInputException($"{folder}: cannot name the dataset: the folder name '{name}' is not a usable group name and there is no eval target with one group");
        }
        return new DatasetSource
        {
            Folder = folder,
            Name = name,
            TrainInput = NlbTrainInput.Read(train),
            TrainInputPath = train,
            EvalInput = NlbEvalInput.Read(eval),
            EvalInputPath = eval,
            EvalTarget = evalTarget,
            TargetPath = evalTarget is null ? null : target,
        };
    }

    /// <summary>The fingerprint of the files this source was read from (inputs, target, manifest).</summary>
    public DataFingerprint Fingerprint() => DataFingerprint.Of([TrainInputPath, EvalInputPath, TargetPath, ManifestPath]);
}
