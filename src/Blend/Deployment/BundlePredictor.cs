using Blend.Data;
using Blend.Models;
using Blend.Training;
using static TorchSharp.torch;

namespace Blend.Deployment;

/// <summary>
/// Applies a <see cref="ModelBundle"/> to new neural data, CEBRA-style <c>transform</c>: trial-aligned held-in spikes
/// (an NLB set, an NWB conversion) or a continuous recording, which is chopped into the model's windows and whose
/// predictions are merged back onto the recording's time axis and neuron order. Only the held-in neurons' counts are
/// read; the model predicts every neuron's rate, its latents and (through the bundle's decoder) behavior.
/// </summary>
public sealed class BundlePredictor : IDisposable
{
    /// <summary>Trials predicted between progress reports (and the host memory one step needs).</summary>
    private const int TrialsPerStep = 256;

    private readonly NeuralDynamicsModel _model;
    private readonly int _batchSize;

    /// <summary>
    /// Loads <paramref name="bundle"/>'s model for prediction; <paramref name="batchSize"/> trials go through the model at
    /// once (default: the config's training batch size). A teacher (behavior input) is refused.
    /// </summary>
    public BundlePredictor(ModelBundle bundle, int? batchSize = null)
    {
        Bundle = bundle;
        if (bundle.Manifest.BehaviorInputDims > 0)
            throw new BlendInputException($"{bundle.Folder}: this model takes behavior as input (a teacher); deploy a baseline or a student, which need neural activity only");
        _model = bundle.CreateModel();
        _batchSize = batchSize ?? bundle.Config.Training.BatchSize;
    }

    /// <summary>The bundle whose model predicts.</summary>
    public ModelBundle Bundle { get; }

    private BundleManifest Manifest => Bundle.Manifest;

    /// <summary>
    /// Predictions for trials of held-in counts (trials × T × held-in neurons, model channel order; NaN counts as 0).
    /// <paramref name="progress"/> gets (trials done, trials).
    /// </summary>
    public TrialPredictions PredictTrials(Array3 heldinSpikes, string source, IProgress<(int Done, int Total)>? progress = null,
        CancellationToken cancellation = default)
    {
        var m = Manifest;
        if (heldinSpikes.Time != m.MainBins || heldinSpikes.Channels != m.HeldinCount)
            throw new BlendInputException(
                $"{source}: held-in spikes {heldinSpikes.ShapeText} do not fit the model: it reads trials of {m.MainBins} bins × {m.HeldinCount} held-in neurons (trained on '{m.Dataset}')");
        var layout = m.Layout;
        int trials = heldinSpikes.Trials;
        var rates = new Array3(trials, layout.Bins, layout.Neurons);
        List<(string Name, Array3 Values)>? latents = null;
        progress?.Report((0, trials));
        for (int start = 0; start < trials; start += TrialsPerStep)
        {
            cancellation.ThrowIfCancellationRequested();
            int count = Math.Min(TrialsPerStep, trials - start);
            using var scope = NewDisposeScope();
            var input = InputTensor(heldinSpikes, start, count, layout);
            var stepRates = RatePrediction.Predict(_model, layout, input, null, _batchSize, m.InferencePasses);
            stepRates.Values.CopyTo(rates.Values.AsSpan(start * layout.Bins * layout.Neurons));
            var stepLatents = LatentPrediction.Predict(_model, layout, input, null, _batchSize);
            latents ??= stepLatents.Select(l => (l.Name, new Array3(trials, l.Values.Time, l.Values.Channels))).ToList();
            for (int k = 0; k < stepLatents.Count; k++)
            {
                var part = stepLatents[k].Values;
                part.Values.CopyTo(latents[k].Values.Values.AsSpan(start * part.Time * part.Channels));
            }
            progress?.Report((start + count, trials));
        }
        var behavior = m.Decoder?.Predict(rates.SliceTime(0, m.MainBins));
        return new TrialPredictions(rates, latents ?? [], behavior);
    }

