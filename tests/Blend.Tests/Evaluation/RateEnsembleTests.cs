using Blend.Data;
using Blend.Evaluation;

namespace Blend.Tests.Evaluation;

public class RateEnsembleTests
{
    private static Array3 Filled(int trials, int time, int channels, Func<int, int, int, double> value)
    {
        var a = new Array3(trials, time, channels);
        for (int r = 0; r < trials; r++)
            for (int t = 0; t < time; t++)
                for (int c = 0; c < channels; c++) a[r, t, c] = value(r, t, c);
        return a;
    }

    /// <summary>A submission whose held-out train rates are <paramref name="heldout"/>; every other array is a constant (to check averaging).</summary>
    private static NlbDatasetRates Rates(Array3 heldout, double other) => new()
    {
        TrainRatesHeldin = Array3.Filled(heldout.Trials, heldout.Time, 2, other),
        TrainRatesHeldout = heldout,
        EvalRatesHeldin = Array3.Filled(3, heldout.Time, 2, other),
        EvalRatesHeldout = Array3.Filled(3, heldout.Time, heldout.Channels, other),
    };

    // True rate 1 + 0.8·sin(…) per entry; spikes are its (deterministic) rounding, so better rates score higher.
    private static double TrueRate(int r, int t, int c) => 1 + 0.8 * Math.Sin(0.7 * t + 1.3 * c + 0.4 * r);

    private static readonly Array3 Spikes = Filled(12, 20, 4, (r, t, c) => Math.Round(TrueRate(r, t, c) + 0.3 * Math.Sin(5.1 * t + 2.3 * r + c)));

    [Fact]
    public void AveragingTwoMembersWithOppositeErrorsIsChosen()
    {
        var over = Rates(Filled(12, 20, 4, (r, t, c) => TrueRate(r, t, c) * 1.6), 1);
        var under = Rates(Filled(12, 20, 4, (r, t, c) => TrueRate(r, t, c) * 0.4), 3);
        var validation = new EnsembleValidation(x => x.TrainRatesHeldout, Spikes);
        var result = RateEnsemble.Select([new("over", over), new("under", under)], validation, maxSize: 5);

        Assert.Equal(2, result.CoBpsBySize.Count); // capped by the member count
        Assert.Equal(2, result.Size);
        Assert.True(result.CoBpsBySize[1] > result.CoBpsBySize[0]);
        // The chosen rates are the element-wise mean of both members' rates: here exactly the true rates.
        var expected = Filled(12, 20, 4, TrueRate);
        for (int i = 0; i < expected.Values.Length; i++) Assert.Equal(expected.Values[i], result.Rates.TrainRatesHeldout.Values[i], 12);
        Assert.All(result.Rates.EvalRatesHeldin.Values, v => Assert.Equal(2.0, v));
        Assert.Equal(PoissonLikelihood.BitsPerSpike(expected, Spikes), result.CoBpsBySize[1], 12);
    }

    [Fact]
    public void MembersAreRankedAndABadSecondMemberIsLeftOut()
    {
        var good = Rates(Filled(12, 20, 4, TrueRate), 0);
        var poor = Rates(Array3.Filled(12, 20, 4, 5.0), 0);
        var validation = new EnsembleValidation(x => x.TrainRatesHeldout, Spikes);
        var result = RateEnsemble.Select([new("poor", poor), new("good", good)], validation, maxSize: 2);
        Assert.Equal(["good", "poor"], result.Ranked.Select(r => r.Name));
        Assert.Equal(PoissonLikelihood.BitsPerSpike(good.TrainRatesHeldout, Spikes), result.Ranked[0].CoBps, 12);
        Assert.Equal(1, result.Size);
        Assert.Equal(good.TrainRatesHeldout.Values, result.Rates.TrainRatesHeldout.Values);
    }

    [Fact]
    public void MismatchedShapesAreRefused()
    {
        var a = Rates(Filled(12, 20, 4, TrueRate), 0);
        var b = Rates(Filled(12, 20, 3, TrueRate), 0);
        Assert.Throws<MetricInputException>(() => RateEnsemble.Average([a, b]));
    }

    [Fact]
    public void SelectTrialsKeepsTheGivenOrder()
    {
        var a = Filled(5, 2, 1, (r, t, _) => 10 * r + t);
        var picked = RateEnsemble.SelectTrials(a, [3, 0]);
        Assert.Equal([30.0, 31.0, 0.0, 1.0], picked.Values);
    }
}
