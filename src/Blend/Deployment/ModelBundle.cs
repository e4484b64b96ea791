using Blend.Data;
using Blend.Models;
using Blend.Training;
using static TorchSharp.torch;

namespace Blend.Deployment;

/// <summary>
/// A trained model as one self-describing folder: <c>bundle.json</c> (<see cref="BundleManifest"/>), the resolved
/// <c>config.yaml</c> and <c>weights.ckpt</c> (the model's parameters and buffers in Blend's checkpoint format).
/// <c>blend train</c> and <c>blend run</c> write one into every run folder (<c>model/</c>); <c>blend predict</c> reads
/// it. Written into a temporary folder and renamed, so a bundle is complete or absent. Like CEBRA's saved models, a bundle
/// is all a user needs to <c>transform</c> new data: no dataset folder, no run folder.
/// </summary>
public sealed class ModelBundle
{
    /// <summary>The bundle's folder name inside a run folder.</summary>
    public const string FolderName = BundleFolder.Name;

    private ModelBundle(string folder, BundleManifest manifest, TrainingConfig config)
    {
        Folder = folder;
        Manifest = manifest;
        Config = config;
    }

    /// <summary>The bundle's folder (holding <c>bundle.json</c>, <c>config.yaml</c> and <c>weights.ckpt</c>).</summary>
    public string Folder { get; }

    /// <summary>The bundle's <c>bundle.json</c>: data, geometry and decoder.</summary>
    public BundleManifest Manifest { get; }

    /// <summary>The resolved training config (<c>config.yaml</c>) the model was trained with and is rebuilt from.</summary>
    public TrainingConfig Config { get; }

    /// <summary>
    /// Writes a bundle for <paramref name="model"/> (already loaded with its best weights) into <paramref name="folder"/>
    /// (new or empty). <paramref name="trainRates"/> are the model's rates of every training trial's main bins
    /// (trials × T × N, model order), which the behavior decoder is fitted on.
    /// </summary>
    public static BundleManifest Write(string folder, NeuralDynamicsModel model, TrainingConfig config, TrialLayout layout,
        BundleDataDescription data, string name, string role, int bestEpoch, Array3 trainRates)
    {
        if (trainRates.Time != layout.MainBins || trainRates.Channels != layout.Neurons)
            throw new ArgumentException($"training rates {trainRates.ShapeText} do not fit {layout.MainBins} main bins × {layout.Neurons} neurons", nameof(trainRates));
        var behavior = data.TrainBehavior;
        BehaviorDecoder? decoder = behavior is not null && behavior.Trials == trainRates.Trials && behavior.Time == trainRates.Time
            ? BehaviorDecoder.Fit(trainRates, behavior) : null;
        var (mean, std) = behavior is null ? (null, null) : ChannelStatistics(behavior);
        var manifest = new BundleManifest
        {
            Model = name,
            Role = role,
            Architecture = config.Architecture,
            Dataset = data.Dataset,
            BinMs = data.BinMs,
            SourceBinMs = data.SourceBinMs,
            Rebin = data.Rebin,
            MainBins = layout.MainBins,
            ForwardBins = layout.ForwardBins,
            RecordingNeurons = data.RecordingNeurons,
            HeldinNeurons = data.HeldinNeurons,
            HeldoutNeurons = data.HeldoutNeurons,
            UnitIds = data.UnitIds,
            ChopOverlapBins = data.ChopOverlapBins,
            SourceSpikesFile = data.SourceSpikesFile,
            SourceRows = data.SourceRows,
            SourceEvalRows = data.SourceEvalRows,
            InferencePasses = config.Training.InferencePasses,
            BehaviorInputDims = model.BehaviorDims,
            BehaviorMean = mean,
            BehaviorStd = std,
            Decoder = decoder,
            Latents = LatentWidths(model, layout),
            TrainingTrials = data.TrainingTrials,
            ValidationTrials = data.ValidationTrials,
            BestEpoch = bestEpoch,
        };
        AtomicDirectory.Write(folder, temporary =>
        {
            File.WriteAllText(Path.Combine(temporary, BundleManifest.FileName), manifest.ToJson());
            File.WriteAllText(Path.Combine(temporary, BundleManifest.ConfigFileName), config.ToYaml());
            BundleWeights.Write(Path.Combine(temporary, BundleManifest.WeightsFileName), model);
        });
        return manifest;
    }

    /// <summary>
    /// Reads a bundle: its folder, or a run folder holding one in <c>model/</c>. Fails with one line on a missing file,
    /// an unknown format version or a config the weights do not fit.
    /// </summary>
    public static ModelBundle Read(string path)
    {
        string folder = BundleFolder.Resolve(path);
        var manifest = BundleManifest.Read(Path.Combine(folder, BundleManifest.FileName));
        string configPath = Path.Combine(folder, BundleManifest.ConfigFileName);
        if (!File.Exists(configPath)) throw new BlendInputException($"{configPath}: file not found (the bundle is incomplete)");
        var config = TrainingConfig.Load(configPath);
        if (config.Architecture != manifest.Architecture)
            throw new BlendInputException($"{configPath}: model.architecture {config.Architecture} differs from the bundle's {manifest.Architecture}");
        return new ModelBundle(folder, manifest, config);
    }

    /// <summary>Builds the bundle's model and loads its weights; the caller disposes it.</summary>
    public NeuralDynamicsModel CreateModel()
    {
        string weights = Path.Combine(Folder, BundleManifest.WeightsFileName);
        var layout = Manifest.Layout;
        var model = ModelFactory.Create(Config, layout with { BehaviorDims = Manifest.BehaviorInputDims },
            withBehavior: Manifest.BehaviorInputDims > 0);
        try
        {
            BundleWeights.Load(weights, model);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Names and widths of the model's latents, from one pass on one all-zero trial.</summary>
    private static BundleLatent[] LatentWidths(NeuralDynamicsModel model, TrialLayout layout)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        bool wasTraining = model.training;
        model.eval();
        try
        {
            var input = zeros(1, layout.Bins, layout.Neurons);
            var behavior = model.BehaviorDims > 0 ? zeros(1, layout.Bins, model.BehaviorDims) : null;
            return model.PredictLatents(input, behavior).Select(l => new BundleLatent(l.Name, (int)l.Value.shape[2])).ToArray();
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    private static (double[] Mean, double[] Std) ChannelStatistics(Array3 behavior)
    {
        int channels = behavior.Channels;
        var mean = new double[channels];
        var std = new double[channels];
        for (int c = 0; c < channels; c++)
        {
            double sum = 0, squares = 0;
            long count = 0;
            for (int i = c; i < behavior.Values.Length; i += channels)
            {
                double v = behavior.Values[i];
                if (double.IsNaN(v)) continue;
                sum += v;
                squares += v * v;
                count++;
            }
            mean[c] = count > 0 ? sum / count : 0;
            std[c] = count > 1 ? Math.Sqrt(Math.Max(0, (squares - count * mean[c] * mean[c]) / (count - 1))) : 0;
        }
        return (mean, std);
    }
}
