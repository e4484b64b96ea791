using Blend.Data;
using Blend.Evaluation;

namespace Blend.Tests.Evaluation;

public class SpeedTpCorrelationTests
{
    /// <summary>
    /// Seven trials of 4 bins × 2 neurons. Bin 1 is outside set–go (NaN spikes) and holds wild rates that must be
    /// skipped: speed = ‖r(2) − r(0)‖ and ‖r(3) − r(2)‖ averaged. Steps are 3-4-5 triangles scaled by s.
    /// </summary>
    [Fact]
    public void HandComputedCase()
    {
        (double First, double Second)[] steps = [(1, 1), (2, 2), (3, 3), (1, 1), (1, 3), (4, 4), (2, 2)];
        double[][] behavior =
        [
            [0, 1, 0, 7, 10], [0, 1, 0, 7, 20], [0, 1, 0, 7, 30],      // condition A: speeds 1, 2, 3; tp 10, 20, 30
            [1, 0, 1, 7, 3], [1, 0, 1, 7, 2], [1, 0, 1, 7, 1],          // condition B: speeds 1, 2, 4; tp 3, 2, 1
            [double.NaN, double.NaN, double.NaN, 7, 99],                // no condition: ignored
        ];
        var rates = new Array3(7, 4, 2);
        var spikes = new Array3(7, 4, 1);
        for (int trial = 0; trial < 7; trial++)
        {
            var (a, b) = steps[trial];
            double[][] rows = [[0, 0], [1e6, -1e6], [0.6 * a, 0.8 * a], [0.6 * a + 0.8 * b, 0.8 * a - 0.6 * b]];
            for (int t = 0; t < 4; t++)
            {
                rates[trial, t, 0] = rows[t][0];
                rates[trial, t, 1] = rows[t][1];
                spikes[trial, t, 0] = t == 1 ? double.NaN : 0.0;
            }
        }
        var speeds = SpeedTpCorrelation.Speeds(spikes, rates);
        double[] expectedSpeeds = [1, 2, 3, 1, 2, 4, 2];
        for (int trial = 0; trial < 7; trial++) Assert.Equal(expectedSpeeds[trial], speeds[trial], 14);

        double rA = 1.0;
        double rB = -3.0 / (Math.Sqrt(42.0) / 3.0 * Math.Sqrt(2.0)); // centred speeds (−4/3, −1/3, 5/3), tp (1, 0, −1)
        var behaviorMatrix = new RowMatrix(7, 5, behavior.SelectMany(row => row).ToArray());
        Assert.Equal((rA + rB) / 2, SpeedTpCorrelation.Evaluate(spikes, rates, behaviorMatrix), 14);
    }

    [Fact]
    public void ConditionsAreSortedUniqueRowsWithoutAllNaN()
    {
        var behavior = new RowMatrix(5, 4,
        [
            2, 0, 1, 0,
            1, 5, 0, 0,
            double.NaN, double.NaN, double.NaN, 0,
            2, 0, 1, 0,
            1, 5, -1, 0,
        ]);
        var conditions = SpeedTpCorrelation.Conditions(behavior);
        Assert.Equal(3, conditions.Count);
        Assert.Equal(new double[] { 1, 5, -1 }, conditions[0]);
        Assert.Equal(new double[] { 1, 5, 0 }, conditions[1]);
        Assert.Equal(new double[] { 2, 0, 1 }, conditions[2]);
    }

    [Fact]
    public void PearsonMatchesScipyConventions()
    {
        Assert.Equal(1.0, SpeedTpCorrelation.Pearson([1, 2, 3], [2, 4, 6]), 15);
        Assert.Equal(-1.0, SpeedTpCorrelation.Pearson([1, 2], [5, 3]));
        Assert.True(double.IsNaN(SpeedTpCorrelation.Pearson([1, 1, 1], [1, 2, 3])));
        Assert.True(double.IsNaN(SpeedTpCorrelation.Pearson([1, double.NaN, 2], [1, 2, 3])));
    }

    [Fact]
    public void ConditionsWithOneTrialThrow()
    {
        var rates = new Array3(2, 3, 1);
        var spikes = new Array3(2, 3, 1);
        var behavior = new RowMatrix(2, 4, [0, 0, 0, 1, 1, 1, 1, 2]);
        Assert.Throws<MetricInputException>(() => SpeedTpCorrelation.Evaluate(spikes, rates, behavior));
    }
}
