using Blend.Data.Synthetic;

namespace Blend.Tests.Data.Synthetic;

public class SeededRandomTests
{
    [Theory]
    [InlineData(0.05)]
    [InlineData(0.7)]
    [InlineData(4.0)]
    [InlineData(9.9)]
    [InlineData(12.0)]
    [InlineData(80.0)]
    public void PoissonHasTheRightMeanAndVariance(double mean)
    {
        var random = new SeededRandom(11);
        const int draws = 200_000;
        var samples = Enumerable.Range(0, draws).Select(_ => (double)random.Poisson(mean)).ToArray();
        double sampleMean = samples.Average();
        double variance = samples.Select(x => (x - sampleMean) * (x - sampleMean)).Average();
        double tolerance = 5 * Math.Sqrt(mean / draws); // five standard errors
        Assert.InRange(sampleMean, mean - tolerance, mean + tolerance);
        Assert.InRange(variance, mean * 0.97, mean * 1.03);
    }

    [Fact]
    public void PoissonProbabilitiesMatchTheMassFunction()
    {
        var random = new SeededRandom(5);
        const int draws = 400_000;
        const double mean = 15; // the rejection branch
        var counts = new int[60];
        for (int i = 0; i < draws; i++) counts[random.Poisson(mean)]++;
        for (int k = 5; k <= 25; k++)
        {
            double p = Math.Exp(-mean + k * Math.Log(mean) - Blend.Evaluation.LogGamma.OfFactorial(k));
            double observed = counts[k] / (double)draws;
            Assert.True(Math.Abs(observed - p) < 5 * Math.Sqrt(p / draws), $"P({k}) = {observed} vs {p}");
        }
    }

    [Fact]
    public void NormalIsStandard()
    {
        var random = new SeededRandom(2);
        var x = Enumerable.Range(0, 100_000).Select(_ => random.Normal()).ToArray();
        Assert.InRange(x.Average(), -0.02, 0.02);
        Assert.InRange(x.Select(v => v * v).Average(), 0.98, 1.02);
    }

    [Fact]
    public void PurposeStreamsAreStableAndDistinct()
    {
        Assert.Equal(SeededRandom.For(1, "readout").Uniform(), SeededRandom.For(1, "readout").Uniform());
        Assert.NotEqual(SeededRandom.For(1, "readout").Uniform(), SeededRandom.For(1, "spikes").Uniform());
        Assert.NotEqual(SeededRandom.For(1, "readout").Uniform(), SeededRandom.For(2, "readout").Uniform());
    }

    [Fact]
    public void PermutationIsAPermutation()
    {
        var order = new SeededRandom(9).Permutation(50);
        Assert.Equal(Enumerable.Range(0, 50), order.Order());
    }
}
