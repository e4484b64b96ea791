using Blend.Data;
using Blend.Evaluation;
using Blend.Evaluation.Identity;

namespace Blend.Tests.Evaluation.Identity;

/// <summary>Expected predictions from scikit-learn 1.2.1 KNeighborsClassifier(5) (tools/identity_classifier_expected.py).</summary>
public class NearestNeighborsClassifierTests
{
    private static readonly double[] Unit = [1.0, 1.0, 1.0, 1.0];
    private static readonly double[][] Offsets = [[0.0, 0.0, 0.0, 0.0], [0.6, 0.3, 0.0, -0.2], [-0.3, 0.6, 0.4, 0.0]];
    private static readonly int[] TrainLabels =
        [0, 1, 2, 0, 1, 2, 0, 0, 2, 0, 1, 2, 0, 1, 0, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 0, 2, 0, 1, 2, 0, 1, 0, 0, 1, 2, 0];
    private static readonly int[] Expected = [1, 0, 0, 0, 1, 2, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 2, 0, 1, 0, 2];

    [Fact]
    public void PredictionsMatchScikitLearn()
    {
        var train = IdentityTestData.Matrix(40, Unit, Offsets, TrainLabels, 11);
        var test = IdentityTestData.Matrix(25, Unit, Offsets, Enumerable.Range(0, 25).Select(i => i % 3).ToArray(), 12);
        var problem = new ClassifierProblem(train, TrainLabels, new RowMatrix(0, 4), [], test, 3);
        var fit = new NearestNeighborsClassifier().FitPredict(problem, seed: 0);
        Assert.Equal(Expected, fit.Predicted);
        Assert.Null(fit.SelectedEpoch);
    }

    [Fact]
    public void EqualDistancesKeepTrainingOrderAndTiedVotesGoToTheSmallestLabel()
    {
        // Six training rows at distance 1 from the query: the first five in row order vote 2, 1, 1, 2, 0 → tie 1/2 → 1.
        var train = new RowMatrix(6, 2, [1, 0, 0, 1, -1, 0, 0, -1, 1, 0, 5, 5]);
        Assert.Equal([0, 1, 2, 3, 4], NearestNeighborsClassifier.Nearest(train, [0.0, 0.0], 5));
        var test = new RowMatrix(1, 2, [0, 0]);
        Assert.Equal([1], NearestNeighborsClassifier.Predict(train, [2, 1, 1, 2, 0, 2], test, 3, 5));
        Assert.Equal([0], NearestNeighborsClassifier.Predict(train, [2, 0, 1, 0, 1, 1], test, 3, 3)); // 2, 0, 1: one vote each
    }

    [Fact]
    public void FewerTrainingRowsThanNeighboursAreRefused()
    {
        var train = new RowMatrix(3, 1, [0, 1, 2]);
        Assert.Throws<MetricInputException>(() => NearestNeighborsClassifier.Predict(train, [0, 1, 0], train, 2, 5));
    }
}
