using Blend.Data.Identity;
using Blend.Data.Identity.Synthetic;

namespace Blend.Tests.Data.Synthetic;

/// <summary>The cheap deterministic checks of reference §6.11 on the generated data (the files: SynthBugeonWriterTests).</summary>
public class SynthBugeonGeneratorTests
{
    internal static SynthBugeonOptions Ci(int seed = 0) => SynthBugeonOptions.ForSize(SynthBugeonOptions.Ci) with { Seed = seed };

    private static readonly Lazy<SynthBugeonDataset> CiData = new(() => SynthBugeonDataset.Generate(Ci()));

    [Fact]
    public void SameSeedSameData_OtherSeedOtherData()
    {
        var a = CiData.Value;
        var b = SynthBugeonDataset.Generate(Ci());
        var c = SynthBugeonDataset.Generate(Ci(seed: 1));
        for (int s = 0; s < a.Sessions.Count; s++)
        {
            Assert.Equal(a.Sessions[s].Activity, b.Sessions[s].Activity);
            Assert.Equal(a.Sessions[s].Behavior.EyeSize, b.Sessions[s].Behavior.EyeSize);
            Assert.Equal(a.Sessions[s].Neurons, b.Sessions[s].Neurons);
        }
        Assert.NotEqual(a.Sessions[0].Activity, c.Sessions[0].Activity);
    }

    [Fact]
    public void MoreFramesLeaveTheMiceAndTheirPoolsAsTheyWere()
    {
        // One stream per purpose: the frame count changes the traces, not who the cells are.
        var longer = SynthBugeonDataset.Generate(Ci() with { Frames = 1500 });
        for (int m = 0; m < longer.Mice.Count; m++)
        {
            Assert.Equal(CiData.Value.Mice[m].RunningFactor, longer.Mice[m].RunningFactor);
            Assert.Equal(CiData.Value.Mice[m].Pool.Cells, longer.Mice[m].Pool.Cells);
        }
        Assert.Equal(CiData.Value.Sessions[0].Neurons, longer.Sessions[0].Neurons);
        Assert.Equal(1500, longer.Sessions[0].Frames);
    }

    [Fact]
    public void SizesFollowThePresets()
    {
        var data = CiData.Value;
        Assert.Equal(["SX01", "SX02", "SX03", "SX04"], data.Mice.Select(m => m.Name));
        Assert.Equal(8, data.Sessions.Count);
        Assert.All(data.Sessions, s => Assert.Equal((150, 1200, 150 * 1200), (s.NeuronCount, s.Frames, s.Activity.Length)));
        Assert.Equal("SX04", data.TestMouse.Name);
        // Dates are distinct, and sorting them gives the session order.
        var dates = data.Sessions.Select(s => s.Date).ToArray();
        Assert.Equal(dates.Order(StringComparer.Ordinal), dates);
        Assert.Equal(dates.Length, dates.Distinct().Count());
        Assert.All(data.Mice, m => Assert.InRange(m.RunningFactor, 0.7, 1.3));
        // ≈ 140 labelled cells in the ci configuration (§6.10).
        Assert.InRange(SynthBugeonSummary.Of(data).UniqueLabelledCells, 125, 155);
    }

