using System.Text.Json;
using Blend.Evaluation.Statistics;

namespace Blend.Evaluation.Identity;

/// <summary>Everything a leave-one-mouse-out identity classification measured (JSON: snake_case, enums as strings).</summary>
public sealed record IdentityClassificationResult
{
    /// <summary>The held-out mice, one fold each, in ordinal order.</summary>
    public required IReadOnlyList<string> Mice { get; init; }

    public required IReadOnlyList<int> Seeds { get; init; }

    /// <summary>Fraction of each label's non-test identities used to train the classifier (the rest validate).</summary>
    public required double TrainFraction { get; init; }

    /// <summary>One entry per (task, classifier), tasks outer, classifiers in the order given.</summary>
    public required IReadOnlyList<IdentityTaskResult> Results { get; init; }

    public IdentityTaskResult Get(IdentityTask task, string classifier) =>
        Results.FirstOrDefault(r => r.Task == task && r.Classifier == classifier)
        ?? throw new KeyNotFoundException($"no identity result for task {task}, classifier {classifier}");

    public string ToJson() => JsonSerializer.Serialize(this, ResultsJson.Options) + "\n";

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
    public required IdentityTask Task { get; init; }

    public required string Classifier { get; init; }

    /// <summary>The task's label names, indexed by label.</summary>
    public required IReadOnlyList<string> Labels { get; init; }

    public required IReadOnlyList<int> Ids { get; init; }

    public required IReadOnlyList<string> Truth { get; init; }

    /// <summary>Mean and SD (ddof 1) over seeds of the pooled scores.</summary>
    public required MeanStd Accuracy { get; init; }

    public required MeanStd BalancedAccuracy { get; init; }

    public required MeanStd MacroF1 { get; init; }

    /// <summary>Accuracy of always predicting the most frequent true label (the same pooled test set for every seed).</summary>
    public required double MajorityAccuracy { get; init; }

    public required IReadOnlyList<IdentityRun> Runs { get; init; }
}

/// <summary>One seed: the split and the classifier's initial weights.</summary>
public sealed record IdentityRun
{
    public required int Seed { get; init; }

    /// <summary>Scores of the predictions pooled over the folds.</summary>
    public required ClassificationScores Scores { get; init; }

    public required LabelConfusion Confusion { get; init; }

    /// <summary>Predicted label names, aligned with <see cref="IdentityTaskResult.Ids"/>.</summary>
    public required IReadOnlyList<string> Predicted { get; init; }

    public required IReadOnlyList<IdentityFoldResult> Folds { get; init; }

    public required double Seconds { get; init; }
}

/// <summary>One fold of one seed: sample counts, the fold's own scores (null without test samples) and the selected epoch.</summary>
public sealed record IdentityFoldResult
{
    public required string HeldOutMouse { get; init; }

    public required int Train { get; init; }

    public required int Validation { get; init; }

    public required int Test { get; init; }

    public ClassificationScores? Scores { get; init; }

    public int? SelectedEpoch { get; init; }

    public required double Seconds { get; init; }
}
