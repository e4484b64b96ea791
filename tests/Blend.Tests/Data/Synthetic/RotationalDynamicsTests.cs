using Blend.Data.Synthetic;

namespace Blend.Tests.Data.Synthetic;

public class RotationalDynamicsTests
{
    [Fact]
    public void WithoutNoiseEachPlaneRotatesAtItsFrequencyAndDecays()
    {
        var dynamics = new RotationalDynamics { FrequenciesHz = [2.0, 5.0], DecayMs = 400, NoisePerSqrtSecond = 0, TrialJitter = 0 };
        Assert.Equal(4, dynamics.LatentDimensions);
        double[] start = [1, 0, 0, 2];
        var trajectory = dynamics.Simulate(start, bins: 11, binMs: 10, new SeededRandom(1));
        for (int bin = 0; bin < 11; bin++)
        {
            double t = bin * 0.010, decay = Math.Exp(-bin * 10 / 400.0);
            // Plane 0 starts at angle 0 with radius 1; plane 1 at angle π/2 with radius 2.
            Assert.Equal(decay * Math.Cos(2 * Math.PI * 2 * t), trajectory[bin * 4], 9);
            Assert.Equal(decay * Math.Sin(2 * Math.PI * 2 * t), trajectory[bin * 4 + 1], 9);
            Assert.Equal(2 * decay * Math.Cos(Math.PI / 2 + 2 * Math.PI * 5 * t), trajectory[bin * 4 + 2], 9);
            Assert.Equal(2 * decay * Math.Sin(Math.PI / 2 + 2 * Math.PI * 5 * t), trajectory[bin * 4 + 3], 9);
        }
    }

    [Fact]
    public void ConditionsSpreadOverTheSlowPlanesPhaseAndNoiseSeparatesTrials()
    {
        var dynamics = new RotationalDynamics();
        var states = dynamics.ConditionStates(4, new SeededRandom(2));
        var phases = states.Select(s => Math.Atan2(s[1], s[0])).ToArray();
        for (int c = 1; c < 4; c++)
            Assert.Equal(Math.PI / 2, ((phases[c] - phases[c - 1]) % (2 * Math.PI) + 2 * Math.PI) % (2 * Math.PI), 9);
        var a = dynamics.Simulate(states[0], 50, 5, new SeededRandom(3));
        var b = dynamics.Simulate(states[0], 50, 5, new SeededRandom(4));
        Assert.NotEqual(a, b);
        Assert.Equal(a, dynamics.Simulate(states[0], 50, 5, new SeededRandom(3)));
    }

    [Fact]
    public void TheRegistryKnowsEveryGeneratorAndRefusesOthers()
    {
        Assert.Equal(["lorenz", "rnn", "rotation"], LatentDynamicsRegistry.Names);
        Assert.IsType<RotationalDynamics>(LatentDynamicsRegistry.Create(new SyntheticOptions { Generator = "rotation" }));
        var error = Assert.Throws<BlendInputException>(() => new SyntheticOptions { Generator = "spiral" }.Validate());
        Assert.Contains("lorenz, rnn, rotation", error.Message);
    }
}
