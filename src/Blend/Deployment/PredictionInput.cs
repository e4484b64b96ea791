using System.Globalization;
using Blend.Data;
using Blend.Data.Nwb;
using Blend.Training;

namespace Blend.Deployment;

/// <summary>The kinds of data <c>blend predict</c> reads.</summary>
public enum PredictionInputKind
{
    /// <summary>An NLB tensor file set (a dataset folder).</summary>
    NlbSet,

    /// <summary>An NWB file or a folder of them, converted as <c>blend nwb</c> does.</summary>
    Nwb,

    /// <summary>A continuous <c>.npy</c> recording (time bins × neurons).</summary>
    Continuous,
}

/// <summary>One split of trial-aligned input: its trials' held-in counts (trials × T × held-in, model channel order).</summary>
public sealed record PredictionSplit(string Name, Array3 HeldinSpikes);

/// <summary>What <see cref="PredictionInput.Read"/> needs besides the path and the bundle.</summary>
public sealed record PredictionInputOptions
{
    /// <summary>NWB input: the NLB dataset whose nlb_tools parameters apply; null takes it from the bundle's dataset name.</summary>
    public string? NwbDataset { get; init; }

    /// <summary>NWB input: train → val, or train + val → test.</summary>
    public NlbPhase Phase { get; init; } = NlbPhase.Val;
}

/// <summary>
/// The data <c>blend predict</c> applies a bundle to, read and checked against the bundle: the same neurons (by
/// recording column, NWB unit id, or at least count), the same trial length and bin width. A mismatch is one line
/// naming the file and what differs.
/// </summary>
public sealed class PredictionInput
{
    /// <summary>What was read: an NLB dataset folder, NWB, or a continuous <c>.npy</c> recording.</summary>
    public required PredictionInputKind Kind { get; init; }

    /// <summary>The path given to <see cref="Read"/>.</summary>
    public required string Path { get; init; }

    /// <summary>The dataset's group name (for the submission of trial-aligned input).</summary>
    public required string Name { get; init; }

    /// <summary>Trial-aligned input: its splits (train, eval); empty for a continuous recording.</summary>
    public IReadOnlyList<PredictionSplit> Splits { get; init; } = [];

    /// <summary>A continuous recording (rows × the recording's neurons); null for trial-aligned input.</summary>
    public RowMatrix? Recording { get; init; }

    /// <summary>The eval target to score a submission against, when the input has one.</summary>
    public NlbEvalTarget? Target { get; init; }

    /// <summary>Where <see cref="Target"/> was read from; null when there is no eval target.</summary>
    public string? TargetPath { get; init; }

