namespace Blend.Data.Identity;

/// <summary>One <c>MOUSE/DATE/</c> session folder and the paths of the files the loader reads from it.</summary>
public sealed record BugeonSessionFolder(string Mouse, string Date, string Folder, string RecordingFolder)
{
    /// <summary>The recording folder inside the session folder (e.g. <c>MOUSE/DATE/Blank/01</c>), which holds the per-frame files.</summary>
    public string Recording => Path.Combine(Folder, RecordingFolder);

    /// <summary>Path of <c>neuron.UniqueID.npy</c> (session folder).</summary>
    public string UniqueIds => Path.Combine(Folder, BugeonLayout.UniqueIdFile);
    /// <summary>Path of <c>neuron.ttype.txt</c> (session folder).</summary>
    public string TTypes => Path.Combine(Folder, BugeonLayout.TTypeFile);
    /// <summary>Path of <c>neuron.stackPosCorrected.npy</c> (session folder).</summary>
    public string Positions => Path.Combine(Folder, BugeonLayout.PositionsFile);
    /// <summary>Path of <c>frame.neuralActivity.npy</c> (recording folder).</summary>
    public string Activity => Path.Combine(Recording, BugeonLayout.ActivityFile);
    /// <summary>Path of <c>frame.times.npy</c> (recording folder).</summary>
    public string FrameTimes => Path.Combine(Recording, BugeonLayout.FrameTimesFile);
    /// <summary>Path of <c>frame.states.npy</c> (recording folder).</summary>
    public string States => Path.Combine(Recording, BugeonLayout.StatesFile);
    /// <summary>Path of <c>running.speed.npy</c> (recording folder).</summary>
    public string RunningSpeed => Path.Combine(Recording, BugeonLayout.RunningSpeedFile);
    /// <summary>Path of <c>running.times.npy</c> (recording folder).</summary>
    public string RunningTimes => Path.Combine(Recording, BugeonLayout.RunningTimesFile);
    /// <summary>Path of <c>eye.size.npy</c> (recording folder).</summary>
    public string EyeSize => Path.Combine(Recording, BugeonLayout.EyeSizeFile);
    /// <summary>Path of <c>eye.times.npy</c> (recording folder).</summary>
    public string EyeTimes => Path.Combine(Recording, BugeonLayout.EyeTimesFile);

    /// <summary>Every file a session needs, in the order they are checked.</summary>
    public IEnumerable<string> RequiredFiles =>
        [UniqueIds, TTypes, Positions, Activity, FrameTimes, States, RunningSpeed, RunningTimes, EyeSize, EyeTimes];

    /// <summary>MOUSE/DATE, for messages.</summary>
    public string Name => $"{Mouse}/{Date}";
}
