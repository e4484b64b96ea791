using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Blend.Evaluation;

namespace Blend.Data.Synthetic;

/// <summary>
/// Writes a synthetic dataset as a folder: the NLB file set (train_input.h5, eval_input.h5, eval_target.h5), the
/// true rates as a submission (true_rates.h5), the ground truth (ground_truth.h5: latents, conditions, readout), and
/// summary.json with the ceiling scores of the true rates. All or nothing (see <see cref="AtomicDirectory"/>).
/// </summary>
public static class SyntheticDatasetWriter
{
    /// <summary>The NLB train-input file name (<c>train_input.h5</c>).</summary>
    public static readonly string TrainInputFile = new DatasetFiles().TrainInput;
    /// <summary>The NLB eval-input file name (<c>eval_input.h5</c>).</summary>
    public static readonly string EvalInputFile = new DatasetFiles().EvalInput;
    /// <summary>The NLB eval-target file name (<c>eval_target.h5</c>).</summary>
    public static readonly string EvalTargetFile = new DatasetFiles().EvalTarget;
    /// <summary>The true rates written as an NLB submission, whose score is the ceiling.</summary>
    public const string TrueRatesFile = "true_rates.h5";
    /// <summary>Latents, conditions and readout weights (HDF5), enough to recompute every true rate.</summary>
    public const string GroundTruthFile = "ground_truth.h5";
    /// <summary>JSON summary: options, trial counts, mean rate and the true rates' NLB scores.</summary>
    public const string SummaryFile = "summary.json";

    /// <summary>Writes the folder and returns the ceiling: the NLB metrics of the true rates.</summary>
    public static DatasetScores Write(SyntheticDataset data, string folder)
    {
        var files = SyntheticNlbFiles.From(data);
        var ceiling = NlbEvaluator.Evaluate(files.EvalTarget, files.TrueRates).Single();
        var fileSet = new DatasetFileSet
        {
            TrainInput = files.TrainInput,
            EvalInput = files.EvalInput,
            EvalTarget = files.EvalTarget,
            Manifest = Manifest(data),
        };
        AtomicDirectory.Write(folder, directory =>
        {
            fileSet.WriteInto(directory);
            files.TrueRates.Write(Path.Combine(directory, TrueRatesFile));
            GroundTruth(data).Write(Path.Combine(directory, GroundTruthFile));
            File.WriteAllText(Path.Combine(directory, SummaryFile), Summary(data, ceiling));
        });
        return ceiling;
    }

    /// <summary>The options as the manifest's <c>generator</c> records them (to tell whether a folder was made with them).</summary>
    public static JsonObject GeneratorJson(SyntheticOptions options) => (JsonObject)JsonSerializer.SerializeToNode(options, SummaryJson)!;

    private static DatasetManifest Manifest(SyntheticDataset data)
    {
        var o = data.Options;
        return new DatasetManifest
        {
            Name = o.DatasetName,
            Generator = GeneratorJson(o),
            GroundTruthFile = GroundTruthFile,
            BinMs = o.BinMs,
            Bins = o.MainBins + o.ForwardBins,
            WindowBins = o.MainBins,
            ForwardBins = o.ForwardBins,
            Neurons = o.Neurons,
            HeldinNeurons = [.. Enumerable.Range(0, o.HeldinNeurons)],
            HeldoutNeurons = [.. Enumerable.Range(o.HeldinNeurons, o.HeldoutNeurons)],
            BehaviorDims = ReachLatent.Dimensions,
            ValidationTrials = [],
            Seed = o.Seed,
        };
    }

    /// <summary>
    /// Latents, conditions and the readout; neurons in tensor order (held-in, then held-out). The rates themselves are
    /// in true_rates.h5; with these, log λ(t) = bias + W·(z(t) − mean)/std + U·reach(t + lag) recomputes every bin.
    /// </summary>
    private static NlbFileWriter GroundTruth(SyntheticDataset data)
    {
        int neurons = data.Options.Neurons, dims = data.LatentMean.Length;
        var writer = new NlbFileWriter();
        foreach (var (name, split) in new[] { ("train", data.Train), ("eval", data.Eval) })
        {
            writer.AddFloat32($"{name}/dynamics_latent", split.DynamicsLatent)
                .AddFloat32($"{name}/reach_latent", split.ReachLatent)
                .AddInt32($"{name}/conditions", split.Conditions);
        }
        writer.AddFloat32("readout/bias", data.Bias, [neurons])
            .AddFloat32("readout/dynamics_weights", data.DynamicsWeights, [neurons, dims])
            .AddFloat32("readout/reach_weights", data.ReachWeights, [neurons, 2])
            .AddInt32("readout/reach_neurons", data.ReachNeurons)
            .AddFloat32("readout/latent_mean", data.LatentMean, [dims])
            .AddFloat32("readout/latent_std", data.LatentStd, [dims]);
        return writer;
    }

    private static string Summary(SyntheticDataset data, DatasetScores ceiling)
    {
        var summary = new SyntheticSummary(
            data.Options.DatasetName, data.Options,
            data.Train.Spikes.Trials, data.Eval.Spikes.Trials,
            Math.Round(MeanRateHz(data), 3),
            data.ReachNeurons.Length,
            ceiling.Metrics.ToDictionary(m => m.Key, m => m.Value));
        return JsonSerializer.Serialize(summary, SummaryJson) + "\n";
    }

    private static double MeanRateHz(SyntheticDataset data) =>
        data.Train.Rates.Values.Average() * 1000 / data.Options.BinMs;

    private static readonly JsonSerializerOptions SummaryJson = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private sealed record SyntheticSummary(
        string Name, SyntheticOptions Options, int TrainTrials, int EvalTrials, double MeanRateHz, int ReachNeurons,
        Dictionary<string, double> Ceiling);
}