    /// <summary>
    /// Reads <paramref name="path"/>: a continuous <c>.npy</c> recording (time bins × neurons), an <c>.nwb</c> file or
    /// folder (converted with nlb_tools' parameters for the dataset, <paramref name="progress"/> reporting the conversion),
    /// or an NLB dataset folder; trial-aligned input is checked against <paramref name="bundle"/>'s neurons, trial length
    /// and bin width.
    /// </summary>
    public static PredictionInput Read(string path, ModelBundle bundle, PredictionInputOptions options,
        IProgress<NwbConversionProgress>? progress = null, CancellationToken cancellation = default)
    {
        if (File.Exists(path) && path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
            return new PredictionInput { Kind = PredictionInputKind.Continuous, Path = path, Name = bundle.Manifest.Dataset, Recording = NpyFile.ReadMatrix(path) };
        bool nwb = File.Exists(path) ? path.EndsWith(".nwb", StringComparison.OrdinalIgnoreCase)
            : Directory.Exists(path) && Directory.EnumerateFiles(path, "*.nwb").Any() && !File.Exists(System.IO.Path.Combine(path, DatasetManifest.FileName));
        if (nwb) return ReadNwb(path, bundle, options, progress, cancellation);
        if (File.Exists(path))
            throw new BlendInputException($"{path}: not something blend predict reads: give an NLB dataset folder, an .nwb file or folder, or a continuous .npy recording");
        return FromDataset(path, PredictionInputKind.NlbSet, DatasetSource.Read(path), bundle);
    }

    private static PredictionInput ReadNwb(string path, ModelBundle bundle, PredictionInputOptions options,
        IProgress<NwbConversionProgress>? progress, CancellationToken cancellation)
    {
        var m = bundle.Manifest;
        string? dataset = options.NwbDataset;
        int? parsedBin = null;
        if (dataset is null && NlbDatasetNames.TryParse(m.Dataset, out string baseName, out int bin))
            (dataset, parsedBin) = (baseName, bin);
        if (dataset is null)
            throw new BlendInputException(
                $"{path}: which NLB dataset's conversion parameters apply? The model was trained on '{m.Dataset}', not an NLB dataset name; give --dataset ({string.Join(", ", NlbDatasetNames.Known)})");
        double binMs = m.BinMs ?? parsedBin ?? NlbDatasetNames.DefaultBinMs;
        if (binMs != Math.Round(binMs) || binMs < 1)
            throw new BlendInputException($"{path}: the model's bins are {binMs.ToString(CultureInfo.InvariantCulture)} ms; NWB conversion needs a whole number of ms");
        var conversion = NwbConversion.Convert(path, new NwbConversionOptions { Dataset = dataset, BinMs = (int)binMs, Phase = options.Phase, IncludePsth = options.Phase == NlbPhase.Val },
            progress, cancellation);
        var set = conversion.Dataset;
        var source = new DatasetSource
        {
            Folder = path,
            Name = set.Manifest.Name,
            TrainInput = set.TrainInput,
            TrainInputPath = path,
            EvalInput = set.EvalInput,
            EvalInputPath = path,
            EvalTarget = set.EvalTarget,
            TargetPath = set.EvalTarget is null ? null : path,
            Manifest = set.Manifest,
            ManifestPath = path,
        };
        return FromDataset(path, PredictionInputKind.Nwb, source, bundle);
    }

    private static PredictionInput FromDataset(string path, PredictionInputKind kind, DatasetSource source, ModelBundle bundle)
    {
        var m = bundle.Manifest;
        var train = source.TrainInput;
        int heldin = train.SpikesHeldin.Channels, heldout = train.SpikesHeldout.Channels;
        if (heldin != m.HeldinCount || heldout != m.HeldoutCount)
            throw new BlendInputException(
                $"{source.TrainInputPath}: {heldin} held-in + {heldout} held-out neurons, but the model was trained on {m.HeldinCount} + {m.HeldoutCount} ('{m.Dataset}'): a recording with other neurons");
        if (train.SpikesHeldin.Time != m.MainBins)
            throw new BlendInputException(
                $"{source.TrainInputPath}: trials of {train.SpikesHeldin.Time} bins, but the model reads {m.MainBins}-bin trials ('{m.Dataset}')");
        if (source.BinMs is double binMs && m.BinMs is double modelBin && Math.Abs(binMs - modelBin) > 1e-9)
            throw new BlendInputException(
                $"{path}: {binMs.ToString(CultureInfo.InvariantCulture)} ms bins, but the model was trained on {modelBin.ToString(CultureInfo.InvariantCulture)} ms bins");
        if (source.Manifest is { } manifest)
        {
            if (m.UnitIds is not null && manifest.UnitIds is not null && !m.UnitIds.SequenceEqual(manifest.UnitIds))
                throw new BlendInputException(
                    $"{source.ManifestPath ?? path}: its units are not the model's: {FirstDifference(manifest.UnitIds, m.UnitIds, "unit")}");
            if (m.UnitIds is null && manifest.Neurons == m.RecordingNeurons
                && !(manifest.HeldinNeurons.SequenceEqual(m.HeldinNeurons) && manifest.HeldoutNeurons.SequenceEqual(m.HeldoutNeurons)))
                throw new BlendInputException(
                    $"{source.ManifestPath ?? path}: its held-in/held-out neurons are not the model's: {FirstDifference([.. manifest.HeldinNeurons, .. manifest.HeldoutNeurons], m.ChannelColumns, "recording column")} (import the recording with the model's --seed and --heldout-fraction)");
        }
        return new PredictionInput
        {
            Kind = kind,
            Path = path,
            Name = source.Name,
            Splits = [new PredictionSplit("train", train.SpikesHeldin), new PredictionSplit("eval", source.EvalInput.SpikesHeldin)],
            Target = source.Target is null ? null : source.EvalTarget,
            TargetPath = source.Target is null ? null : source.TargetPath,
        };
    }

    private static string FirstDifference<T>(IReadOnlyList<T> theirs, IReadOnlyList<T> model, string what) where T : IEquatable<T>
    {
        if (theirs.Count != model.Count) return $"{theirs.Count} {what}s here, {model.Count} in the model";
        int i = Enumerable.Range(0, theirs.Count).First(k => !theirs[k].Equals(model[k]));
        return $"channel {i} is {what} {theirs[i]} here, {what} {model[i]} in the model";
    }
}
