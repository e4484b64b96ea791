using Blend.Evaluation;

namespace Blend.Tests.Evaluation;

public class RidgeRegressionTests
{
    private static void Close(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Max(1.0, Math.Abs(expected)),
            $"{what}: expected {expected:R}, got {actual:R}");

    [Theory]
    [InlineData(0.0, 1e-2)]
    [InlineData(1000.0, 1e-4)] // large offsets: the shift must remove the cancellation
    [InlineData(5.0, 3.7)]
    public void FitMatchesDirectSolveOfCentredNormalEquations(double offset, double alpha)
    {
        var (x, y) = RidgeTestData.Random(300, 10, 3, seed: 11, offset);
        var model = RidgeRegression.Fit(x, y, alpha);
        var direct = RidgeTestData.DirectFit(x, y, alpha, Enumerable.Range(0, x.Rows).ToArray());
        for (int i = 0; i < 10; i++)
            for (int c = 0; c < 3; c++)
                Close(direct.Coefficients[i, c], model.Coefficients[i * 3 + c], 1e-10, $"coef[{i},{c}]");
        for (int c = 0; c < 3; c++) Close(direct.Intercepts[c], model.Intercepts[c], 1e-10 * (1 + offset), $"intercept[{c}]");
    }

    [Fact]
    public void GridSearchEqualsBruteForcePerFoldRefits()
    {
        var (x, y) = RidgeTestData.Random(157, 6, 2, seed: 5, offset: 2.0);
        double[] alphas = [1e-4, 1e-2, 1.0, 10.0, 100.0, 1000.0];
        var result = RidgeRegression.GridSearch(x, y, alphas);

        var blocks = KFold.TestBlocks(x.Rows, 5);
        var means = new double[alphas.Length];
        for (int a = 0; a < alphas.Length; a++)
        {
            for (int fold = 0; fold < 5; fold++)
            {
                var test = Enumerable.Range(blocks[fold].Start, blocks[fold].End - blocks[fold].Start).ToArray();
                var train = Enumerable.Range(0, x.Rows).Except(test).ToArray();
                var fit = RidgeTestData.DirectFit(x, y, alphas[a], train);
                double score = RidgeTestData.DirectScore(fit, x, y, test);
                Close(score, result.FoldScores[a, fold], 1e-10, $"alpha {alphas[a]} fold {fold}");
                means[a] += score / 5;
            }
            Close(means[a], result.MeanScores[a], 1e-10, $"mean score alpha {alphas[a]}");
        }
        int best = Array.IndexOf(means, means.Max());
        Assert.Equal(best, result.BestIndex);
        Assert.Equal(alphas[best], result.BestModel.Alpha);
        var refit = RidgeTestData.DirectFit(x, y, alphas[best], Enumerable.Range(0, x.Rows).ToArray());
        for (int i = 0; i < 6; i++)
            for (int c = 0; c < 2; c++)
                Close(refit.Coefficients[i, c], result.BestModel.Coefficients[i * 2 + c], 1e-10, $"refit coef[{i},{c}]");
    }

    [Fact]
    public void KFoldBlocksFollowSklearnWhenRowsDoNotDivide()
    {
        Assert.Equal(new[] { (0, 3), (3, 6), (6, 9), (9, 11), (11, 13) }, KFold.TestBlocks(13, 5));
        Assert.Equal(new[] { (0, 3), (3, 5), (5, 7), (7, 9), (9, 11) }, KFold.TestBlocks(11, 5));
        Assert.Equal(new[] { (0, 2), (2, 4), (4, 6), (6, 8), (8, 10) }, KFold.TestBlocks(10, 5));
        var error = Assert.Throws<MetricInputException>(() => KFold.TestBlocks(4, 5));
        Assert.Contains("n_samples=4", error.Message);
    }

    [Fact]
    public void GridSearchIsBitForBitReproducible()
    {
        // Enough rows for several parallel chunks per fold.
        var (x, y) = RidgeTestData.Random(50_000, 24, 2, seed: 3, offset: 1.0);
        var first = RidgeRegression.GridSearch(x, y);
        var second = RidgeRegression.GridSearch(x, y);
        Assert.Equal(first.MeanScores, second.MeanScores);
        Assert.Equal(first.FoldScores.Cast<double>(), second.FoldScores.Cast<double>());
        Assert.Equal(first.BestModel.Coefficients, second.BestModel.Coefficients);
        Assert.Equal(first.BestModel.Intercepts, second.BestModel.Intercepts);
        Assert.Equal(first.BestModel.Predict(x).Values, second.BestModel.Predict(x).Values);
    }

    [Fact]
    public void NlbAlphaGridIsNumpysLogspace()
    {
        Assert.Equal(
            new[] { 9.999999999999999e-05, 0.00031622776601683794, 0.001, 0.0031622776601683794, 0.01,
                0.03162277660168379, 0.09999999999999999, 0.31622776601683794, 1.0 },
            RidgeRegression.NlbAlphas);
        var logSpace = RidgeRegression.LogSpace(-4, 0, 9);
        for (int i = 0; i < 9; i++) Assert.Equal(RidgeRegression.NlbAlphas[i], logSpace[i], 1e-15 * logSpace[i]);
    }

    [Fact]
    public void BestAlphaTiesGoToTheFirstAndNaNRanksLast()
    {
        Assert.Equal(1, RidgeRegression.BestIndex([0.5, 0.9, 0.9, 0.1]));
        Assert.Equal(2, RidgeRegression.BestIndex([double.NaN, 0.1, 0.2]));
        Assert.Equal(0, RidgeRegression.BestIndex([double.NaN, double.NaN]));
    }

    [Fact]
    public void NonFiniteInputsAreRejectedWithTheirPosition()
    {
        var (x, y) = RidgeTestData.Random(40, 3, 1, seed: 1);
        x[17, 2] = double.PositiveInfinity;
        var error = Assert.Throws<MetricInputException>(() => RidgeRegression.Fit(x, y, 1.0));
        Assert.Contains("row 17, column 2", error.Message);
    }
}
