using Blend.Data.Identity;
using Blend.Evaluation.Identity;
using Blend.Training;
using Blend.Data;

namespace Blend.Tests.Evaluation.Identity;

public class IdentityProbesTests
{
    /// <summary>A session whose traces and population channels are given per frame (neighbours all 0).</summary>
    private static IdentitySession Session(string mouse, string date, int[] ids, int frames,
        Func<int, int, double> trace, Func<int, int, double> channel)
    {
        var activity = new float[ids.Length * frames];
        for (int n = 0; n < ids.Length; n++)
            for (int t = 0; t < frames; t++) activity[n * frames + t] = (float)trace(n, t);
        var population = new float[PopulationChannel.Count * frames];
        for (int c = 0; c < PopulationChannel.Count; c++)
            for (int t = 0; t < frames; t++) population[c * frames + t] = (float)channel(c, t);
        return new IdentitySession
        {
            Mouse = mouse, Date = date, Folder = $"{mouse}/{date}", Frames = frames, NeuronCount = ids.Length,
            Activity = activity, Population = population, Neighbours = new float[ids.Length * 2 * frames],
            NeuronIds = ids, FrameTimes = Enumerable.Range(0, frames).Select(t => t * 0.25).ToArray(),
        };
    }

    /// <summary>Irregular but smooth population channels; the state cycles 0, 1, 2 in runs of 3, 4 and 5 frames.</summary>
    private static double Channel(int channel, int t) => channel switch
    {
        PopulationChannel.Running => Math.Sin(0.31 * t) + 0.2 * Math.Cos(1.7 * t),
        PopulationChannel.Pupil => Math.Cos(0.17 * t + 1) - 0.3 * Math.Sin(0.9 * t),
        PopulationChannel.State => (t % 12) switch { < 3 => 0, < 7 => 1, _ => 2 },
        PopulationChannel.Mean => 0.5 * Math.Sin(0.53 * t + 2) + 0.1 * Math.Cos(2.3 * t),
        _ => 1 + 0.3 * Math.Cos(0.41 * t) + 0.05 * Math.Sin(3.1 * t),
    };

    /// <summary>Traces that follow the probe models exactly (up to float storage), so OLS recovers the coefficients.</summary>
    private static double[] Planted(int frames, Func<int, double, double> next)
    {
        var x = new double[frames];
        x[0] = 0.3;
        for (int t = 1; t < frames; t++) x[t] = next(t, (float)x[t - 1]);
        return x;
    }

    [Fact]
    public void OlsRecoversPlantedCoefficientsOverTheFirstThreeQuartersOfFrames()
    {
        const int frames = 80;
        var neuralOnly = Planted(frames, (t, lag) =>
            0.2 + 0.5 * Channel(3, t) - 0.3 * Channel(4, t) + 0.25 * Channel(3, t - 1) + 0.1 * Channel(4, t - 1) + 0.4 * lag);
        var behaviorAware = Planted(frames, (t, lag) =>
            0.1 + 0.6 * Channel(0, t) - 0.2 * Channel(1, t) + (Channel(2, t) == 1 ? 0.3 : Channel(2, t) == 2 ? 0.5 : 0)
            + 0.2 * Channel(3, t) - 0.1 * Channel(4, t) + 0.3 * lag);
        // Past 60 frames (⌊0.75·80⌋) the traces break the rules: the fit must not see those frames.
        var session = Session("M0", "d0", [0, 1], frames,
            (n, t) => t >= 60 ? 100 * Math.Sin(t) : n == 0 ? neuralOnly[t] : behaviorAware[t], Channel);

        var b = IdentityProbes.SessionFeatures(session, IdentityProbe.NeuralOnly);
        Assert.Equal(IdentityProbes.FeatureNames(IdentityProbe.NeuralOnly).Count, b.Cols);
        AssertClose([0.5, -0.3, 0.25, 0.1, 0.4, 0.0], b.Row(0)[..6].ToArray(), 1e-5);

        var a = IdentityProbes.SessionFeatures(session, IdentityProbe.BehaviorAware);
        Assert.Equal(19, a.Cols);
        AssertClose([0.6, -0.2, 0.3, 0.5, 0.2, -0.1, 0.3, 0.0], a.Row(1)[..8].ToArray(), 1e-5);
        // Probe A's row ends with Probe B's features of the same neuron.
        AssertClose(IdentityProbes.SessionFeatures(session, IdentityProbe.NeuralOnly).Row(1).ToArray(), a.Row(1)[8..].ToArray(), 1e-12);
    }

