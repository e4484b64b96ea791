using Blend.Data;
using Blend.Training;

namespace Blend.Deployment;

/// <summary>
/// What a bundle records about the data its model was trained on: the recording's neurons and their order, bin widths,
/// the chopping of continuous recordings, and the training trials' behavior (for the decoder and its statistics).
/// Taken from the dataset folder once, before the training data's host arrays are let go.
/// </summary>
public sealed record BundleDataDescription
{
    /// <summary>The training dataset's name (its NLB group, or the <c>name</c> in <c>dataset.json</c>).</summary>
    public required string Dataset { get; init; }
    /// <summary>Bin width of the model's input in ms; null when the dataset folder does not say.</summary>
    public double? BinMs { get; init; }
    /// <summary>Bin width of the recording before rebinning (continuous imports), in ms; null when not known.</summary>
    public double? SourceBinMs { get; init; }
    /// <summary>Source bins summed into one model bin (<c>blend import --rebin</c>; 1 otherwise).</summary>
    public int Rebin { get; init; } = 1;
    /// <summary>Neurons in the recording the model was trained on (held-in plus held-out).</summary>
    public required int RecordingNeurons { get; init; }
    /// <summary>Recording columns of the held-in neurons (the model's input), in model channel order.</summary>
    public required int[] HeldinNeurons { get; init; }
    /// <summary>Recording columns of the held-out neurons (predicted from the held-in ones), in model channel order.</summary>
    public required int[] HeldoutNeurons { get; init; }
    /// <summary>NWB unit ids in model channel order (held-in then held-out); null when the data was not from NWB.</summary>
    public long[]? UnitIds { get; init; }
    /// <summary>Bins shared by consecutive windows when a continuous recording is chopped for prediction (at most half a window).</summary>
    public required int ChopOverlapBins { get; init; }
    /// <summary>The continuous recording's spikes file (<c>blend import</c>'s, as given); null for trial-based data.</summary>
    public string? SourceSpikesFile { get; init; }
    /// <summary>Rows (source bins, before rebinning) of that continuous recording; null for trial-based data.</summary>
    public int? SourceRows { get; init; }
    /// <summary>The eval block of that recording as [start, end) in source rows, which no model saw in training or selection; null for trial-based data.</summary>
    public int[]? SourceEvalRows { get; init; }
    /// <summary>Trials the model was trained on.</summary>
    public required int TrainingTrials { get; init; }
    /// <summary>Trials held out for validation (early stopping and model selection).</summary>
    public required int ValidationTrials { get; init; }

    /// <summary>Behavior of every training trial's main bins (trials × T × D); null when there is no per-bin behavior.</summary>
    public Array3? TrainBehavior { get; init; }

    /// <summary>
    /// From the dataset folder: its manifest's neuron lists, unit ids and bin widths when it has one (blend import /
    /// blend nwb / blend synth), else the NLB files' order (held-in then held-out) and the bin width an NLB group name
    /// carries. Continuous imports are chopped for prediction with the training windows' overlap; other data with a
    /// quarter window.
    /// </summary>
    public static BundleDataDescription From(DatasetSource source, TrainingData data)
    {
        var layout = data.Layout;
        var manifest = source.Manifest;
        bool fits = manifest is not null && manifest.HeldinNeurons.Length == layout.HeldinNeurons && manifest.HeldoutNeurons.Length == layout.HeldoutNeurons;
        var behavior = source.TrainInput.Behavior is { } b && !source.TrainInput.BehaviorIs2D ? b : null;
        return new BundleDataDescription
        {
            Dataset = data.Name,
            BinMs = source.BinMs,
            SourceBinMs = manifest?.SourceBinMs,
            Rebin = manifest?.Rebin ?? 1,
            RecordingNeurons = layout.Neurons,
            HeldinNeurons = fits ? manifest!.HeldinNeurons : Enumerable.Range(0, layout.HeldinNeurons).ToArray(),
            HeldoutNeurons = fits ? manifest!.HeldoutNeurons : Enumerable.Range(layout.HeldinNeurons, layout.HeldoutNeurons).ToArray(),
            UnitIds = fits ? manifest!.UnitIds : null,
            ChopOverlapBins = Math.Min(manifest?.Splits?.Train.OverlapBins ?? layout.MainBins / 4, layout.MainBins / 2),
            SourceSpikesFile = manifest?.Splits is null ? null : manifest.SpikesFile,
            SourceRows = manifest?.Splits is null ? null : manifest.SourceBins,
            SourceEvalRows = manifest?.Splits is { } splits && manifest.SourceBins is not null
                ? [splits.Eval.StartBin * manifest.Rebin, Math.Min(splits.Eval.EndBin * manifest.Rebin, manifest.SourceBins.Value)] : null,
            TrainingTrials = data.Train.Count,
            ValidationTrials = data.Validation.Count,
            TrainBehavior = behavior,
        };
    }
}
