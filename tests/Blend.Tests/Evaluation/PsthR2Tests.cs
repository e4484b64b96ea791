using Blend.Data;
using Blend.Evaluation;

namespace Blend.Tests.Evaluation;

public class PsthR2Tests
{
    [Fact]
    public void JitterShiftsTrialsAndPadsWithNaN()
    {
        var rates = new Array3(2, 3, 1, [1, 2, 3, 10, 20, 30]);
        var down = PsthR2.MeanJitteredTrials(rates, [0], [1, 0]);
        Assert.Equal(new[] { double.NaN, 1, 2 }, down);
        var up = PsthR2.MeanJitteredTrials(rates, [1], [0, -1]);
        Assert.Equal(new[] { 20.0, 30, double.NaN }, up);
        var mean = PsthR2.MeanJitteredTrials(rates, [0, 1], [0, -1]);
        Assert.Equal(new[] { (1 + 20) / 2.0, (2 + 30) / 2.0, double.NaN }, mean);
    }

    [Fact]
    public void ScoresConditionMeansAgainstDefinedPsthRows()
    {
        // Condition 0: trials 0 and 1; condition 1: no trials (skipped); condition 2: trial 2, first PSTH row undefined.
        var psth = new Array3(3, 3, 2,
        [
            1, 2, 2, 3, 4, 1,
            9, 9, 9, 9, 9, 9,
            double.NaN, 0, 5, 5, 6, 2,
        ]);
        var rates = new Array3(3, 3, 2,
        [
            1, 2, 3, 3, 4, 2,
            2, 2, 2, 4, 4, 0,
            double.NaN, double.NaN, 5, 6, 7, 2,
        ]);
        double actual = PsthR2.EvalPsth(psth, rates, [[0, 1], [], [2]]);

        double[][] truth = [[1, 2], [2, 3], [4, 1], [5, 5], [6, 2]];
        double[][] predicted = [[1.5, 2], [2.5, 3.5], [4, 1], [5, 6], [7, 2]];
        double expected = 0;
        for (int n = 0; n < 2; n++)
        {
            double mean = truth.Average(row => row[n]);
            double residual = truth.Zip(predicted).Sum(pair => Math.Pow(pair.First[n] - pair.Second[n], 2));
            double spread = truth.Sum(row => Math.Pow(row[n] - mean, 2));
            expected += (1 - residual / spread) / 2;
        }
        Assert.Equal(expected, actual, 14);
    }

    [Fact]
    public void NaNPredictionsWhereThePsthIsDefinedThrow()
    {
        var psth = new Array3(1, 3, 1, [1, 2, 3]);
        var rates = new Array3(1, 3, 1, [1, 2, 3]);
        var error = Assert.Throws<MetricInputException>(() => PsthR2.EvalPsth(psth, rates, [[0]], [1]));
        Assert.Contains("time 0", error.Message);
        psth.Values[0] = double.NaN; // the jittered-in NaN now falls on an undefined row
        Assert.Equal(1 - 2.0 / 0.5, PsthR2.EvalPsth(psth, rates, [[0]], [1]), 14);
    }

    [Fact]
    public void ShapeMismatchesAndEmptyConditionsThrow()
    {
        var error = Assert.Throws<MetricInputException>(() =>
            PsthR2.EvalPsth(new Array3(2, 4, 3), new Array3(5, 4, 2), [[0]]));
        Assert.Contains("(2, 4, 3)", error.Message);
        Assert.Contains("(5, 4, 2)", error.Message);
        Assert.Throws<MetricInputException>(() => PsthR2.EvalPsth(new Array3(2, 4, 3), new Array3(5, 4, 3), [[], []]));
        Assert.Throws<MetricInputException>(() => PsthR2.EvalPsth(new Array3(1, 4, 3), new Array3(5, 4, 3), [[0], [1]]));
    }
}