    [Fact]
    public void SessionsAre76PercentEcAndThreeQuartersOfTheirInterneuronsAreLabelled()
    {
        foreach (var session in CiData.Value.Sessions)
        {
            var neurons = session.Neurons;
            double ec = neurons.Count(n => n.Class == CellClass.Excitatory) / (double)neurons.Count;
            Assert.InRange(ec, 0.74, 0.78);
            int interneurons = neurons.Count(n => n.Class == CellClass.Inhibitory);
            Assert.Equal(0.75, neurons.Count(n => n.IsLabelled) / (double)interneurons, 0.02);
            // Each session draws ≈ 60% of its mouse's pool.
            Assert.InRange(neurons.Count(n => n.IsLabelled) / (double)session.Mouse.Pool.Cells.Count, 0.55, 0.7);
            // Labels are what the files say: EC, IN (unlabelled) or a t-type.
            foreach (var n in neurons)
            {
                if (n.IsLabelled) Assert.StartsWith(n.Type.Name() + "-synth", n.TType);
                else Assert.Equal(n.Class == CellClass.Excitatory ? "EC" : "IN", n.TType);
            }
            // Types are spread over the columns, not sorted.
            Assert.Contains(neurons.Take(20), n => n.Class == CellClass.Excitatory);
            Assert.Contains(neurons.Take(40), n => n.Class == CellClass.Inhibitory);
        }
    }

    [Fact]
    public void PoolsFollowTheSubclassProportionsAndHoldSomeSerpinf1()
    {
        // A big pool so the proportions are measurable; sessions are kept tiny.
        var options = Ci() with { PoolPerMouse = 400, Neurons = 40, Frames = 100, SessionsPerMouse = 1 };
        var data = SynthBugeonDataset.Generate(options);
        foreach (var mouse in data.Mice)
        {
            var cells = mouse.Pool.Cells;
            Assert.Equal(400, cells.Count);
            Assert.All(cells, c => Assert.True(c.IsLabelled && c.Class == CellClass.Inhibitory));
            Assert.Equal(0.03, cells.Count(c => c.Type == SynthCellType.Serpinf1) / 400.0, 0.01);
            var withSubclass = cells.Where(c => c.Type.AsSubclass() is not null).ToArray();
            foreach (var (type, proportion) in SynthCellTypes.SubclassProportions)
                Assert.InRange(withSubclass.Count(c => c.Type == type) / (double)withSubclass.Length, proportion - 0.05, proportion + 0.05);
            Assert.Contains(cells, c => c.TType == "Serpinf1-synth0");
            Assert.All(cells, c => Assert.StartsWith(c.Type.Name() + "-synth", c.TType));
        }
        // Even the ci pool (40 cells) holds every subclass.
        Assert.All(CiData.Value.Mice, m => Assert.Equal(6, m.Pool.Cells.Select(c => c.Type).Distinct().Count()));
        Assert.Equal(40, LabelledPool.TypeCounts(40, 0.03).Sum(c => c.Count));
        Assert.DoesNotContain(LabelledPool.TypeCounts(40, 0), c => c.Type == SynthCellType.Serpinf1);
    }

    [Fact]
    public void LabelledCellsKeepTheirUidAndParametersAcrossTheirMouseSessionsOnly()
    {
        var data = CiData.Value;
        var uidMice = new Dictionary<int, string>();
        var cellsByUid = new Dictionary<int, SynthNeuron>();
        foreach (var session in data.Sessions)
        {
            var uids = session.Neurons.Where(n => n.IsLabelled).Select(n => n.UniqueId!.Value).ToArray();
            Assert.Equal(uids.Length, uids.Distinct().Count());
            foreach (var neuron in session.Neurons.Where(n => n.IsLabelled))
            {
                int uid = neuron.UniqueId!.Value;
                Assert.Equal(session.Mouse.Name, uidMice.GetValueOrDefault(uid, session.Mouse.Name)); // never across mice
                uidMice[uid] = session.Mouse.Name;
                if (cellsByUid.TryGetValue(uid, out var seen)) Assert.Same(seen, neuron); // same t-type, parameters, position
                cellsByUid[uid] = neuron;
            }
        }
        foreach (var mouse in data.Mice)
        {
            var sessions = data.Sessions.Where(s => s.Mouse == mouse).ToArray();
            var shared = sessions[0].Neurons.Where(n => n.IsLabelled).Intersect(sessions[1].Neurons.Where(n => n.IsLabelled)).Count();
            Assert.InRange(shared, 10, 27); // most labelled cells reappear
        }
        // UIDs are unique over the dataset but not 0…K−1: mouse i uses i·10000 + 1000 + k.
        Assert.All(cellsByUid.Keys, uid => Assert.InRange(uid % 10000, 1000, 1039));
        Assert.All(cellsByUid, kv => Assert.Equal(SynthMouse.NameOf(kv.Key / 10000), uidMice[kv.Key]));
        // EC and unlabelled IN are fresh in every session.
        var fresh = data.Sessions.SelectMany(s => s.Neurons.Where(n => !n.IsLabelled)).ToArray();
        Assert.Equal(fresh.Length, fresh.Distinct(ReferenceEqualityComparer.Instance).Count());
    }

