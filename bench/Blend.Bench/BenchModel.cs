using Blend.Data;
using Blend.Experiments;
using Blend.Training;
using static TorchSharp.torch;

namespace Blend.Bench;

/// <summary>
/// The model and trial shape the training benchmarks (<c>train</c>, <c>profile</c>) share, from their options:
/// --architecture ndt|stndt|lfads|conv (ndt), --config FILE (default configs/&lt;architecture&gt;.yaml when it exists; an
/// experiment config such as configs/blend-demo.yaml is read too), --layers / --hidden, --batch 64, --heldin 137,
/// --heldout 45, --bins 140, --forward 40, --threads N (libtorch's default).
/// </summary>
internal sealed record BenchModel(string Architecture, string? ConfigPath, TrainingConfig Config, TrialLayout Layout, int Batch)
{
    public static BenchModel From(BenchOptions o)
    {
        if (o.Int("threads", 0) is int threads and > 0) set_num_threads(threads);
        string architecture = o.String("architecture") ?? "ndt";
        string? configPath = o.String("config") ?? (File.Exists($"configs/{architecture}.yaml") ? $"configs/{architecture}.yaml" : null);
        var config = ExperimentConfig.Load(configPath, [$"model.architecture={architecture}"]).Training;
        config = config with { Model = config.Model with { Layers = o.Int("layers", config.Model.Layers), HiddenSize = o.Int("hidden", config.Model.HiddenSize) } };
        var layout = new TrialLayout(o.Int("heldin", 137), o.Int("heldout", 45), o.Int("bins", 140), o.Int("forward", 40), 0);
        return new BenchModel(architecture, configPath, config, layout, o.Int("batch", 64));
    }
}
