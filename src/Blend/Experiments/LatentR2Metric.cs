using Blend.Data.Synthetic;
using Blend.Evaluation;

namespace Blend.Experiments;

/// <summary>
/// <see cref="LatentR2"/> as a run metric: on a synthetic dataset (one with <c>ground_truth.h5</c>), how much of the true
/// latent state (dynamics and reach latent) a ridge map from the model's first latent recovers on the eval trials.
/// </summary>
public sealed class LatentR2Metric : IRunMetric
{
    /// <inheritdoc/>
    public string Name => LatentR2.MetricName;

    /// <inheritdoc/>
    public Func<TrainedRun, double>? For(RunMetricData data, Action<string> note)
    {
        var d = data.Data;
        var truth = GroundTruthLatents.Read(data.DataFolder, d.Layout.MainBins);
        if (truth is null) return null;
        if (truth.Train.Trials != d.TrainTrialCount || truth.Eval.Trials != d.EvalTrialCount)
        {
            note($"note: no latent R²: {SyntheticDatasetWriter.GroundTruthFile} holds {truth.Train.Trials} + {truth.Eval.Trials} trials, the data {d.TrainTrialCount} + {d.EvalTrialCount}");
            return null;
        }
        int main = d.Layout.MainBins;
        return run => LatentR2.Score(run.TrainLatents[0].Values.SliceTime(0, main), truth.Train, run.EvalLatents[0].Values.SliceTime(0, main), truth.Eval);
    }
}
