namespace Blend.Data.Identity;

/// <summary>
/// The Bugeon et al. (2022) folder layout (figshare 19448531): <c>ROOT/MOUSE/DATE/</c> session folders
/// with per-neuron files, and a recording folder inside each (e.g. <c>Blank/01/</c>) with per-frame files and the
/// behaviour signals on their own clocks. Only the files named here are read; anything else (gene counts, a
/// synthetic generator's ground-truth sidecar or manifest) is ignored.
/// </summary>
public static class BugeonLayout
{
    public const string UniqueIdFile = "neuron.UniqueID.npy";
    public const string TTypeFile = "neuron.ttype.txt";
    public const string PositionsFile = "neuron.stackPosCorrected.npy";
    public const string ActivityFile = "frame.neuralActivity.npy";
    public const string FrameTimesFile = "frame.times.npy";
    public const string StatesFile = "frame.states.npy";
    public const string RunningSpeedFile = "running.speed.npy";
    public const string RunningTimesFile = "running.times.npy";
    public const string EyeSizeFile = "eye.size.npy";
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
