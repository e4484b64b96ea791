namespace Blend.Data.Identity;

/// <summary>
/// The Bugeon et al. (2022) folder layout (figshare 19448531): <c>ROOT/MOUSE/DATE/</c> session folders
/// with per-neuron files, and a recording folder inside each (e.g. <c>Blank/01/</c>) with per-frame files and the
/// behaviour signals on their own clocks. Only the files named here are read; anything else (gene counts, a
/// synthetic generator's ground-truth sidecar or manifest) is ignored.
/// </summary>
public static class BugeonLayout
{
    /// <summary>Per-neuron transcriptomic match ID in the session folder; NaN for neurons not matched.</summary>
    public const string UniqueIdFile = "neuron.UniqueID.npy";
    /// <summary>Per-neuron label lines (<c>EC</c>, <c>IN</c> or a t-type such as <c>Vip-Crh</c>) in the session folder.</summary>
    public const string TTypeFile = "neuron.ttype.txt";
    /// <summary>Neuron positions, neurons × 3 (x, y, z in µm), in the session folder; used for the neighbour channels.</summary>
    public const string PositionsFile = "neuron.stackPosCorrected.npy";
    /// <summary>Neural activity, frames × neurons, in the recording folder; the loader z-scores each neuron over all frames.</summary>
    public const string ActivityFile = "frame.neuralActivity.npy";
    /// <summary>Time of each imaging frame in seconds, in the recording folder.</summary>
    public const string FrameTimesFile = "frame.times.npy";
    /// <summary>Behavioural state of each frame (0 running, 1 stationary desynchronised, 2 stationary synchronised), in the recording folder.</summary>
    public const string StatesFile = "frame.states.npy";
    /// <summary>Running speed samples, on the clock of <see cref="RunningTimesFile"/>, in the recording folder.</summary>
    public const string RunningSpeedFile = "running.speed.npy";
    /// <summary>Times (s) of the running speed samples, in the recording folder.</summary>
    public const string RunningTimesFile = "running.times.npy";
    /// <summary>Pupil size samples, on the clock of <see cref="EyeTimesFile"/>, in the recording folder.</summary>
    public const string EyeSizeFile = "eye.size.npy";
    /// <summary>Times (s) of the pupil size samples, in the recording folder.</summary>
    public const string EyeTimesFile = "eye.times.npy";

    /// <summary>
    /// Every <c>ROOT/*/*</c> folder holding <c>neuron.ttype.txt</c> or <c>neuron.UniqueID.npy</c>, ordered by
    /// (mouse, date) ordinal. A root without any is refused, so a wrong path never loads as an empty dataset.
    /// </summary>
    public static IReadOnlyList<BugeonSessionFolder> FindSessions(string root, string recordingFolder)
    {
        if (!Directory.Exists(root))
            throw new BlendInputException($"{root}: dataset folder not found");
        var sessions = new List<BugeonSessionFolder>();
        try
        {
            foreach (string mouse in Directory.GetDirectories(root))
                foreach (string date in Directory.GetDirectories(mouse))
                    if (File.Exists(Path.Combine(date, TTypeFile)) || File.Exists(Path.Combine(date, UniqueIdFile)))
                        sessions.Add(new BugeonSessionFolder(Path.GetFileName(mouse), Path.GetFileName(date), date, recordingFolder));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BlendInputException($"{root}: cannot list session folders: {NlbFileException.OneLine(e.Message)}", e);
        }
        if (sessions.Count == 0)
            throw new BlendInputException(
                $"{root}: no session folders; expected MOUSE/DATE/ folders holding {TTypeFile} and {UniqueIdFile} (the Bugeon layout)");
        return sessions
            .OrderBy(s => s.Mouse, StringComparer.Ordinal)
            .ThenBy(s => s.Date, StringComparer.Ordinal)
            .ToArray();
    }
}
