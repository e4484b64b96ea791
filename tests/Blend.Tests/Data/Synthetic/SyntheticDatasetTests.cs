using Blend.Data;
using Blend.Data.Synthetic;
using Blend.Evaluation;

namespace Blend.Tests.Data.Synthetic;

public class SyntheticDatasetTests
{
    internal static SyntheticOptions Small(string generator = "lorenz", int seed = 3) => new()
    {
        Generator = generator, Seed = seed, TrainTrials = 40, EvalTrials = 12, Conditions = 4,
        HeldinNeurons = 20, HeldoutNeurons = 8, MainBins = 30, ForwardBins = 6, RnnUnits = 12,
    };

    [Theory]
    [InlineData("lorenz")]
    [InlineData("rnn")]
    [InlineData("rotation")]
    public void SameSeedSameData_OtherSeedOtherData(string generator)
    {
        var a = SyntheticDataset.Generate(Small(generator));
        var b = SyntheticDataset.Generate(Small(generator));
        var c = SyntheticDataset.Generate(Small(generator, seed: 4));
        Assert.Equal(a.Train.Spikes.Values, b.Train.Spikes.Values);
        Assert.Equal(a.Eval.Behavior.Values, b.Eval.Behavior.Values);
        Assert.Equal(a.DynamicsWeights, b.DynamicsWeights);
        Assert.NotEqual(a.Train.Spikes.Values, c.Train.Spikes.Values);
    }

    [Theory]
    [InlineData("lorenz")]
    [InlineData("rnn")]
    [InlineData("rotation")]
    public void APopulationSeedGivesNewTrialsOfTheSameNeurons(string generator)
    {
        var original = SyntheticDataset.Generate(Small(generator));
        var sameSeed = SyntheticDataset.Generate(Small(generator) with { PopulationSeed = 3 });
        var newTrials = SyntheticDataset.Generate(Small(generator, seed: 8) with { PopulationSeed = 3 });
        // The population seed equal to the seed is the default: identical data.
        Assert.Equal(original.Train.Spikes.Values, sameSeed.Train.Spikes.Values);
        // Another trial seed: the same neurons (readout, reach neurons, latent normalisation), other trials.
        Assert.Equal(original.Bias, newTrials.Bias);
        Assert.Equal(original.DynamicsWeights, newTrials.DynamicsWeights);
        Assert.Equal(original.ReachNeurons, newTrials.ReachNeurons);
        Assert.Equal(original.LatentMean, newTrials.LatentMean);
        Assert.NotEqual(original.Train.Spikes.Values, newTrials.Train.Spikes.Values);
        Assert.NotEqual(original.Eval.DynamicsLatent.Values, newTrials.Eval.DynamicsLatent.Values);
        // Without a population seed, another seed is another population.
        Assert.NotEqual(original.DynamicsWeights, SyntheticDataset.Generate(Small(generator, seed: 8)).DynamicsWeights);
    }

    [Fact]
    public void MoreTrialsDoNotChangeTheNeurons()
    {
        // Separate random streams per purpose: the population stays the same when only the trial count changes.
        var a = SyntheticDataset.Generate(Small());
        var b = SyntheticDataset.Generate(Small() with { TrainTrials = 60 });
        Assert.Equal(a.Bias, b.Bias);
        Assert.Equal(a.ReachWeights, b.ReachWeights);
        Assert.Equal(a.Eval.Spikes.Values, b.Eval.Spikes.Values);
    }

    [Fact]
    public void ShapesFollowTheOptions()
    {
        var options = Small();
        var files = SyntheticNlbFiles.From(SyntheticDataset.Generate(options));
        Assert.Equal([40, 30, 20], files.TrainInput.SpikesHeldin.Shape);
        Assert.Equal([40, 30, 8], files.TrainInput.SpikesHeldout.Shape);
        Assert.Equal([40, 6, 20], files.TrainInput.SpikesHeldinForward!.Shape);
        Assert.Equal([40, 30, 2], files.TrainInput.Behavior!.Shape);
        Assert.Equal([40, 6, 2], files.TrainInput.BehaviorForward!.Shape);
        Assert.Equal([12, 30, 20], files.EvalInput.SpikesHeldin.Shape);
        Assert.Null(files.EvalInput.SpikesHeldout);
        var target = files.EvalTarget["synth_lorenz"];
        Assert.Equal([12, 30, 8], target.EvalSpikesHeldout.Shape);
        Assert.Equal([4, 30, 28], target.Psth!.Shape);
        Assert.Equal(12, target.EvalCondIdx!.Sum(idx => idx.Length));
        Assert.Equal(40, target.TrainCondIdx!.Sum(idx => idx.Length));
        Assert.Equal([12, 6, 8], files.TrueRates["synth_lorenz"].EvalRatesHeldoutForward!.Shape);
    }