    [Fact]
    public void MiceRunAFewTenthsOfTheTimeAndEverySessionHasAllThreeStates()
    {
        var data = CiData.Value;
        var summary = SynthBugeonSummary.Of(data);
        Assert.InRange(summary.RunningFraction, 0.15, 0.40);
        Assert.InRange(summary.StateFractions[SessionBehavior.SynchronizedState], 0.2, 0.4);
        foreach (var session in data.Sessions)
        {
            var behavior = session.Behavior;
            Assert.Equal([0, 1, 2], behavior.States.Distinct().Order());
            for (int t = 0; t < session.Frames; t++)
            {
                Assert.Equal(behavior.Running[t], behavior.States[t] == SessionBehavior.RunningState);
                if (behavior.States[t] != SessionBehavior.RunningState)
                    Assert.Equal(behavior.States[t] == SessionBehavior.SynchronizedState, behavior.Synchrony[t] > 0.5);
            }
            // Running speed is much higher in running frames; stationary speed is small jitter.
            double runningSpeed = Enumerable.Range(0, session.Frames).Where(t => behavior.Running[t]).Average(t => behavior.Speed[t]);
            double stationarySpeed = Enumerable.Range(0, session.Frames).Where(t => !behavior.Running[t]).Average(t => behavior.Speed[t]);
            Assert.True(runningSpeed > 5 * stationarySpeed, $"{runningSpeed} vs {stationarySpeed}");
            Assert.All(behavior.RunningSpeed, v => Assert.True(v >= 0));
        }
    }

    [Fact]
    public void SpeedAndPupilHaveTheirOwnClocksAndThePupilBlinks()
    {
        foreach (var session in CiData.Value.Sessions)
        {
            var b = session.Behavior;
            Assert.All(b.FrameTimes.Zip(b.FrameTimes.Skip(1)), p => Assert.Equal(0.25, p.Second - p.First, 9));
            foreach (var times in new[] { b.RunningTimes, b.EyeTimes })
            {
                double rate = (times.Length - 1) / (times[^1] - times[0]);
                Assert.InRange(rate, 10, 20);
                Assert.InRange(times[0] - b.FrameTimes[0], -0.5, 0.3);
                Assert.InRange(times[^1] - b.FrameTimes[^1], 0.1, 1.0); // ends within one sample of 0.2–1 s after the last frame
            }
            Assert.Equal(b.EyeTimes.Length, b.EyeSize.Length);
            Assert.Equal(b.RunningTimes.Length, b.RunningSpeed.Length);
            double blinks = b.EyeSize.Count(double.IsNaN) / (double)b.EyeSize.Length;
            Assert.InRange(blinks, 0, 0.04);
            Assert.False(double.IsNaN(b.EyeSize[0]) || double.IsNaN(b.EyeSize[^1]));
        }
        double overall = CiData.Value.Sessions.Sum(s => s.Behavior.EyeSize.Count(double.IsNaN))
            / (double)CiData.Value.Sessions.Sum(s => s.Behavior.EyeSize.Length);
        Assert.InRange(overall, 0.005, 0.02); // ≈ 1%
    }

