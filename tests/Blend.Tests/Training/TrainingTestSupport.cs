using Blend.Data;
using Blend.Data.Synthetic;
using Blend.Models;
using Blend.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Blend.Tests.Training;

/// <summary>Tests that train models share torch's global generator and thread pool: they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchTrainingCollection
{
    public const string Name = "torch training";
}

/// <summary>
/// A tiny deterministic model for trainer tests (no dropout): log-rate(t) = W·input(t) + b(t), so held-out neurons are
/// read out from held-in ones and forward bins from the per-bin bias.
/// </summary>
internal sealed class LinearTestModel : NeuralDynamicsModel
{
    private readonly int _neurons;
    private readonly Linear mix;
    private readonly Parameter bias;

    public LinearTestModel(int neurons, int bins) : base(nameof(LinearTestModel))
    {
        _neurons = neurons;
        mix = nn.Linear(neurons, neurons, hasBias: false);
        bias = new Parameter(full(bins, neurons, -1.5f));
        RegisterComponents();
    }

    public override int Neurons => _neurons;
    public override int BehaviorDims => 0;
    public override int FeatureWidth => _neurons;
    public override int FeatureLayers => 1;

    public override ModelOutput Forward(Tensor neural, Tensor? behavior = null)
    {
        var logRates = mix.forward(neural).add(bias);
        return new ModelOutput(logRates, [logRates]);
    }
}

internal static class TrainingTestData
{
    /// <summary>24 training + 8 eval trials, 20 + 8 neurons, 30 + 6 bins: seconds of work at most.</summary>
    public static SyntheticOptions Options(int seed = 3) => new()
    {
        Seed = seed, TrainTrials = 24, EvalTrials = 8, Conditions = 4,
        HeldinNeurons = 20, HeldoutNeurons = 8, MainBins = 30, ForwardBins = 6,
    };

    private static readonly Lazy<SyntheticNlbFiles> Files = new(() => SyntheticNlbFiles.From(SyntheticDataset.Generate(Options())));

    public static SyntheticNlbFiles NlbFiles => Files.Value;

    /// <summary>The tiny synthetic dataset as an in-memory source (no manifest: a seeded validation split).</summary>
    public static DatasetSource Source(int[]? validationTrials = null)
    {
        var files = Files.Value;
        var o = Options();
        DatasetManifest? manifest = validationTrials is null ? null : new DatasetManifest
        {
            Name = o.DatasetName, BinMs = o.BinMs, Bins = o.MainBins + o.ForwardBins, WindowBins = o.MainBins, ForwardBins = o.ForwardBins,
            Neurons = o.Neurons, HeldinNeurons = [.. Enumerable.Range(0, o.HeldinNeurons)],
            HeldoutNeurons = [.. Enumerable.Range(o.HeldinNeurons, o.HeldoutNeurons)], BehaviorDims = 2, ValidationTrials = validationTrials,
        };
        return new DatasetSource
        {
            Folder = "memory", Name = o.DatasetName,
            TrainInput = files.TrainInput, TrainInputPath = "train_input.h5",
            EvalInput = files.EvalInput, EvalInputPath = "eval_input.h5",
            EvalTarget = files.EvalTarget, TargetPath = "eval_target.h5",
            Manifest = manifest, ManifestPath = manifest is null ? null : "dataset.json",
        };
    }

    /// <summary>Settings that train the linear model in a fraction of a second.</summary>
    public static TrainingOptions Fast => new()
    {
        Seed = 5, Epochs = 12, BatchSize = 8, Lr = 2e-2, Warmup = 2, ValInterval = 3, Patience = 1000,
        WeightDecay = 1e-4, MaskRandomRatio = 0.5, MaskTokenRatio = 0.8,
    };

    public static TrainingData Data(TrainingOptions? options = null, int[]? validationTrials = null) =>
        TrainingData.Load(Source(validationTrials), options ?? Fast);

    public static LinearTestModel Model(TrainingData data, int seed = 5)
    {
        random.manual_seed(seed);
        return new LinearTestModel(data.Layout.Neurons, data.Layout.Bins);
    }

    public static float[] Parameters(nn.Module model) =>
        model.parameters().SelectMany(p => p.detach().cpu().data<float>().ToArray()).ToArray();
}
