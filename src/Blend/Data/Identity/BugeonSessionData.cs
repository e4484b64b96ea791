namespace Blend.Data.Identity;

/// <summary>
/// The raw arrays of one Bugeon session folder, read and checked against each other before any
/// preprocessing: one column of activity, one t-type line, one UniqueID and one position per neuron; one time and
/// one state per frame. Activity stays as stored, frames × neurons.
/// </summary>
public sealed class BugeonSessionData
{
    /// <summary>The session folder the arrays were read from.</summary>
    public required BugeonSessionFolder Folder { get; init; }

    /// <summary>Number of imaging frames (rows of the activity file).</summary>
    public required int Frames { get; init; }

    /// <summary>Number of neurons (columns of the activity file).</summary>
    public required int Neurons { get; init; }

    /// <summary>Frames × Neurons, row-major, as in <c>frame.neuralActivity.npy</c>.</summary>
    public required double[] Activity { get; init; }

    /// <summary>Time of each frame in seconds (<c>frame.times.npy</c>); all finite.</summary>
    public required double[] FrameTimes { get; init; }

    /// <summary>0 running, 1 stationary desynchronised, 2 stationary synchronised.</summary>
    public required double[] States { get; init; }

    /// <summary>Running speed with its own sample times (<c>running.speed.npy</c>, <c>running.times.npy</c>).</summary>
    public required BehaviorSignal Running { get; init; }

    /// <summary>Pupil size with its own sample times (<c>eye.size.npy</c>, <c>eye.times.npy</c>).</summary>
    public required BehaviorSignal Eye { get; init; }

    /// <summary>NaN for neurons not matched to the transcriptomics.</summary>
    public required double[] UniqueIds { get; init; }

    /// <summary>One trimmed line of <c>neuron.ttype.txt</c> per neuron: <c>EC</c>, <c>IN</c> or a t-type.</summary>
    public required string[] TTypes { get; init; }

    /// <summary>Neurons × 3 (x, y, z in µm), row-major.</summary>
    public required double[] Positions { get; init; }

    /// <summary>
    /// Reads one session folder and checks that the files agree (one value per frame or per neuron, valid states, finite
    /// times and positions); any problem is a <see cref="BlendInputException"/> naming the file.
    /// </summary>
    public static BugeonSessionData Read(BugeonSessionFolder folder)
    {
        // Report a missing file by name before reading anything, whatever order the checks below would hit it in.
        foreach (string file in folder.RequiredFiles)
            if (!File.Exists(file))
                throw new BlendInputException($"{file}: file not found; every session folder ({folder.Name}) needs it");

        var (activity, frames, neurons, activityShape) = ReadActivity(folder.Activity);
        string activityText = $"{folder.Activity} has {frames} frames × {neurons} neurons {activityShape}";

        var frameTimes = ReadPerFrame(folder.FrameTimes, "frame times", frames, activityText);
        for (int t = 0; t < frames; t++)
            if (!double.IsFinite(frameTimes[t]))
                throw new BlendInputException($"{folder.FrameTimes}: time of frame {t} is {frameTimes[t]}; frame times must be finite");

        var states = ReadPerFrame(folder.States, "states", frames, activityText);
        for (int t = 0; t < frames; t++)
            if (states[t] is not (0 or 1 or 2))
                throw new BlendInputException(
                    $"{folder.States}: state {states[t]} at frame {t} is not 0, 1 or 2 (running, stationary desynchronised, stationary synchronised)");

        var ttypes = TTypeLabels.Read(folder.TTypes);
        if (ttypes.Length != neurons)
            throw new BlendInputException($"{folder.TTypes}: {ttypes.Length} lines but {activityText}; need one line per neuron");

        var (uniqueIds, idShape) = NpyColumn.Read(folder.UniqueIds, "one UniqueID per neuron");
        if (uniqueIds.Length != neurons)
            throw new BlendInputException($"{folder.UniqueIds}: {uniqueIds.Length} IDs {idShape} but {activityText}; need one per neuron");
        for (int n = 0; n < neurons; n++)
            if (double.IsInfinity(uniqueIds[n]))
                throw new BlendInputException($"{folder.UniqueIds}: UniqueID of neuron {n} is {uniqueIds[n]}; use NaN for unmatched neurons");

        var positions = ReadPositions(folder.Positions, neurons, activityText);

        return new BugeonSessionData
        {
            Folder = folder,
            Frames = frames,
            Neurons = neurons,
            Activity = activity,
            FrameTimes = frameTimes,
            States = states,
            Running = BehaviorSignal.Read(folder.RunningSpeed, folder.RunningTimes),
            Eye = BehaviorSignal.Read(folder.EyeSize, folder.EyeTimes),
            UniqueIds = uniqueIds,
            TTypes = ttypes,
            Positions = positions,
        };
    }

    private static (double[] Values, int Frames, int Neurons, string Shape) ReadActivity(string path)
    {
        var array = NpyFile.Read(path);
        if (array.Rank != 2)
            throw new BlendInputException($"{path}: expected frames × neurons (T, N), found shape {array.ShapeText}");
        if (array.Shape[0] == 0 || array.Shape[1] == 0)
            throw new BlendInputException($"{path}: shape {array.ShapeText} has no {(array.Shape[0] == 0 ? "frames" : "neurons")}; expected frames × neurons (T, N)");
        return (array.Values, array.Shape[0], array.Shape[1], array.ShapeText);
    }

    private static double[] ReadPerFrame(string path, string what, int frames, string activityText)
    {
        var (values, shape) = NpyColumn.Read(path, what);
        if (values.Length != frames)
            throw new BlendInputException($"{path}: {values.Length} {what} {shape} but {activityText}; need one per frame");
        return values;
    }

    private static double[] ReadPositions(string path, int neurons, string activityText)
    {
        var array = NpyFile.Read(path);
        if (array.Rank != 2 || array.Shape[0] != neurons || array.Shape[1] != 3)
            throw new BlendInputException(
                $"{path}: shape {array.ShapeText} but {activityText}; need one row of x, y, z (µm) per neuron, shape ({neurons}, 3)");
        for (int i = 0; i < array.Values.Length; i++)
            if (!double.IsFinite(array.Values[i]))
                throw new BlendInputException($"{path}: coordinate {i % 3} of neuron {i / 3} is {array.Values[i]}; positions must be finite");
        return array.Values;
    }
}
