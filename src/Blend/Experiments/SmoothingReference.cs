using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Blend.Data;
using Blend.Evaluation;
using Blend.Models.Smoothing;
using Blend.Reporting;
using Blend.Training;
using Blend.Evaluation.Results;

namespace Blend.Experiments;

/// <summary>
/// NLB's smoothing baseline (<see cref="SmoothingBaseline"/>) as a reference row of an experiment and as
/// <c>blend smooth</c>: fitted once on a dataset folder, its kernel and α chosen on the clean-protocol validation trials
/// carved from the training trials (also when the deep models use the reference protocol: the eval split is never
/// chosen on), written as a run folder (submission.h5, smoothing.json, scores.json) and scored on the eval split.
/// </summary>
public static class SmoothingReference
{
    /// <summary>The smoothing row's name and folder.</summary>
    public const string ModelName = "smoothing";
    /// <summary>The chosen kernel and GLM penalty, as JSON.</summary>
    public const string SummaryFile = "smoothing.json";

    /// <summary>The smoothing baseline's inputs from a dataset folder; the behavior only serves the validation vel R².</summary>
    public static SmoothingData Data(DatasetSource source, double binMs) =>
        new(source.TrainInput.SpikesHeldin, source.TrainInput.SpikesHeldout, source.EvalInput.SpikesHeldin,
            source.TrainInput.BehaviorIs2D ? null : source.TrainInput.Behavior, binMs);

    /// <summary>What <see cref="FitAndWrite"/> produced: the fit and, where the folder has an eval target, its NLB scores.</summary>
    public sealed record Result(SmoothingFit Fit, IReadOnlyList<DatasetScores>? Scores, double Seconds);

    /// <summary>
    /// Fits the baseline on <paramref name="source"/> (validation trials as <paramref name="split"/> carves them) and
    /// writes submission.h5, smoothing.json and, with an eval target, scores.json into <paramref name="folder"/> (each
    /// file atomically; the folder is created).
    /// </summary>
    public static Result FitAndWrite(DatasetSource source, double binMs, TrainingOptions split, string folder, SmoothingOptions options,
        Action<string>? progress = null, Action<string>? warn = null, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        int[] validation = TrainingData.ValidationTrials(source, split);
        var fit = SmoothingBaseline.Fit(Data(source, binMs), validation, options, progress, cancellation);
        if (fit.UnconvergedFits > 0)
            warn?.Invoke($"smoothing baseline: {fit.UnconvergedFits} Poisson GLM fit(s) stopped before the gradient tolerance");
        Directory.CreateDirectory(folder);
        var run = new RunFolder(folder);
        var submission = new NlbSubmission(source.Name, fit.Rates);
        submission.Write(run.Submission);
        IReadOnlyList<DatasetScores>? scores = null;
        if (source.Target is { } target)
        {
            var eval = new NlbEvalTarget();
            eval.Datasets[source.Name] = target;
            scores = NlbEvaluator.Evaluate(eval, submission, source.TargetPath ?? "eval target", run.Submission, warn);
            EvaluationJson.Write(run.Scores, scores);
        }
        var summary = new { fit.Chosen, fit.Grid, fit.ValidationMetrics, fit.ValidationTrials, fit.BinMs, fit.UnconvergedFits };
        AtomicFile.WriteAllText(Path.Combine(folder, SummaryFile), JsonSerializer.Serialize(summary, ResultsJson.Options) + "\n");
        return new Result(fit, scores, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The experiment's reference run for a fit written to <paramref name="relativeFolder"/>; it stands for every replicate (it has no seed).</summary>
    public static ModelRun Run(Result result, string relativeFolder, int seed) => new()
    {
        Model = ModelName,
        Role = ModelRole.Reference,
        Replicate = 0,
        Seed = seed,
        Folder = relativeFolder.Replace(Path.DirectorySeparatorChar, '/'),
        Epochs = 0,
        BestEpoch = 0,
        BestValLoss = double.NaN,
        StopReason = "fitted",
        Seconds = Math.Round(result.Seconds, 2),
        Metrics = result.Scores is null ? new Dictionary<string, double>() : BlendExperiment.Metrics(result.Scores),
        ValidationMetrics = result.Fit.ValidationMetrics,
    };

    /// <summary>"σ 30 ms (9-bin window), α 1": the chosen grid cell, for progress lines.</summary>
    public static string Describe(SmoothingCandidate chosen) =>
        string.Create(CultureInfo.InvariantCulture, $"σ {chosen.KernelSdMs:0.#} ms ({chosen.WindowBins}-bin window), α {chosen.Alpha:G3}");
}
