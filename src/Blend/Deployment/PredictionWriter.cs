using System.Text.Json;
using System.Text.Json.Nodes;
using Blend.Data;

namespace Blend.Deployment;

/// <summary>
/// Writes what <c>blend predict</c> produced into its output folder: every array as <c>.npy</c> and all of them in one
/// HDF5 file (<c>predictions.h5</c>), an NLB submission for trial-aligned input, and <c>predict.json</c> (what went in,
/// what came out, with shapes and axes). Rates are counts per bin in the recording's neuron order.
/// </summary>
public static class PredictionWriter
{
    /// <summary>HDF5 file holding every predicted array (keys like <c>&lt;split&gt;/rates</c>).</summary>
    public const string PredictionsFile = "predictions.h5";
    /// <summary>The NLB submission (nlb_tools' HDF5 layout) for trial-aligned input.</summary>
    public const string SubmissionFile = "submission.h5";
    /// <summary>What went in and what came out, with every array's shape and axes (JSON).</summary>
    public const string SummaryFile = "predict.json";

    /// <summary>One written array: its file, HDF5 key, shape and what its axes are.</summary>
    public sealed record WrittenArray(string File, string Key, int[] Shape, string Axes);

    /// <summary>
    /// Trial-aligned predictions, per split: <c>&lt;split&gt;_rates.npy</c> (trials × (T + F) × N),
    /// <c>&lt;split&gt;_latents_&lt;name&gt;.npy</c>, <c>&lt;split&gt;_behavior.npy</c> (trials × T × D); and
    /// <paramref name="submission"/> as <c>submission.h5</c>.
    /// </summary>
    public static IReadOnlyList<WrittenArray> WriteTrials(string folder, BundleManifest bundle,
        IReadOnlyList<(string Split, TrialPredictions Predictions)> splits, NlbSubmission? submission)
    {
        var arrays = new List<(WrittenArray Entry, double[] Values)>();
        foreach (var (split, p) in splits)
        {
            var rates = ToRecordingOrder(p.Rates, bundle);
            arrays.Add((new($"{split}_rates.npy", $"{split}/rates", rates.Shape, "trials × bins (main then forward) × neurons (recording order)"), rates.Values));
            foreach (var (name, values) in p.Latents)
                arrays.Add((new($"{split}_latents_{name}.npy", $"{split}/latents/{name}", values.Shape, "trials × bins × latent dims"), values.Values));
            if (p.Behavior is { } behavior)
                arrays.Add((new($"{split}_behavior.npy", $"{split}/behavior", behavior.Shape, "trials × main bins × behavior channels (decoded)"), behavior.Values));
        }
        return Write(folder, bundle, arrays, submission);
    }

    /// <summary>Continuous predictions: <c>rates.npy</c> (rows × N), <c>latents_&lt;name&gt;.npy</c>, <c>behavior.npy</c>, all on the input's rows.</summary>
    public static IReadOnlyList<WrittenArray> WriteContinuous(string folder, BundleManifest bundle, ContinuousPredictions p)
    {
        var arrays = new List<(WrittenArray Entry, double[] Values)>
        {
            (new("rates.npy", "rates", [p.Rates.Rows, p.Rates.Cols], "input rows × neurons (recording order)"), p.Rates.Values),
        };
        foreach (var (name, values) in p.Latents)
            arrays.Add((new($"latents_{name}.npy", $"latents/{name}", [values.Rows, values.Cols], "input rows × latent dims"), values.Values));
        if (p.Behavior is { } behavior)
            arrays.Add((new("behavior.npy", "behavior", [behavior.Rows, behavior.Cols], "input rows × behavior channels (decoded)"), behavior.Values));
        return Write(folder, bundle, arrays, null, p.WindowStarts);
    }

    /// <summary>Writes <c>predict.json</c> (atomically) once the caller has the rest of the summary.</summary>
    public static void WriteSummary(string folder, JsonObject summary) =>
        AtomicFile.WriteAllText(Path.Combine(folder, SummaryFile), summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");

    private static IReadOnlyList<WrittenArray> Write(string folder, BundleManifest bundle, List<(WrittenArray Entry, double[] Values)> arrays,
        NlbSubmission? submission, int[]? windowStarts = null)
    {
        var h5 = new NlbFileWriter();
        foreach (var (entry, values) in arrays)
        {
            NpyFile.Write(Path.Combine(folder, entry.File), values, entry.Shape, asFloat32: true);
            h5.AddFloat32(entry.Key, values, entry.Shape);
        }
        h5.AddInt32("neuron_columns", Enumerable.Range(0, bundle.RecordingNeurons).ToArray());
        if (bundle.UnitIds is not null) h5.AddInt32("unit_ids", UnitIdsInRecordingOrder(bundle));
        if (windowStarts is not null) h5.AddInt32("window_starts", windowStarts);
        h5.Write(Path.Combine(folder, PredictionsFile));
        submission?.Write(Path.Combine(folder, SubmissionFile));
        return arrays.Select(a => a.Entry).ToList();
    }

    /// <summary>Model channel order (held-in then held-out) → the recording's column order, for trials × bins × N arrays.</summary>
    internal static Array3 ToRecordingOrder(Array3 modelOrder, BundleManifest bundle)
    {
        var reordered = BundlePredictor.ToRecordingOrder(RowMatrix.FromArray3(modelOrder), bundle.ChannelColumns, bundle.RecordingNeurons);
        return new Array3(modelOrder.Trials, modelOrder.Time, bundle.RecordingNeurons, reordered.Values);
    }

    private static int[] UnitIdsInRecordingOrder(BundleManifest bundle)
    {
        var ids = new int[bundle.RecordingNeurons];
        var columns = bundle.ChannelColumns;
        for (int c = 0; c < columns.Length; c++) ids[columns[c]] = checked((int)bundle.UnitIds![c]);
        return ids;
    }
}
