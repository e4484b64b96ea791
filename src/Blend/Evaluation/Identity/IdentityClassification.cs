using System.Diagnostics;
using Blend.Data;
using Blend.Data.Identity;
using Blend.Evaluation.Statistics;

namespace Blend.Evaluation.Identity;

/// <summary>
/// The feature matrix a fold's classifiers read: one row per identity (row i = <c>Neurons[i]</c>), for the fold that
/// holds out <paramref name="heldOutMouse"/> under <paramref name="seed"/>. A dynamics model retrained per fold gives
/// a different matrix per fold; fixed features (the probes) give the same one.
/// </summary>
public delegate RowMatrix IdentityFeatures(string heldOutMouse, int seed);

/// <summary>What to run: the tasks and the classifier-train fraction of the non-test identities.</summary>
public sealed record IdentityClassificationOptions
{
    /// <summary>The tasks to classify (default: class, then subclass).</summary>
    public IReadOnlyList<IdentityTask> Tasks { get; init; } = IdentityTasks.All;

    /// <summary>Fraction of each label's non-test identities that trains the classifier, the rest validating (default 0.8, NeuPRINT's).</summary>
    public double TrainFraction { get; init; } = IdentityFolds.ReferenceTrainFraction;
}

/// <summary>
/// Leave-one-mouse-out identity classification (NeuPRINT's evaluation as this port runs it): for each seed, each fold of
/// <see cref="IdentityFolds"/>, each task and each classifier, fit on the fold's train (and validation) identities
/// and predict its test identities; pool the predictions over folds, score them with <see cref="ClassificationScores"/>,
/// and summarise the seeds by mean and SD. The seed fixes both the split and the classifier's initial weights.
/// </summary>
public static class IdentityClassification
{
    /// <summary>The same features for every fold.</summary>
    public static IdentityClassificationResult Run(IReadOnlyList<IdentityNeuron> neurons, RowMatrix features,
        IReadOnlyList<IIdentityClassifier> classifiers, IReadOnlyList<int> seeds,
        IdentityClassificationOptions? options = null, Action<string>? progress = null) =>
        Run(neurons, (_, _) => features, classifiers, seeds, options, progress);

    /// <summary>
    /// Runs every task × classifier over every seed's leave-one-mouse-out folds, reading each fold's features from
    /// <paramref name="features"/> (one row per identity); <paramref name="progress"/> gets one line per fit.
    /// </summary>
    public static IdentityClassificationResult Run(IReadOnlyList<IdentityNeuron> neurons, IdentityFeatures features,
        IReadOnlyList<IIdentityClassifier> classifiers, IReadOnlyList<int> seeds,
        IdentityClassificationOptions? options = null, Action<string>? progress = null)
    {
        options ??= new IdentityClassificationOptions();
        if (seeds.Count == 0) throw new BlendInputException("identity classification: no seeds");
        if (classifiers.Count == 0) throw new BlendInputException("identity classification: no classifiers");
        if (options.Tasks.Count == 0) throw new BlendInputException("identity classification: no tasks");
        var duplicate = classifiers.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new BlendInputException($"identity classification: classifier {duplicate.Key} given twice");
        foreach (var task in options.Tasks)
            if (!neurons.Any(n => IdentityTasks.IsSample(task, n)))
                throw new MetricInputException($"identity classification: no identity is a sample of the {task} task");

        // outcomes[(task, classifier)]: per seed, in seed order, the outcome of each fold.
        var outcomes = new Dictionary<(IdentityTask, string), List<(int Seed, List<FoldOutcome> Folds)>>();
        foreach (int seed in seeds)
        {
            var seedFolds = IdentityFolds.LeaveOneMouseOut(neurons, seed, options.TrainFraction);
            foreach (var task in options.Tasks)
                foreach (var classifier in classifiers)
                {
                    if (!outcomes.TryGetValue((task, classifier.Name), out var list)) outcomes[(task, classifier.Name)] = list = [];
                    list.Add((seed, []));
                }
            foreach (var fold in seedFolds)
            {
                var matrix = features(fold.HeldOutMouse, seed);
                if (matrix.Rows != neurons.Count)
                    throw new MetricInputException(
                        $"identity features for held-out {fold.HeldOutMouse}, seed {seed}: shape {matrix.ShapeText}, expected one row per identity ({neurons.Count})");
                foreach (var task in options.Tasks)
                {
                    var taskFold = fold.For(task, neurons);
                    foreach (var classifier in classifiers)
                    {
                        var outcome = Fit(classifier, task, taskFold, neurons, matrix);
                        outcomes[(task, classifier.Name)][^1].Folds.Add(outcome);
                        progress?.Invoke(
                            $"{task} {classifier.Name} seed {seed} without {fold.HeldOutMouse}: " +
                            $"{outcome.Result.Scores?.BalancedAccuracy.ToString("F3") ?? "no test samples"} balanced accuracy ({outcome.Result.Seconds:F1} s)");
                    }
                }
            }
        }

        var results = new List<IdentityTaskResult>();
        foreach (var task in options.Tasks)
            foreach (var classifier in classifiers)
                results.Add(Summarise(task, classifier.Name, outcomes[(task, classifier.Name)], neurons));
        return new IdentityClassificationResult
        {
            Mice = IdentityFolds.Mice(neurons),
            Seeds = seeds.ToArray(),
            TrainFraction = options.TrainFraction,
            Results = results,
        };
    }

