using Blend.Data;
using Blend.Models;
using Blend.Training;

namespace Blend.Experiments;

/// <summary>The experiment's data, as a <see cref="IRunMetric"/> sees it before any model trains.</summary>
/// <param name="DataFolder">The dataset folder (for files beside the NLB ones, such as a synthetic set's <c>ground_truth.h5</c>).</param>
/// <param name="Data">The loaded training and eval trials.</param>
public sealed record RunMetricData(string DataFolder, TrainingData Data);

/// <summary>
/// One trained model, selected and predicted, as a run metric scores it: the model (in eval mode, its selected
/// checkpoint loaded), its submitted rates, and its latents of the eval and training trials (computed when first asked
/// for; a teacher's with the trials' behavior).
/// </summary>
public sealed class TrainedRun(NeuralDynamicsModel model, NlbDatasetRates rates, IReadOnlyList<(string Name, Array3 Values)> evalLatents,
    Func<IReadOnlyList<(string Name, Array3 Values)>> trainLatents)
{
    private readonly Lazy<IReadOnlyList<(string Name, Array3 Values)>> _trainLatents = new(trainLatents);

    /// <summary>The model with its selected weights.</summary>
    public NeuralDynamicsModel Model { get; } = model;

    /// <summary>The rates it submitted for the training and eval trials.</summary>
    public NlbDatasetRates Rates { get; } = rates;

    /// <summary>Its latents of the eval trials (trials × bins × width each, in the model's order).</summary>
    public IReadOnlyList<(string Name, Array3 Values)> EvalLatents { get; } = evalLatents;

    /// <summary>Its latents of the training trials, predicted on first use.</summary>
    public IReadOnlyList<(string Name, Array3 Values)> TrainLatents => _trainLatents.Value;
}

/// <summary>
/// A per-model metric beside NLB's scorer (whose metrics are nlb_tools' own and fixed): it decides once per experiment
/// whether it applies to the data, then scores every trained model; its value joins the model's metrics in the table,
/// results.json, report.md and the paired statistics. Adding one is a class and a <see cref="RunMetrics.Register"/> call
/// (built-ins are listed in <see cref="RunMetrics"/>).
/// </summary>
public interface IRunMetric
{
    /// <summary>The metric's key in results and tables (e.g. <c>latent R2</c>).</summary>
    string Name { get; }

    /// <summary>A scorer for this experiment's data, or null when the metric does not apply to it (<paramref name="note"/> says why, once).</summary>
    Func<TrainedRun, double>? For(RunMetricData data, Action<string> note);
}
