using Blend.Data;
using Blend.Evaluation;

namespace Blend.Tests.Evaluation;

public class R2ScoreTests
{
    private static RowMatrix Column(params double[] values) => new(values.Length, 1, values);

    [Theory]
    [InlineData(new[] { 1.0, 2, 3 }, new[] { 1.0, 2, 3 }, 1.0)]
    [InlineData(new[] { 1.0, 2, 3 }, new[] { 2.0, 2, 2 }, 0.0)]
    [InlineData(new[] { 1.0, 2, 3 }, new[] { 3.0, 2, 1 }, -3.0)]
    [InlineData(new[] { -2.0, -2, -2 }, new[] { -2.0, -2, -2 }, 1.0)] // 0/0: perfect prediction → 1
    [InlineData(new[] { -2.0, -2, -2 }, new[] { -2.0, -2, -2 + 1e-8 }, 0.0)] // x/0: forced finite → 0
    public void MatchesSklearnDocExamples(double[] truth, double[] predicted, double expected) =>
        Assert.Equal(expected, R2Score.UniformAverage(Column(truth), Column(predicted)), 15);

    [Fact]
    public void MultioutputUniformAverageMatchesSklearn()
    {
        var truth = new RowMatrix(3, 2, [0.5, 1, -1, 1, 7, -6]);
        var predicted = new RowMatrix(3, 2, [0, 2, -1, 2, 8, -5]);
        // sklearn 1.2.1: raw_values [0.9654377880184332, 0.9081632653061225], uniform 0.9368005266622779.
        var raw = R2Score.RawValues(truth, predicted);
        Assert.Equal(0.9654377880184332, raw[0], 15);
        Assert.Equal(0.9081632653061225, raw[1], 15);
        Assert.Equal(0.9368005266622779, R2Score.UniformAverage(truth, predicted), 15);
    }

    [Fact]
    public void ForceFiniteAppliesPerOutput()
    {
        var truth = new RowMatrix(3, 2, [5, 1, 5, 2, 5, 3]);
        var predicted = new RowMatrix(3, 2, [5, 1, 6, 2, 5, 3]);
        Assert.Equal([0.0, 1.0], R2Score.RawValues(truth, predicted));
        Assert.Equal(1.0, R2Score.FromSums(0.0, 0.0));
        Assert.Equal(0.0, R2Score.FromSums(1.0, 0.0));
        Assert.Equal(0.75, R2Score.FromSums(1.0, 4.0));
    }

    [Fact]
    public void FewerThanTwoSamplesIsNaN() =>
        Assert.True(double.IsNaN(R2Score.UniformAverage(Column(1.0), Column(2.0))));

    [Fact]
    public void ShapeMismatchAndNaNThrow()
    {
        Assert.Throws<MetricInputException>(() => R2Score.UniformAverage(Column(1, 2, 3), Column(1, 2)));
        Assert.Throws<MetricInputException>(() => R2Score.UniformAverage(Column(1, 2, 3), Column(1, double.NaN, 3)));
    }
}
