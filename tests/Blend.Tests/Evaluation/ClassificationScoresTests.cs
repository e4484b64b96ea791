using Blend.Evaluation;

namespace Blend.Tests.Evaluation;

/// <summary>Expected values from scikit-learn 1.2.1 (accuracy_score, balanced_accuracy_score, f1_score macro, confusion_matrix).</summary>
public class ClassificationScoresTests
{
    private static readonly string[] Truth = ["Vip", "Sst", "Pvalb", "Vip", "Lamp5", "Sst", "Sst", "Pvalb", "Vip", "Sncg", "Vip", "Pvalb"];
    private static readonly string[] Predicted = ["Vip", "Pvalb", "Pvalb", "Sst", "Lamp5", "Sst", "Vip", "Pvalb", "Vip", "Vip", "Vip", "Lamp5"];

    [Fact]
    public void SubclassScoresMatchScikitLearn()
    {
        var scores = ClassificationScores.Of(Truth, Predicted);
        Assert.Equal(0.5833333333333334, scores.Accuracy, 15);
        Assert.Equal(0.55, scores.BalancedAccuracy, 15);
        Assert.Equal(0.48, scores.MacroF1, 15);
        Assert.Equal(4 / 12.0, scores.MajorityAccuracy, 15); // Vip
    }

    [Fact]
    public void ConfusionMatrixRowsAreTrueLabelsInSortedOrder()
    {
        var matrix = ConfusionMatrix.Of(Truth, Predicted);
        Assert.Equal(["Lamp5", "Pvalb", "Sncg", "Sst", "Vip"], matrix.Labels);
        int[,] expected = { { 1, 0, 0, 0, 0 }, { 1, 2, 0, 0, 0 }, { 0, 0, 0, 0, 1 }, { 0, 1, 0, 1, 1 }, { 0, 0, 0, 1, 3 } };
        Assert.Equal(expected, matrix.Counts);
    }

    [Fact]
    public void PredictedLabelsAbsentFromTheTruthCountInMacroF1ButNotInBalancedAccuracy()
    {
        var scores = ClassificationScores.Of(["EC", "EC", "IN", "EC", "IN"], ["EC", "EC", "EC", "EC", "Pv"]);
        Assert.Equal(0.5, scores.BalancedAccuracy, 15);
        Assert.Equal(0.2857142857142857, scores.MacroF1, 15);
        Assert.Equal(0.6, scores.MajorityAccuracy, 15);
    }

    [Fact]
    public void MismatchedOrEmptyLabelsAreRefused()
    {
        Assert.Throws<MetricInputException>(() => ClassificationScores.Of(["EC"], ["EC", "IN"]));
        Assert.Throws<MetricInputException>(() => ClassificationScores.Of([], []));
    }
}
