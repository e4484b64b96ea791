using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Blend.Data.Identity.Synthetic;

/// <summary>
/// Writes a SynthBugeon dataset in the Bugeon et al. (2022) figshare layout (figshare 19448531), all or nothing
/// (see <see cref="AtomicDirectory"/>):
/// <code>
/// states.names.txt  ttypes.names.txt  synth.manifest.json
/// MOUSE/DATE/neuron.UniqueID.npy (N×1, NaN unless labelled)  neuron.ttype.txt  neuron.stackPosCorrected.npy (N×3 µm)
///            synth.truth.csv (ground truth: never read by a model)
/// MOUSE/DATE/Blank/01/frame.neuralActivity.npy (T×N float32)  frame.times.npy  frame.states.npy (T×1)
///                     running.speed.npy  running.times.npy  eye.size.npy  eye.times.npy (own clocks)
/// </code>
/// Every file is a pure function of the dataset, so the same options and seed give byte-identical folders.
/// </summary>
public static class SynthBugeonWriter
{
    /// <summary>Root file with the state names, one per line in code order 0/1/2.</summary>
    public const string StateNamesFile = "states.names.txt";
    /// <summary>Root file with every t-type a labelled cell can have, one per line.</summary>
    public const string TTypeNamesFile = "ttypes.names.txt";
    /// <summary>Root JSON file: the generator, every option, the held-out mouse, the state names and the summary.</summary>
    public const string ManifestFile = "synth.manifest.json";
    /// <summary>Per-session UIDs, N × 1, NaN unless labelled (same name as <see cref="BugeonLayout.UniqueIdFile"/>).</summary>
    public const string UniqueIdFile = "neuron.UniqueID.npy";
    /// <summary>Per-session t-type lines, one per neuron: <c>EC</c>, <c>IN</c> or e.g. <c>Vip-synth2</c>.</summary>
    public const string TTypeFile = "neuron.ttype.txt";
    /// <summary>Per-session neuron positions, N × 3 (x, y, z in µm).</summary>
    public const string PositionFile = "neuron.stackPosCorrected.npy";
    /// <summary>Per-session ground truth, one CSV row per neuron with <see cref="TruthColumns"/>; never read by the loader or a model.</summary>
    public const string TruthFile = "synth.truth.csv";
    /// <summary>The recording folder inside each session folder: <c>Blank/01</c>, the spontaneous recording NeuPRINT uses.</summary>
    public static readonly string RecordingFolder = Path.Combine("Blank", "01");
    /// <summary>Fluorescence (ΔF/F), T × N float32, in the recording folder.</summary>
    public const string ActivityFile = "frame.neuralActivity.npy";
    /// <summary>Frame times in seconds, T × 1, in the recording folder.</summary>
    public const string FrameTimesFile = "frame.times.npy";
    /// <summary>Per-frame state (0 running, 1 stationary desynchronised, 2 stationary synchronised), T × 1, in the recording folder.</summary>
    public const string StatesFile = "frame.states.npy";
    /// <summary>Running speed (cm/s) on the running clock, in the recording folder.</summary>
    public const string SpeedFile = "running.speed.npy";
    /// <summary>Times (s) of the running speed samples, in the recording folder.</summary>
    public const string SpeedTimesFile = "running.times.npy";
    /// <summary>Pupil size on the eye camera's clock, NaN during blinks, in the recording folder.</summary>
    public const string EyeSizeFile = "eye.size.npy";
    /// <summary>Times (s) of the pupil size samples, in the recording folder.</summary>
    public const string EyeTimesFile = "eye.times.npy";
    /// <summary>The generator name recorded in <see cref="ManifestFile"/>.</summary>
    public const string GeneratorName = "synth-bugeon";

    /// <summary>The state names, in code order 0/1/2.</summary>
    public static readonly IReadOnlyList<string> StateNames = ["Running", "Stationary Desynchronized", "Stationary Synchronized"];

    /// <summary>The columns of <see cref="TruthFile"/>. β are in κ = 1 units (the log-rate term is κ·β·regressor).</summary>
    public static readonly IReadOnlyList<string> TruthColumns =
        ["column", "uid", "type", "subclass", "ttype", "r", "g", "o", "u1", "u2", "beta_run", "beta_aro", "beta_syn", "tau", "A", "sigma"];

