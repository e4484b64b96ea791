namespace Blend.Data.Identity;

/// <summary>One <c>MOUSE/DATE/</c> session folder and the paths of the files the loader reads from it.</summary>
public sealed record BugeonSessionFolder(string Mouse, string Date, string Folder, string RecordingFolder)
{
    public string Recording => Path.Combine(Folder, RecordingFolder);

    public string UniqueIds => Path.Combine(Folder, BugeonLayout.UniqueIdFile);
    public string TTypes => Path.Combine(Folder, BugeonLayout.TTypeFile);
    public string Positions => Path.Combine(Folder, BugeonLayout.PositionsFile);
    public string Activity => Path.Combine(Recording, BugeonLayout.ActivityFile);
    public string FrameTimes => Path.Combine(Recording, BugeonLayout.FrameTimesFile);
    public string States => Path.Combine(Recording, BugeonLayout.StatesFile);
    public string RunningSpeed => Path.Combine(Recording, BugeonLayout.RunningSpeedFile);
    public string RunningTimes => Path.Combine(Recording, BugeonLayout.RunningTimesFile);
    public string EyeSize => Path.Combine(Recording, BugeonLayout.EyeSizeFile);
    public string EyeTimes => Path.Combine(Recording, BugeonLayout.EyeTimesFile);

    /// <summary>Every file a session needs, in the order they are checked.</summary>
    public IEnumerable<string> RequiredFiles =>
        [UniqueIds, TTypes, Positions, Activity, FrameTimes, States, RunningSpeed, RunningTimes, EyeSize, EyeTimes];

    /// <summary>MOUSE/DATE, for messages.</summary>
    public string Name => $"{Mouse}/{Date}";
}
