namespace Blend.Data;

/// <summary>
/// A continuous recording: spike counts (time bins × neurons) and optional behaviour (time bins × dims), with the
/// files they came from, which error messages and the manifest name.
/// </summary>
public sealed record ContinuousRecording(RowMatrix Spikes, string SpikesFile, RowMatrix? Behavior = null, string? BehaviorFile = null)
{
    /// <summary>Reads <c>.npy</c> files: a 1-D array is one column.</summary>
    public static ContinuousRecording ReadNpy(string spikesFile, string? behaviorFile = null) =>
        new(NpyFile.ReadMatrix(spikesFile), spikesFile,
            behaviorFile is null ? null : NpyFile.ReadMatrix(behaviorFile), behaviorFile);

    /// <summary>The behaviour file's path, or "behaviour" when it was not read from a file; names the behaviour in error messages.</summary>
    public string BehaviorLabel => BehaviorFile ?? "behaviour";
}
