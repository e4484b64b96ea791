using Blend.Data;
using Blend.Data.Identity;

namespace Blend.Tests.Data.Identity;

/// <summary>
/// The files of one tiny Bugeon session, with defaults that load cleanly: activity that varies per neuron, frames at
/// 4 Hz, behaviour sampled at 8 Hz, neurons far apart. Tests change the parts they are about.
/// </summary>
internal sealed record BugeonTestSession
{
    /// <summary>Frames × neurons.</summary>
    public required double[,] Activity { get; init; }
    public required double[] FrameTimes { get; init; }
    public required double[] States { get; init; }
    public required double[] RunningTimes { get; init; }
    public required double[] RunningSpeed { get; init; }
    public required double[] EyeTimes { get; init; }
    public required double[] EyeSize { get; init; }
    public required double[] UniqueIds { get; init; }
    public required string[] TTypes { get; init; }

    /// <summary>Neurons × 3, µm.</summary>
    public required double[,] Positions { get; init; }

    /// <summary>Write 1-D arrays as (n, 1) columns, as Bugeon's files are, instead of vectors (n,).</summary>
    public bool AsColumns { get; init; } = true;

    public static BugeonTestSession Simple(int frames = 6, int neurons = 3)
    {
        var activity = new double[frames, neurons];
        for (int t = 0; t < frames; t++)
            for (int n = 0; n < neurons; n++)
                activity[t, n] = (t * (n + 2) + n) % 5 + 0.5 * n;
        var positions = new double[neurons, 3];
        for (int n = 0; n < neurons; n++) positions[n, 0] = 1000.0 * n; // nobody within 65 µm
        int samples = 2 * frames + 2;
        var behaviorTimes = Enumerable.Range(0, samples).Select(i => 0.125 * i - 0.1).ToArray();
        return new BugeonTestSession
        {
            Activity = activity,
            FrameTimes = Enumerable.Range(0, frames).Select(t => 0.25 * t).ToArray(),
            States = Enumerable.Range(0, frames).Select(t => (double)(t % 3)).ToArray(),
            RunningTimes = behaviorTimes,
            RunningSpeed = Enumerable.Range(0, samples).Select(i => (double)(i * i % 7)).ToArray(),
            EyeTimes = behaviorTimes,
            EyeSize = Enumerable.Range(0, samples).Select(i => 1 + 0.1 * (i % 4)).ToArray(),
            UniqueIds = Enumerable.Repeat(double.NaN, neurons).ToArray(),
            TTypes = Enumerable.Repeat("EC", neurons).ToArray(),
            Positions = positions,
        };
    }
}

/// <summary>Writes <see cref="BugeonTestSession"/>s into a temporary dataset root.</summary>
internal static class BugeonTestFolder
{
    public const string Recording = "Blank/01";

    /// <summary>Writes ROOT/MOUSE/DATE/ and its recording folder; returns the session folder.</summary>
    public static string Write(string root, string mouse, string date, BugeonTestSession session, string recording = Recording)
    {
        string folder = Path.Combine(root, mouse, date);
        string recordingFolder = Path.Combine(folder, recording);
        Directory.CreateDirectory(recordingFolder);
        int frames = session.Activity.GetLength(0), neurons = session.Activity.GetLength(1);

        NpyFile.Write(Path.Combine(recordingFolder, BugeonLayout.ActivityFile), Flatten(session.Activity), [frames, neurons], asFloat32: true);
        Vector(Path.Combine(recordingFolder, BugeonLayout.FrameTimesFile), session.FrameTimes, session.AsColumns);
        Vector(Path.Combine(recordingFolder, BugeonLayout.StatesFile), session.States, session.AsColumns);
        Vector(Path.Combine(recordingFolder, BugeonLayout.RunningTimesFile), session.RunningTimes, session.AsColumns);
        Vector(Path.Combine(recordingFolder, BugeonLayout.RunningSpeedFile), session.RunningSpeed, session.AsColumns);
        Vector(Path.Combine(recordingFolder, BugeonLayout.EyeTimesFile), session.EyeTimes, session.AsColumns);
        Vector(Path.Combine(recordingFolder, BugeonLayout.EyeSizeFile), session.EyeSize, session.AsColumns);
        Vector(Path.Combine(folder, BugeonLayout.UniqueIdFile), session.UniqueIds, session.AsColumns);
        File.WriteAllLines(Path.Combine(folder, BugeonLayout.TTypeFile), session.TTypes);
        NpyFile.Write(Path.Combine(folder, BugeonLayout.PositionsFile), Flatten(session.Positions), [session.Positions.GetLength(0), 3]);
        return folder;
    }

    /// <summary>Writes a dataset of one session and loads it.</summary>
    public static IdentitySession LoadOne(BugeonTestSession session, IdentityLoadOptions? options = null)
    {
        using var root = new TempFolder();
        Write(root.Path, "M1", "2020-01-01", session);
        var dataset = IdentityDataset.Load(root.Path, options);
        return Assert.Single(dataset.Sessions);
    }

    public static void Vector(string path, double[] values, bool asColumn = true) =>
        NpyFile.Write(path, values, asColumn ? [values.Length, 1] : [values.Length]);

    public static double[] Flatten(double[,] matrix) => matrix.Cast<double>().ToArray();
}