    [Fact]
    public void StateModulationFollowsBugeonsSignOrdering()
    {
        // Half the full configuration: enough cells per subclass for the Vip–Sncg gap (≈ 0.07) to stand out.
        var options = SynthBugeonOptions.ForSize(SynthBugeonOptions.Full) with { SessionsPerMouse = 2 };
        var data = SynthBugeonDataset.Generate(options);
        // (mean F running − mean F synchronised) / (sum), per labelled cell-session, averaged per subclass.
        var byType = new Dictionary<SynthCellType, List<double>>();
        foreach (var session in data.Sessions)
        {
            int n = session.NeuronCount;
            var states = session.Behavior.States;
            for (int i = 0; i < n; i++)
            {
                var neuron = session.Neurons[i];
                if (!neuron.IsLabelled && neuron.Class == CellClass.Inhibitory) continue;
                double running = 0, sync = 0;
                int runningFrames = 0, syncFrames = 0;
                for (int t = 0; t < session.Frames; t++)
                {
                    float f = session.Activity[t * n + i];
                    if (states[t] == 0) { running += f; runningFrames++; }
                    else if (states[t] == 2) { sync += f; syncFrames++; }
                }
                running /= runningFrames;
                sync /= syncFrames;
                (byType.TryGetValue(neuron.Type, out var list) ? list : byType[neuron.Type] = []).Add((running - sync) / (running + sync));
            }
        }
        var m = byType.ToDictionary(kv => kv.Key, kv => kv.Value.Average());
        string report = string.Join(", ", m.Select(kv => $"{kv.Key} {kv.Value:F3}"));
        Assert.True(m[SynthCellType.Pvalb] < 0, report);
        Assert.True(m[SynthCellType.Pvalb] < Math.Min(m[SynthCellType.Sst], m[SynthCellType.Lamp5]), report);
        Assert.True(Math.Max(m[SynthCellType.Sst], m[SynthCellType.Lamp5]) < m[SynthCellType.Vip], report);
        Assert.True(m[SynthCellType.Vip] < m[SynthCellType.Sncg], report);
        Assert.InRange(m[SynthCellType.Excitatory], -0.15, 0); // EC ≈ −0.07 (§6.8)
        // The library's summary computes the same numbers.
        var summary = StateModulation.ByType(data).ToDictionary(g => g.Group, g => g.Modulation);
        Assert.Equal(m[SynthCellType.Vip], summary["Vip"], 9);
    }

    [Theory]
    [InlineData(nameof(SynthBugeonOptions.SigmaW), "--sigma-w")]
    [InlineData(nameof(SynthBugeonOptions.Rho), "--rho")]
    [InlineData(nameof(SynthBugeonOptions.Kappa), "--kappa")]
    [InlineData(nameof(SynthBugeonOptions.LambdaN), "--lambda-n")]
    public void OutOfRangeKnobsAreNamed(string knob, string option)
    {
        var options = knob switch
        {
            nameof(SynthBugeonOptions.SigmaW) => Ci() with { SigmaW = -0.1 },
            nameof(SynthBugeonOptions.Rho) => Ci() with { Rho = 1.5 },
            nameof(SynthBugeonOptions.Kappa) => Ci() with { Kappa = double.NaN },
            _ => Ci() with { LambdaN = -1 },
        };
        var error = Assert.Throws<BlendInputException>(() => SynthBugeonDataset.Generate(options));
        Assert.Contains(option, error.Message);
    }

    [Fact]
    public void APoolSmallerThanASessionsLabelledCellsIsRefused()
    {
        var error = Assert.Throws<BlendInputException>(() => SynthBugeonDataset.Generate(Ci() with { PoolPerMouse = 20 }));
        Assert.Contains("labelled pool", error.Message);
        Assert.Throws<BlendInputException>(() => SynthBugeonOptions.ForSize("huge"));
        Assert.Throws<BlendInputException>(() => SynthBugeonDataset.Generate(Ci() with { TestMouse = 4 }));
    }
}
