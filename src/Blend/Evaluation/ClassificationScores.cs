namespace Blend.Evaluation;

/// <summary>
/// Scores of a label prediction (cell class or subclass from neuron embeddings) as scikit-learn computes them:
/// plain accuracy; balanced accuracy = the mean recall over the classes present in the true labels
/// (<c>balanced_accuracy_score</c>); macro-F1 = the unweighted mean F1 over every label seen in the true or predicted
/// labels, 0 for a label never predicted and never true-positive (<c>f1_score(average='macro', zero_division=0)</c>);
/// and the majority-class baseline's accuracy. Balanced accuracy and macro-F1 matter because the excitatory class
/// is a large majority: a constant prediction scores ≈ 0.76 plain accuracy there.
/// </summary>
public sealed record ClassificationScores(double Accuracy, double BalancedAccuracy, double MacroF1, double MajorityAccuracy)
{
    /// <summary>Scores <paramref name="predicted"/> labels against <paramref name="truth"/> (same length, at least one pair; labels compared ordinally).</summary>
    public static ClassificationScores Of(IReadOnlyList<string> truth, IReadOnlyList<string> predicted)
    {
        var matrix = ConfusionMatrix.Of(truth, predicted);
        int n = truth.Count;
        int correct = Enumerable.Range(0, matrix.Labels.Count).Sum(i => matrix.Counts[i, i]);
        var recalls = new List<double>();
        var f1s = new List<double>();
        for (int i = 0; i < matrix.Labels.Count; i++)
        {
            int truePositives = matrix.Counts[i, i];
            int actual = matrix.RowTotal(i), predictedCount = matrix.ColumnTotal(i);
            if (actual > 0) recalls.Add(truePositives / (double)actual);
            f1s.Add(actual + predictedCount == 0 ? 0 : 2.0 * truePositives / (actual + predictedCount));
        }
        int majority = truth.GroupBy(t => t, StringComparer.Ordinal).Max(g => g.Count());
        return new ClassificationScores(correct / (double)n, recalls.Average(), f1s.Average(), majority / (double)n);
    }
}

/// <summary>
/// Counts of (true label, predicted label) pairs over the sorted (ordinal) union of labels: row = true, column = predicted,
/// as scikit-learn's <c>confusion_matrix</c> with <c>labels</c> sorted.
/// </summary>
public sealed class ConfusionMatrix
{
    private ConfusionMatrix(IReadOnlyList<string> labels, int[,] counts)
    {
        Labels = labels;
        Counts = counts;
    }

    /// <summary>Every label seen in the true or predicted labels, in ordinal order: the rows' and columns' labels.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>labels × labels: <c>Counts[t, p]</c> samples whose true label is <c>Labels[t]</c> and predicted label <c>Labels[p]</c>.</summary>
    public int[,] Counts { get; }

    /// <summary>Samples whose true label is <c>Labels[row]</c> (the support of that label).</summary>
    public int RowTotal(int row) => Enumerable.Range(0, Labels.Count).Sum(c => Counts[row, c]);

    /// <summary>Samples predicted as <c>Labels[column]</c>.</summary>
    public int ColumnTotal(int column) => Enumerable.Range(0, Labels.Count).Sum(r => Counts[r, column]);

    /// <summary>Counts the (true, predicted) pairs of <paramref name="truth"/> and <paramref name="predicted"/> (same length, at least one pair).</summary>
    public static ConfusionMatrix Of(IReadOnlyList<string> truth, IReadOnlyList<string> predicted)
    {
        if (truth.Count != predicted.Count)
            throw new MetricInputException($"classification scores: {truth.Count} true labels but {predicted.Count} predictions");
        if (truth.Count == 0) throw new MetricInputException("classification scores: no labels to score");
        var labels = truth.Concat(predicted).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var index = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var counts = new int[labels.Length, labels.Length];
        for (int k = 0; k < truth.Count; k++) counts[index[truth[k]], index[predicted[k]]]++;
        return new ConfusionMatrix(labels, counts);
    }
}