    /// <summary>
    /// Writes the dataset into a new (or empty) <paramref name="folder"/>, all or nothing, with
    /// <paramref name="summary"/> in the manifest.
    /// </summary>
    public static void Write(SynthBugeonDataset data, SynthBugeonSummary summary, string folder) =>
        AtomicDirectory.Write(folder, root =>
        {
            WriteLines(Path.Combine(root, StateNamesFile), StateNames);
            WriteLines(Path.Combine(root, TTypeNamesFile), data.TTypeNames);
            foreach (var session in data.Sessions) WriteSession(session, Path.Combine(root, session.RelativeFolder));
            File.WriteAllText(Path.Combine(root, ManifestFile), ManifestJson(data, summary));
        });

    private static void WriteSession(SynthBugeonSession session, string folder)
    {
        var neurons = session.Neurons;
        int count = neurons.Count, frames = session.Frames;
        string recording = Path.Combine(folder, RecordingFolder);
        Directory.CreateDirectory(recording);

        NpyFile.Write(Path.Combine(folder, UniqueIdFile), [.. neurons.Select(n => n.UniqueId is int id ? id : double.NaN)], [count, 1]);
        WriteLines(Path.Combine(folder, TTypeFile), neurons.Select(n => n.TType));
        NpyFile.Write(Path.Combine(folder, PositionFile), [.. neurons.SelectMany(n => new[] { n.X, n.Y, n.Z })], [count, 3]);
        File.WriteAllText(Path.Combine(folder, TruthFile), TruthCsv(neurons));

        var activity = new double[session.Activity.Length];
        for (int i = 0; i < activity.Length; i++) activity[i] = session.Activity[i];
        NpyFile.Write(Path.Combine(recording, ActivityFile), activity, [frames, count], asFloat32: true);
        var behavior = session.Behavior;
        WriteColumn(Path.Combine(recording, FrameTimesFile), behavior.FrameTimes);
        WriteColumn(Path.Combine(recording, StatesFile), [.. behavior.States.Select(s => (double)s)]);
        WriteColumn(Path.Combine(recording, SpeedFile), behavior.RunningSpeed);
        WriteColumn(Path.Combine(recording, SpeedTimesFile), behavior.RunningTimes);
        WriteColumn(Path.Combine(recording, EyeSizeFile), behavior.EyeSize);
        WriteColumn(Path.Combine(recording, EyeTimesFile), behavior.EyeTimes);
    }

    private static void WriteColumn(string path, double[] values) => NpyFile.Write(path, values, [values.Length, 1]);

    private static void WriteLines(string path, IEnumerable<string> lines) =>
        File.WriteAllText(path, string.Concat(lines.Select(line => line + "\n")));

    /// <summary>One row per column of the session; subclass is the type whose means the parameters came from
    /// (for an unlabelled IN, the random subclass it follows), empty for EC.</summary>
    private static string TruthCsv(IReadOnlyList<SynthNeuron> neurons)
    {
        var csv = new StringBuilder().AppendJoin(',', TruthColumns).Append('\n');
        for (int i = 0; i < neurons.Count; i++)
        {
            var n = neurons[i];
            var p = n.Parameters;
            csv.Append(i.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(n.UniqueId?.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(CellLabels.Name(n.Class)).Append(',')
                .Append(n.Type.IsInterneuron() ? n.Type.Name() : "").Append(',')
                .Append(n.TType);
            foreach (double value in (double[])[p.RateHz, p.Global, p.Sync, p.Assembly1, p.Assembly2, p.BetaRun, p.BetaArousal,
                         p.BetaSync, p.DecaySeconds, p.Amplitude, p.NoiseSd])
                csv.Append(',').Append(value.ToString("R", CultureInfo.InvariantCulture));
            csv.Append('\n');
        }
        return csv.ToString();
    }

    private static string ManifestJson(SynthBugeonDataset data, SynthBugeonSummary summary) =>
        JsonSerializer.Serialize(new Manifest(GeneratorName, data.Options, data.TestMouse.Name, StateNames, summary), Json) + "\n";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The manifest: what made the folder (generator and every option, seed and size included), which mouse
    /// is the held-out one, and what the folder holds.</summary>
    private sealed record Manifest(string Generator, SynthBugeonOptions Options, string TestMouse, IReadOnlyList<string> StateNames,
        SynthBugeonSummary Summary);
}
