using Blend.Data;
using Blend.Evaluation;

namespace Blend.Tests.Evaluation;

public class PoissonLikelihoodTests
{
    private static Array3 A(int trials, int time, int channels, params double[] values) => new(trials, time, channels, values);

    [Fact]
    public void NegativeLogLikelihoodSumsPoissonTerms()
    {
        var rates = A(1, 2, 2, 1.0, 2.0, 0.5, 3.0);
        var spikes = A(1, 2, 2, 0.0, 3.0, 1.0, 2.0);
        double expected = (1.0 - 0 + 0) + (2.0 - 3 * Math.Log(2.0) + Math.Log(6.0))
                          + (0.5 - Math.Log(0.5) + 0) + (3.0 - 2 * Math.Log(3.0) + Math.Log(2.0));
        Assert.Equal(expected, PoissonLikelihood.NegativeLogLikelihood(rates, spikes), 14);
    }

    [Fact]
    public void NaNSpikesAreUnscoredEvenWhereRatesAreNaN()
    {
        var rates = A(1, 1, 3, 1.0, double.NaN, -5.0);
        var spikes = A(1, 1, 3, 2.0, double.NaN, double.NaN);
        Assert.Equal(1.0 - 2 * Math.Log(1.0) + Math.Log(2.0), PoissonLikelihood.NegativeLogLikelihood(rates, spikes), 15);
    }

    [Fact]
    public void ZeroRatesCountAsOneInABillion()
    {
        var rates = A(1, 1, 2, 0.0, 0.0);
        var spikes = A(1, 1, 2, 0.0, 1.0);
        double expected = 1e-9 + (1e-9 - Math.Log(1e-9));
        Assert.Equal(expected, PoissonLikelihood.NegativeLogLikelihood(rates, spikes), 12);
    }

    [Fact]
    public void ShapeMismatchNamesBothShapes()
    {
        var error = Assert.Throws<MetricInputException>(() =>
            PoissonLikelihood.NegativeLogLikelihood(new Array3(2, 3, 4), new Array3(2, 3, 5)));
        Assert.Contains("(2, 3, 5)", error.Message);
        Assert.Contains("(2, 3, 4)", error.Message);
    }

    [Fact]
    public void NaNRateWhereASpikeIsScoredThrows()
    {
        var rates = A(1, 2, 2, 1.0, 1.0, double.NaN, double.NaN);
        var spikes = A(1, 2, 2, 1.0, 1.0, 1.0, 0.0);
        var error = Assert.Throws<MetricInputException>(() => PoissonLikelihood.BitsPerSpike(rates, spikes));
        Assert.Contains("NaN", error.Message);
        Assert.Contains("2 scored entries", error.Message);
        Assert.Contains("time 1, channel 0", error.Message);
    }

    [Fact]
    public void NegativeRatesThrowWithCountAndFirstIndex()
    {
        var rates = A(2, 1, 2, 1.0, 1.0, -0.5, -2.0);
        var spikes = A(2, 1, 2, 1.0, 1.0, 1.0, 0.0);
        var error = Assert.Throws<MetricInputException>(() => PoissonLikelihood.NegativeLogLikelihood(rates, spikes));
        Assert.Contains("negative", error.Message);
        Assert.Contains("2 scored entries", error.Message);
        Assert.Contains("trial 1, time 0, channel 0", error.Message);
    }

    [Fact]
    public void PredictingTheNullModelScoresZeroBitsPerSpike()
    {
        var spikes = A(2, 2, 2, 0.0, 1.0, 2.0, double.NaN, 1.0, 3.0, 1.0, 2.0);
        double[] mean = [(0.0 + 2 + 1 + 1) / 4, (1.0 + 3 + 2) / 3];
        var rates = new Array3(2, 2, 2);
        for (int i = 0; i < rates.Values.Length; i++) rates.Values[i] = mean[i % 2];
        Assert.Equal(0.0, PoissonLikelihood.BitsPerSpike(rates, spikes), 15);
    }

    [Fact]
    public void BetterRatesScorePositiveBitsPerSpike()
    {
        var spikes = A(1, 4, 1, 0.0, 4.0, 0.0, 4.0);
        var rates = A(1, 4, 1, 0.1, 3.9, 0.1, 3.9);
        double nullNll = 4 * 2.0 - 8 * Math.Log(2.0) + 2 * Math.Log(24.0);
        double expected = (nullNll - PoissonLikelihood.NegativeLogLikelihood(rates, spikes)) / 8 / Math.Log(2.0);
        Assert.Equal(expected, PoissonLikelihood.BitsPerSpike(rates, spikes), 14);
        Assert.True(expected > 0);
    }
}