    /// <summary>
    /// Predictions for a continuous recording (rows × the recording's neurons, its own column order, in source bins of
    /// <see cref="BundleManifest.SourceBinMs"/>): summed into model bins (the bundle's rebin), chopped into windows of
    /// the model's main bins with its overlap plus one window ending at the last bin, predicted, merged back as
    /// nlb_tools' merge_chops does, and spread back onto the source rows.
    /// </summary>
    public ContinuousPredictions PredictContinuous(RowMatrix recording, string source, IProgress<(int Done, int Total)>? progress = null,
        CancellationToken cancellation = default)
    {
        var m = Manifest;
        if (recording.Cols != m.RecordingNeurons)
            throw new BlendInputException(
                $"{source}: {recording.Cols} neurons {recording.ShapeText}, but the model was trained on a recording of {m.RecordingNeurons} neurons ('{m.Dataset}'): give the same neurons, in the same column order");
        RecordingChecks.Spikes(recording, source);
        var binned = Rebinning.Sum(recording, m.Rebin);
        int bins = binned.Rows;
        if (bins < m.MainBins)
            throw new BlendInputException(
                $"{source}: {recording.Rows} rows{(m.Rebin > 1 ? $" ({bins} bins after summing {m.Rebin} rows per model bin)" : "")} are shorter than one model window of {m.MainBins} bins");
        var starts = Chopping.CoveringStarts(bins, m.MainBins, m.ChopOverlapBins);
        var heldin = binned.SelectColumns(m.HeldinNeurons);
        var windows = new Array3(starts.Length, m.MainBins, m.HeldinCount);
        for (int w = 0; w < starts.Length; w++) heldin.Values.AsSpan(starts[w] * m.HeldinCount, m.MainBins * m.HeldinCount).CopyTo(windows.Trial(w));
        var trials = PredictTrials(windows, source, progress, cancellation);

        RowMatrix Merge(Array3 perWindow) => Chopping.MergeAt(perWindow.SliceTime(0, m.MainBins), starts, bins);
        var rates = ToRecordingOrder(Merge(trials.Rates), m.ChannelColumns, m.RecordingNeurons);
        var latents = trials.Latents.Select(l => (l.Name, Spread(Merge(l.Values), recording.Rows, m.Rebin, divide: false))).ToList();
        var behavior = trials.Behavior is null ? null : Spread(Chopping.MergeAt(trials.Behavior, starts, bins), recording.Rows, m.Rebin, divide: false);
        return new ContinuousPredictions(Spread(rates, recording.Rows, m.Rebin, divide: true), latents, behavior) { WindowStarts = starts };
    }

    /// <summary>B × (T + F) × N float32: the held-in counts in the main bins, zeros elsewhere (what the model reads).</summary>
    private static Tensor InputTensor(Array3 heldin, int start, int count, TrialLayout layout)
    {
        var values = new float[(long)count * layout.Bins * layout.Neurons];
        for (int trial = 0; trial < count; trial++)
            for (int t = 0; t < layout.MainBins; t++)
            {
                var bin = heldin.Bin(start + trial, t);
                long offset = ((long)trial * layout.Bins + t) * layout.Neurons;
                for (int c = 0; c < bin.Length; c++) values[offset + c] = double.IsNaN(bin[c]) ? 0 : (float)bin[c];
            }
        return tensor(values, [count, layout.Bins, layout.Neurons]);
    }

    /// <summary>Columns from model order (held-in then held-out) to the recording's order.</summary>
    internal static RowMatrix ToRecordingOrder(RowMatrix modelOrder, int[] channelColumns, int recordingNeurons)
    {
        var result = new RowMatrix(modelOrder.Rows, recordingNeurons);
        for (int row = 0; row < modelOrder.Rows; row++)
        {
            var from = modelOrder.Row(row);
            var to = result.Row(row);
            for (int c = 0; c < channelColumns.Length; c++) to[channelColumns[c]] = from[c];
        }
        return result;
    }

    /// <summary>
    /// Model bins back onto source rows: each model bin's value on its <paramref name="rebin"/> rows (a rate divided by
    /// <paramref name="rebin"/>, so it stays counts per row); trailing rows that no whole model bin covers are NaN.
    /// </summary>
    internal static RowMatrix Spread(RowMatrix perBin, int rows, int rebin, bool divide)
    {
        if (rebin == 1 && perBin.Rows == rows) return perBin;
        var result = new RowMatrix(rows, perBin.Cols);
        Array.Fill(result.Values, double.NaN);
        for (int row = 0; row < Math.Min(rows, perBin.Rows * rebin); row++)
        {
            var from = perBin.Row(row / rebin);
            var to = result.Row(row);
            for (int c = 0; c < from.Length; c++) to[c] = divide ? from[c] / rebin : from[c];
        }
        return result;
    }

    /// <summary>Releases the model's tensors.</summary>
    public void Dispose() => _model.Dispose();
}
