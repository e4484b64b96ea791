using Blend.Data;
using Blend.Evaluation;

namespace Blend.Tests.Evaluation;

public class ValidationScoresTests
{
    private static Array3 Random3(int trials, int time, int channels, Random random, Func<double, double> map) =>
        new(trials, time, channels, [.. Enumerable.Range(0, trials * time * channels).Select(_ => map(random.NextDouble()))]);

    [Fact]
    public void ScoresOnlyTheValidationTrialsWithADecoderFittedOnTheOthers()
    {
        var random = new Random(3);
        int trials = 12, time = 6;
        var heldin = Random3(trials, time, 3, random, u => 0.1 + u);
        var heldout = Random3(trials, time, 2, random, u => 0.2 + u);
        var spikes = Random3(trials, time, 2, random, u => Math.Floor(3 * u));
        var behavior = Random3(trials, time, 2, random, u => u - 0.5);
        int[] validation = [2, 5, 9];
        var isValidation = Enumerable.Range(0, trials).Select(t => validation.Contains(t)).ToArray();
        var isFit = isValidation.Select(v => !v).ToArray();

        var scores = ValidationScores.Compute(heldin, heldout, spikes, behavior, validation);
        Assert.Equal(PoissonLikelihood.BitsPerSpike(heldout.SelectTrials(isValidation), spikes.SelectTrials(isValidation)),
            scores[NlbMetricNames.CoBps], 12);
        var rates = Array3.ConcatChannels(heldin, heldout);
        Assert.Equal(VelocityDecoding.Evaluate(rates.SelectTrials(isFit), behavior.SelectTrials(isFit), null,
            rates.SelectTrials(isValidation), behavior.SelectTrials(isValidation), null), scores[NlbMetricNames.VelR2], 12);

        // Changing a non-validation trial's held-out spikes leaves co-bps alone (it only scores validation trials).
        var changed = new Array3(trials, time, 2, (double[])spikes.Values.Clone());
        changed.Trial(0).Fill(7);
        Assert.Equal(scores[NlbMetricNames.CoBps], ValidationScores.Compute(heldin, heldout, changed, behavior, validation)[NlbMetricNames.CoBps], 12);
        Assert.False(ValidationScores.Compute(heldin, heldout, spikes, null, validation).ContainsKey(NlbMetricNames.VelR2));
    }

    [Fact]
    public void RefusesEmptyOrFullOrOutOfRangeValidationSets()
    {
        var a = new Array3(4, 2, 1);
        Assert.Throws<MetricInputException>(() => ValidationScores.Compute(a, a, a, null, []));
        Assert.Throws<MetricInputException>(() => ValidationScores.Compute(a, a, a, null, [0, 1, 2, 3]));
        Assert.Throws<MetricInputException>(() => ValidationScores.Compute(a, a, a, null, [4]));
        Assert.Throws<MetricInputException>(() => ValidationScores.Compute(a, a, new Array3(3, 2, 1), null, [1]));
    }
}
