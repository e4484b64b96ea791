namespace Blend.Data;

/// <summary>
/// The files of one dataset folder: <c>train_input.h5</c>, <c>eval_input.h5</c>, <c>eval_target.h5</c> (one group,
/// named after the dataset; absent for the NLB test phase) and <c>dataset.json</c>.
/// </summary>
public sealed class DatasetFileSet
{
    /// <summary>
    /// Train and validation trials (<c>train_input.h5</c>): held-in and held-out spikes, behaviour and the forward bins,
    /// each trials × bins × channels.
    /// </summary>
    public required NlbTrainInput TrainInput { get; init; }
    /// <summary>Eval trials' held-in spikes only (<c>eval_input.h5</c>), the input from which a model predicts the rest.</summary>
    public required NlbEvalInput EvalInput { get; init; }
    /// <summary>The answers for scoring; null for the NLB test phase, whose held-out data only the leaderboard has.</summary>
    public required NlbEvalTarget? EvalTarget { get; init; }
    /// <summary>How the dataset was made (<c>dataset.json</c>); it also names the other files.</summary>
    public required DatasetManifest Manifest { get; init; }

    /// <summary>The paths of the files in <paramref name="folder"/>, in the order they are written.</summary>
    public IReadOnlyList<string> FilePaths(string folder) =>
    [
        Path.Combine(folder, Manifest.Files.TrainInput),
        Path.Combine(folder, Manifest.Files.EvalInput),
        Path.Combine(folder, Manifest.Files.EvalTarget),
        Path.Combine(folder, DatasetManifest.FileName),
    ];

    /// <summary>Writes all files into a new (or empty) folder at once; on failure nothing is left behind.</summary>
    public void Write(string folder) => AtomicDirectory.Write(folder, WriteInto);

    /// <summary>Writes the files into an existing folder (the caller makes the whole folder atomic).</summary>
    public void WriteInto(string folder)
    {
        var paths = FilePaths(folder);
        TrainInput.Write(paths[0]);
        EvalInput.Write(paths[1]);
        EvalTarget?.Write(paths[2]);
        Manifest.Write(paths[3]);
    }

    /// <summary>
    /// Reads a dataset folder, starting with its <c>dataset.json</c>; the eval target is left null only when the manifest
    /// marks the NLB test phase and <c>eval_target.h5</c> is absent.
    /// </summary>
    public static DatasetFileSet Read(string folder)
    {
        var manifest = DatasetManifest.Read(Path.Combine(folder, DatasetManifest.FileName));
        return new DatasetFileSet
        {
            Manifest = manifest,
            TrainInput = NlbTrainInput.Read(Path.Combine(folder, manifest.Files.TrainInput)),
            EvalInput = NlbEvalInput.Read(Path.Combine(folder, manifest.Files.EvalInput)),
            EvalTarget = File.Exists(Path.Combine(folder, manifest.Files.EvalTarget)) || !manifest.TestPhase
                ? NlbEvalTarget.Read(Path.Combine(folder, manifest.Files.EvalTarget)) : null,
        };
    }
}