    [Fact]
    public void SpikesAreCountsAndRatesSitInTheRequestedRange()
    {
        var data = SyntheticDataset.Generate(Small() with { TrainTrials = 200 });
        Assert.All(data.Train.Spikes.Values, v => Assert.True(v >= 0 && v == Math.Floor(v)));
        double meanRateHz = data.Train.Rates.Values.Average() * 1000 / data.Options.BinMs;
        Assert.InRange(meanRateHz, 8, 30); // per-neuron means drawn from 5..25 Hz
        // Poisson: the spike count mean tracks the rate mean.
        Assert.Equal(data.Train.Rates.Values.Average(), data.Train.Spikes.Values.Average(), 2);
    }

    [Fact]
    public void BehaviorIsTheReachLagBinsLater()
    {
        var options = Small() with { LagMs = 50 };
        var data = SyntheticDataset.Generate(options);
        int lag = options.LagBins;
        Assert.Equal(10, lag);
        // behavior(t) = gain · reach(t + lag) + noise(σ = VelocityNoise)
        var residuals = new List<double>();
        for (int trial = 0; trial < data.Train.Behavior.Trials; trial++)
            for (int t = 0; t < data.Bins; t++)
                residuals.Add(data.Train.Behavior[trial, t, 0] - options.VelocityGain * data.Train.ReachLatent[trial, t + lag, 0]);
        double std = Math.Sqrt(residuals.Select(r => r * r).Average());
        Assert.InRange(std, 0.9 * options.VelocityNoise, 1.1 * options.VelocityNoise);
    }

    [Fact]
    public void ReachNeuronsAreFewAndOnlyTheySeeTheReach()
    {
        var data = SyntheticDataset.Generate(Small());
        Assert.Equal((int)Math.Round(0.15 * 28), data.ReachNeurons.Length);
        for (int n = 0; n < 28; n++)
        {
            bool sees = data.ReachWeights[2 * n] != 0 || data.ReachWeights[2 * n + 1] != 0;
            Assert.Equal(data.ReachNeurons.Contains(n), sees);
        }
    }

    [Fact]
    public void TrueRatesDecodeBehaviorFarBetterThanConditionMeans()
    {
        // The BLEND question in numbers: the per-trial part of the reach is in the rates (ceiling) but not in the
        // condition identity the dynamics reveal, so behavior carries information the spikes hold only weakly.
        var data = SyntheticDataset.Generate(new SyntheticOptions { TrainTrials = 120, EvalTrials = 40, Conditions = 8, Seed = 1 });
        var files = SyntheticNlbFiles.From(data);
        var target = files.EvalTarget["synth_lorenz"];
        var ceiling = NlbEvaluator.Evaluate(files.EvalTarget, files.TrueRates).Single();
        Array3 ConditionMeans(int[] conditions)
        {
            var rates = new Array3(conditions.Length, target.Psth!.Time, target.Psth.Channels);
            for (int t = 0; t < conditions.Length; t++) target.Psth.Trial(conditions[t]).CopyTo(rates.Trial(t));
            return rates;
        }
        double conditionOnly = VelocityDecoding.Evaluate(ConditionMeans(data.Train.Conditions), target.TrainBehavior!, null,
            ConditionMeans(data.Eval.Conditions), target.EvalBehavior!, null);
        Assert.True(ceiling["vel R2"] > 0.85, $"ceiling vel R2 {ceiling["vel R2"]}");
        Assert.True(ceiling["vel R2"] > conditionOnly + 0.15, $"ceiling {ceiling["vel R2"]} vs condition means {conditionOnly}");
        Assert.True(ceiling["co-bps"] > 0.1, $"ceiling co-bps {ceiling["co-bps"]}");
        Assert.True(ceiling["psth R2"] > 0.9, $"ceiling psth R2 {ceiling["psth R2"]}");
    }

    [Fact]
    public void RnnTrialsOfOneConditionStayAlikeButDiverge()
    {
        var data = SyntheticDataset.Generate(Small("rnn") with { RnnUnits = 50, MainBins = 100 });
        var latent = data.Train.DynamicsLatent;
        int[] sameCondition = [.. Enumerable.Range(0, latent.Trials).Where(t => data.Train.Conditions[t] == 0).Take(2)];
        double Distance(int bin) => Math.Sqrt(Enumerable.Range(0, latent.Channels)
            .Sum(d => Math.Pow(latent[sameCondition[0], bin, d] - latent[sameCondition[1], bin, d], 2)));
        double start = Distance(0), later = Enumerable.Range(data.Bins / 2, data.Bins / 2).Max(Distance);
        Assert.True(start < 1.5, $"start distance {start}");
        Assert.True(later > 2 * start, $"chaotic dynamics should separate nearby starts: {start} → {later}");
    }

    [Theory]
    [InlineData("Generator", "--generator")]
    [InlineData("Conditions", "--conditions")]
    [InlineData("LagMs", "--lag-ms")]
    public void BadOptionsNameTheOption(string property, string option)
    {
        var bad = property switch
        {
            "Generator" => Small() with { Generator = "vdp" },
            "Conditions" => Small() with { Conditions = 13 },
            _ => Small() with { LagMs = 200 },
        };
        var error = Assert.Throws<BlendInputException>(bad.Validate);
        Assert.Contains(option, error.Message);
    }
}
