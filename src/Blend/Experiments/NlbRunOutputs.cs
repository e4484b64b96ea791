using Blend.Data;
using Blend.Deployment;
using Blend.Evaluation;
using Blend.Models;
using Blend.Reporting;
using Blend.Training;

namespace Blend.Experiments;

/// <summary>What a trained NLB model leaves in its run folder: its rates (submission.h5), their scores and its deployable bundle.</summary>
/// <param name="Rates">The predicted rates of the training and eval trials (the submission).</param>
/// <param name="Scores">The eval split's NLB scores, or null when the dataset has no eval target.</param>
public sealed record NlbRunOutputs(NlbDatasetRates Rates, IReadOnlyList<DatasetScores>? Scores)
{
    /// <summary>
    /// The path every trained NLB model takes after training — <c>blend train</c> and each model of
    /// <see cref="BlendRecipe"/> alike: reload the selected checkpoint (best.pt; the last state when there was no
    /// validation yet), predict with <c>training.inference_passes</c> masked passes, write submission.h5, score it against
    /// <paramref name="target"/> into scores.json, and write the deployable bundle unless <paramref name="bundleRole"/> is null
    /// (a teacher needs behavior, which deployment does not have).
    /// </summary>
    public static NlbRunOutputs Write(NeuralDynamicsModel model, TrainingData data, TrainingConfig config, RunFolder run, int bestEpoch,
        BundleDataDescription bundleData, string modelName, string? bundleRole, NlbEvalTarget? target, string? targetPath, Action<string> warn)
    {
        if (File.Exists(run.BestCheckpoint)) Trainer.LoadModel(run.BestCheckpoint, model);
        var rates = RatePrediction.Submission(model, data, config.Training.BatchSize, config.Training.InferencePasses);
        var submission = new NlbSubmission(data.Name, rates);
        submission.Write(run.Submission);
        IReadOnlyList<DatasetScores>? scores = null;
        if (target is not null && targetPath is not null && target.Datasets.ContainsKey(data.Name))
        {
            scores = NlbEvaluator.Evaluate(target, submission, targetPath, run.Submission, warn);
            EvaluationJson.Write(run.Scores, scores);
        }
        if (bundleRole is not null)
        {
            string bundle = Path.Combine(run.Path, ModelBundle.FolderName);
            if (Directory.Exists(bundle)) Directory.Delete(bundle, recursive: true); // a resumed run replaces the bundle of its earlier end
            ModelBundle.Write(bundle, model, config, data.Layout, bundleData, modelName, bundleRole, bestEpoch,
                Array3.ConcatChannels(rates.TrainRatesHeldin, rates.TrainRatesHeldout));
        }
        return new NlbRunOutputs(rates, scores);
    }
}