    private sealed record FoldOutcome(IdentityFoldResult Result, int[] TestIds, int[] Predicted);

    private static FoldOutcome Fit(IIdentityClassifier classifier, IdentityTask task, IdentityFold fold,
        IReadOnlyList<IdentityNeuron> neurons, RowMatrix features)
    {
        string where = $"{task} task without {fold.HeldOutMouse}, seed {fold.Seed}";
        if (fold.Train.Count == 0) throw new MetricInputException($"identity classification, {where}: no training identities");
        var clock = Stopwatch.StartNew();
        int[] Labels(IReadOnlyList<int> ids) => ids.Select(id => IdentityTasks.Label(task, neurons[id])!.Value).ToArray();
        var testIds = fold.Test.ToArray();
        int[] predicted = [];
        int? epoch = null;
        if (testIds.Length > 0)
        {
            var problem = new ClassifierProblem(Rows(features, fold.Train, where), Labels(fold.Train),
                Rows(features, fold.Validation, where), Labels(fold.Validation), Rows(features, testIds, where),
                IdentityTasks.ClassCount(task));
            var fit = classifier.FitPredict(problem, fold.Seed);
            predicted = fit.Predicted;
            epoch = fit.SelectedEpoch;
        }
        var names = IdentityTasks.LabelNames(task);
        var result = new IdentityFoldResult
        {
            HeldOutMouse = fold.HeldOutMouse,
            Train = fold.Train.Count,
            Validation = fold.Validation.Count,
            Test = testIds.Length,
            Scores = testIds.Length == 0 ? null
                : ClassificationScores.Of(Labels(testIds).Select(l => names[l]).ToArray(), predicted.Select(l => names[l]).ToArray()),
            SelectedEpoch = epoch,
            Seconds = clock.Elapsed.TotalSeconds,
        };
        return new FoldOutcome(result, testIds, predicted);
    }

    private static IdentityTaskResult Summarise(IdentityTask task, string classifier,
        List<(int Seed, List<FoldOutcome> Folds)> seeds, IReadOnlyList<IdentityNeuron> neurons)
    {
        var names = IdentityTasks.LabelNames(task);
        var ids = neurons.Where(n => IdentityTasks.IsSample(task, n)).Select(n => n.Id).ToArray();
        var truth = ids.Select(id => names[IdentityTasks.Label(task, neurons[id])!.Value]).ToArray();
        var position = ids.Select((id, k) => (id, k)).ToDictionary(p => p.id, p => p.k);
        var runs = new List<IdentityRun>();
        foreach (var (seed, folds) in seeds)
        {
            var predicted = new string?[ids.Length];
            foreach (var fold in folds)
                for (int k = 0; k < fold.TestIds.Length; k++)
                {
                    int at = position[fold.TestIds[k]];
                    if (predicted[at] is not null)
                        throw new InvalidOperationException($"identity {fold.TestIds[k]} is tested in two folds");
                    predicted[at] = names[fold.Predicted[k]];
                }
            int missing = Array.IndexOf(predicted, null);
            if (missing >= 0) throw new InvalidOperationException($"identity {ids[missing]} is tested in no fold");
            var labels = predicted.Select(p => p!).ToArray();
            runs.Add(new IdentityRun
            {
                Seed = seed,
                Scores = ClassificationScores.Of(truth, labels),
                Confusion = LabelConfusion.Of(truth, labels),
                Predicted = labels,
                Folds = folds.Select(f => f.Result).ToArray(),
                Seconds = folds.Sum(f => f.Result.Seconds),
            });
        }
        return new IdentityTaskResult
        {
            Task = task,
            Classifier = classifier,
            Labels = names,
            Ids = ids,
            Truth = truth,
            Accuracy = MeanStd.Of(runs.Select(r => r.Scores.Accuracy).ToArray()),
            BalancedAccuracy = MeanStd.Of(runs.Select(r => r.Scores.BalancedAccuracy).ToArray()),
            MacroF1 = MeanStd.Of(runs.Select(r => r.Scores.MacroF1).ToArray()),
            MajorityAccuracy = runs[0].Scores.MajorityAccuracy,
            Runs = runs,
        };
    }

    /// <summary>The rows of <paramref name="ids"/>, refusing non-finite features with the identity named.</summary>
    private static RowMatrix Rows(RowMatrix features, IReadOnlyList<int> ids, string where)
    {
        var result = new RowMatrix(ids.Count, features.Cols);
        for (int k = 0; k < ids.Count; k++)
        {
            ReadOnlySpan<double> source = features.Row(ids[k]);
            foreach (double v in source)
                if (!double.IsFinite(v))
                    throw new MetricInputException($"identity classification, {where}: features of identity {ids[k]} contain {v}");
            source.CopyTo(result.Row(k));
        }
        return result;
    }
}
