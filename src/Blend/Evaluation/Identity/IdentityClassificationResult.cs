using System.Text.Json;
using Blend.Evaluation.Statistics;

namespace Blend.Evaluation.Identity;

/// <summary>Everything a leave-one-mouse-out identity classification measured (JSON: snake_case, enums as strings).</summary>
public sealed record IdentityClassificationResult
{
    /// <summary>The held-out mice, one fold each, in ordinal order.</summary>
    public required IReadOnlyList<string> Mice { get; init; }

    /// <summary>The seeds run, each fixing the train / validation split and the classifiers' initial weights.</summary>
    public required IReadOnlyList<int> Seeds { get; init; }

    /// <summary>Fraction of each label's non-test identities used to train the classifier (the rest validate).</summary>
    public required double TrainFraction { get; init; }

    /// <summary>One entry per (task, classifier), tasks outer, classifiers in the order given.</summary>
    public required IReadOnlyList<IdentityTaskResult> Results { get; init; }

    /// <summary>The result of <paramref name="classifier"/> on <paramref name="task"/>; throws when it was not run.</summary>
    public IdentityTaskResult Get(IdentityTask task, string classifier) =>
        Results.FirstOrDefault(r => r.Task == task && r.Classifier == classifier)
        ?? throw new KeyNotFoundException($"no identity result for task {task}, classifier {classifier}");

    /// <summary>The result as JSON (snake_case keys, enums as strings), with a trailing newline.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ResultsJson.Options) + "\n";

    /// <summary>Reads a result written by <see cref="ToJson"/>.</summary>
    public static IdentityClassificationResult FromJson(string json) =>
        JsonSerializer.Deserialize<IdentityClassificationResult>(json, ResultsJson.Options)
        ?? throw new InvalidDataException("empty identity classification JSON");
}

/// <summary>
/// One classifier on one task over every seed. Each seed's predictions pool the test identities of all folds, so
/// every sample identity is predicted exactly once per seed; <see cref="Ids"/> and <see cref="Truth"/> list them
/// (ascending id) and each run's <see cref="IdentityRun.Predicted"/> aligns with them.
/// </summary>
public sealed record IdentityTaskResult
{
    /// <summary>The task classified (EC / IN, or the interneuron subclass).</summary>
    public required IdentityTask Task { get; init; }

    /// <summary>The classifier's name (<c>knn</c>, <c>linear</c>, <c>mlp</c> or <c>logistic</c>).</summary>
    public required string Classifier { get; init; }

    /// <summary>The task's label names, indexed by label.</summary>
    public required IReadOnlyList<string> Labels { get; init; }

    /// <summary>The sample identities of the task, ascending: every one is in exactly one fold's test set.</summary>
    public required IReadOnlyList<int> Ids { get; init; }

    /// <summary>True label name of each of <see cref="Ids"/>.</summary>
    public required IReadOnlyList<string> Truth { get; init; }

    /// <summary>Mean and SD (ddof 1) over seeds of the pooled scores.</summary>
    public required MeanStd Accuracy { get; init; }

    /// <summary>Mean and SD (ddof 1) over seeds of the balanced accuracy (mean recall over the true labels).</summary>
    public required MeanStd BalancedAccuracy { get; init; }

    /// <summary>Mean and SD (ddof 1) over seeds of the macro-averaged F1.</summary>
    public required MeanStd MacroF1 { get; init; }

    /// <summary>Accuracy of always predicting the most frequent true label (the same pooled test set for every seed).</summary>
    public required double MajorityAccuracy { get; init; }

    /// <summary>One run per seed, in seed order.</summary>
    public required IReadOnlyList<IdentityRun> Runs { get; init; }
}

/// <summary>One seed: the split and the classifier's initial weights.</summary>
public sealed record IdentityRun
{
    /// <summary>The run's seed.</summary>
    public required int Seed { get; init; }

    /// <summary>Scores of the predictions pooled over the folds.</summary>
    public required ClassificationScores Scores { get; init; }

    /// <summary>Confusion counts (true × predicted) of the pooled predictions.</summary>
    public required LabelConfusion Confusion { get; init; }

    /// <summary>Predicted label names, aligned with <see cref="IdentityTaskResult.Ids"/>.</summary>
    public required IReadOnlyList<string> Predicted { get; init; }

    /// <summary>Each leave-one-mouse-out fold, mice in ordinal order.</summary>
    public required IReadOnlyList<IdentityFoldResult> Folds { get; init; }

    /// <summary>Wall-clock seconds of the run's fits, summed over folds.</summary>
    public required double Seconds { get; init; }
}

/// <summary>One fold of one seed: sample counts, the fold's own scores (null without test samples) and the selected epoch.</summary>
public sealed record IdentityFoldResult
{
    /// <summary>The mouse whose identities were tested.</summary>
    public required string HeldOutMouse { get; init; }

    /// <summary>Identities the classifier was trained on.</summary>
    public required int Train { get; init; }

    /// <summary>Identities used for model selection.</summary>
    public required int Validation { get; init; }

    /// <summary>Identities of the held-out mouse that were predicted (samples of the task).</summary>
    public required int Test { get; init; }

    /// <summary>Scores of this fold's test predictions alone; null when the held-out mouse has no samples of the task.</summary>
    public ClassificationScores? Scores { get; init; }

    /// <summary>The epoch (0-based) whose weights predicted, for classifiers trained in epochs; null otherwise.</summary>
    public int? SelectedEpoch { get; init; }

    /// <summary>Wall-clock seconds to fit the classifier and predict the fold.</summary>
    public required double Seconds { get; init; }
}