    [Fact]
    public void ShapeStatisticsMatchScipyAndTheAutocorrelationDefinition()
    {
        // scipy.stats.skew / kurtosis (bias=True, fisher=True); acf = Σ d_t d_{t+k} / Σ d_t² with d = x − mean.
        float[] trace = [0, 1, 2, 3, 10, 4, 4, -2, 0.5f, 1.5f];
        var (skewness, kurtosis) = TraceMoments.Shape(trace);
        Assert.Equal(1.1560901021023224, skewness, 12);
        Assert.Equal(1.1916420257139402, kurtosis, 12);
        Assert.Equal(0.27386722866174923, TraceMoments.Autocorrelation(trace, 1), 12);
        Assert.Equal(-0.4177028451001053, TraceMoments.Autocorrelation(trace, 4), 12);
        Assert.Equal((0.0, 0.0), TraceMoments.Shape([2, 2, 2]));
        Assert.Equal(0.0, TraceMoments.Autocorrelation([2, 2, 2], 1));
    }

    [Fact]
    public void AStateThatNeverOccursGetsCoefficientZero()
    {
        var random = TrainingRandom.For(1, "probe test");
        var session = Session("M0", "d0", [0], 60, (_, _) => random.NextDouble(),
            (c, t) => c == PopulationChannel.State ? t % 2 : Channel(c, t));
        var a = IdentityProbes.SessionFeatures(session, IdentityProbe.BehaviorAware);
        Assert.Equal(0.0, a[0, 3]); // a_state_synchronised
        Assert.All(a.Values, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void AnIdentityInSeveralSessionsGetsTheMeanOfItsSessionFeatures()
    {
        var random = TrainingRandom.For(2, "probe test");
        var neurons = new IdentityNeuron[]
        {
            new(0, "M0", CellClass.Inhibitory, Subclass.Vip, 7, "Vip-a"),
            new(1, "M0", CellClass.Excitatory, null, null, "EC"),
            new(2, "M0", CellClass.Excitatory, null, null, "EC"),
        };
        var first = Session("M0", "d0", [1, 0], 60, (_, _) => random.NextDouble(), Channel);
        var second = Session("M0", "d1", [0, 2], 60, (_, _) => random.NextDouble(), (c, t) => Channel(c, t + 5));
        var dataset = new IdentityDataset { Folder = "mem", Sessions = [first, second], Neurons = neurons };
        var features = IdentityProbes.Features(dataset, IdentityProbe.BehaviorAware);
        var a = IdentityProbes.SessionFeatures(first, IdentityProbe.BehaviorAware);
        var b = IdentityProbes.SessionFeatures(second, IdentityProbe.BehaviorAware);
        AssertClose(a.Row(1).ToArray().Zip(b.Row(0).ToArray(), (x, y) => (x + y) / 2).ToArray(), features.Row(0).ToArray(), 1e-15);
        AssertClose(a.Row(0).ToArray(), features.Row(1).ToArray(), 0);
        AssertClose(b.Row(1).ToArray(), features.Row(2).ToArray(), 0);

        var missing = new IdentityDataset { Folder = "mem", Sessions = [first], Neurons = neurons };
        Assert.Contains("identity 2", Assert.Throws<BlendInputException>(() => IdentityProbes.Features(missing, IdentityProbe.NeuralOnly)).Message);
        var short_ = Session("M0", "d2", [0], 20, (_, t) => t, Channel);
        Assert.Throws<BlendInputException>(() => IdentityProbes.SessionFeatures(short_, IdentityProbe.NeuralOnly));
    }

    [Fact]
    public void TheBehaviourAwareProbeSeparatesSubclassesPlantedInBehaviourCoupling()
    {
        // Subclass k couples to white-noise running and pupil along direction 2πk/5 with the same strength: the
        // neural-only features see the same statistics for every subclass, the behaviour-aware slopes see the
        // direction. State and population channels are constant (their regressors drop out): a random series there
        // would correlate by chance with a session's behaviour, the same way for every cell of a subclass, and hand
        // the classifier session-specific cues that do not carry over to the held-out mouse.
        var dataset = PlantedDataset();
        var options = new IdentityClassificationOptions { Tasks = [IdentityTask.Subclass] };
        var a = IdentityProbes.Evaluate(dataset, IdentityProbe.BehaviorAware, [0, 1], options).Get(IdentityTask.Subclass, "logistic");
        var b = IdentityProbes.Evaluate(dataset, IdentityProbe.NeuralOnly, [0, 1], options).Get(IdentityTask.Subclass, "logistic");
        Assert.True(a.BalancedAccuracy.Mean > 0.8, $"Probe A balanced accuracy {a.BalancedAccuracy.Mean}, B {b.BalancedAccuracy.Mean}");
        Assert.True(b.BalancedAccuracy.Mean < 0.4, $"Probe B balanced accuracy {b.BalancedAccuracy.Mean}");
    }

    /// <summary>4 mice × 2 sessions of 1000 frames; per mouse 10 EC per session and 8 record cells per subclass seen in both sessions.</summary>
    private static IdentityDataset PlantedDataset()
    {
        const int frames = 1000, perSubclass = 8, excitatory = 10;
        var random = TrainingRandom.For(3, "planted probe dataset");
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        double[] Ar1(double rho)
        {
            var x = new double[frames];
            x[0] = Normal();
            for (int t = 1; t < frames; t++) x[t] = rho * x[t - 1] + Math.Sqrt(1 - rho * rho) * Normal();
            return x;
        }
        float[] ZScore(double[] x)
        {
            double mean = x.Average(), std = Math.Sqrt(x.Select(v => (v - mean) * (v - mean)).Average());
            return x.Select(v => (float)((v - mean) / std)).ToArray();
        }

        var neurons = new List<IdentityNeuron>();
        var sessions = new List<IdentitySession>();
        for (int m = 0; m < 4; m++)
        {
            string mouse = $"M{m}";
            var records = new List<(int Id, double Angle)>();
            for (int s = 0; s < 5; s++)
                for (int i = 0; i < perSubclass; i++)
                {
                    records.Add((neurons.Count, 2 * Math.PI * s / 5));
                    neurons.Add(new(neurons.Count, mouse, CellClass.Inhibitory, (Subclass)s, neurons.Count, $"{(Subclass)s}-p"));
                }
            for (int day = 0; day < 2; day++)
            {
                var running = Ar1(0);
                var pupil = Ar1(0);
                var ids = new List<int>();
                var traces = new List<float[]>();
                for (int i = 0; i < excitatory; i++)
                {
                    ids.Add(neurons.Count);
                    neurons.Add(new(neurons.Count, mouse, CellClass.Excitatory, null, null, "EC"));
                    traces.Add(ZScore(Ar1(0.5)));
                }
                foreach (var (id, angle) in records)
                {
                    var noise = Ar1(0.5);
                    ids.Add(id);
                    traces.Add(ZScore(Enumerable.Range(0, frames)
                        .Select(t => 0.8 * (Math.Cos(angle) * running[t] + Math.Sin(angle) * pupil[t]) + 0.6 * noise[t]).ToArray()));
                }
                var z = (ZScore(running), ZScore(pupil));
                var population = new float[PopulationChannel.Count * frames];
                for (int t = 0; t < frames; t++)
                {
                    population[PopulationChannel.Running * frames + t] = z.Item1[t];
                    population[PopulationChannel.Pupil * frames + t] = z.Item2[t];
                    population[PopulationChannel.Std * frames + t] = 1;
                }
                sessions.Add(new IdentitySession
                {
                    Mouse = mouse, Date = $"d{day}", Folder = $"{mouse}/d{day}", Frames = frames, NeuronCount = ids.Count,
                    Activity = traces.SelectMany(x => x).ToArray(), Population = population,
                    Neighbours = new float[ids.Count * 2 * frames], NeuronIds = ids.ToArray(),
                    FrameTimes = Enumerable.Range(0, frames).Select(t => t * 0.25).ToArray(),
                });
            }
        }
        return new IdentityDataset { Folder = "planted", Sessions = sessions, Neurons = neurons };
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"entry {i}: expected {expected[i]}, got {actual[i]}");
    }
}
