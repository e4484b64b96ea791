using System.Diagnostics;
using System.Globalization;
using Blend.Data;
using Blend.Models;
using Blend.Training;
using static TorchSharp.torch;

namespace Blend.Bench;

/// <summary>
/// Training throughput at MC_Maze scale through the real <see cref="Trainer"/> (masking, loss, backward, clipping,
/// AdamW): batch 64 × 180 bins (140 + 40) × 182 neurons (137 + 45), 4 layers; then inference trials/s; then a longer
/// run at a small scale that samples the process RSS every epoch, to show memory levels off.
/// Options: those of <see cref="BenchModel"/>, --steps 24 (timed; 0: skip), --memory-steps 1000 (0: skip).
/// </summary>
internal sealed class TrainStepBench : IBenchmark
{
    public string Name => "train";
    public string Description => "training steps/s, inference trials/s and memory at MC_Maze scale";

    public int Run(string[] args)
    {
        var o = new BenchOptions(args);
        var (architecture, configPath, config, layout, batch) = BenchModel.From(o);
        int steps = o.Int("steps", 24);
        Console.WriteLine($"cores {Environment.ProcessorCount}, torch threads {get_num_threads()}, architecture {architecture}, config {configPath ?? "built-in defaults"}");

        if (steps > 0) Throughput(config, layout, batch, steps);
        int memorySteps = o.Int("memory-steps", 1000);
        if (memorySteps > 0) MemoryCheck(config, memorySteps);
        return 0;
    }

    private static void Throughput(TrainingConfig config, TrialLayout layout, int batch, int steps)
    {
        // 8 batches per epoch, one warm-up epoch, then timed epochs.
        int epochs = 1 + Math.Max(1, (steps + 7) / 8);
        var timing = Measure(config, layout, batch, batchesPerEpoch: 8, epochs, sampleMemory: false);
        string size = config.Architecture == "lfads" ? "" : $", {config.Model.Layers} layers, hidden {config.Model.HiddenSize}";
        Console.WriteLine($"scale: batch {batch} × {layout.Bins} bins × {layout.Neurons} neurons{size}, {timing.Parameters:N0} parameters");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"training      {timing.StepsPerSecond:F2} steps/s ({1000 / timing.StepsPerSecond:F0} ms/step over {timing.TimedSteps} steps; {timing.StepsPerSecond * batch:F1} trials/s)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"inference     {timing.InferenceTrialsPerSecond:F1} trials/s (batch {batch}, eval mode, no grad)"));
        Console.WriteLine($"peak RSS      {Mb(timing.PeakRss)} (process peak working set; libtorch exposes allocator statistics only for CUDA)");

    }

    /// <summary>A small model trained for many steps in a fresh process state: RSS per epoch (10 steps).</summary>
    private static void MemoryCheck(TrainingConfig config, int memorySteps)
    {
        {
            var small = new TrialLayout(32, 8, 50, 10, 0);
            var smallConfig = config with { Model = config.Model with { Layers = 2, HiddenSize = 32 } };
            var memory = Measure(smallConfig, small, 16, batchesPerEpoch: 10,
                epochs: (memorySteps + 9) / 10, sampleMemory: true);
            long At(int step) => memory.RssByEpoch[Math.Min(memory.RssByEpoch.Count - 1, Math.Max(0, step / 10 - 1))];
            Console.WriteLine($"memory check  batch 16 × {small.Bins} × {small.Neurons}, 2 layers, {memorySteps} steps: RSS at step " +
                              string.Join(", ", new[] { 100, 300, 1000, 2000, 5000, 10000 }.Where(s => s <= memorySteps).Append(memorySteps).Distinct().Select(s => $"{s}: {Mb(At(s))}")));
        }
    }

    private sealed record Timing(long Parameters, double StepsPerSecond, int TimedSteps, double InferenceTrialsPerSecond, long PeakRss, List<long> RssByEpoch);

    private static Timing Measure(TrainingConfig config, TrialLayout layout, int batch, int batchesPerEpoch, int epochs, bool sampleMemory)
    {
        // Training trials: 8 batches after the 20 % validation carve-out.
        int trainTrials = (int)Math.Ceiling(batch * batchesPerEpoch / 0.8);
        var training = config.Training with { Epochs = epochs, ValInterval = epochs, BatchSize = batch, Warmup = 1, Seed = 1, Threads = 0 };
        using var data = TrainingData.Load(RandomSource(layout, trainTrials, evalTrials: batch * 2), training);
        using var model = TorchGlobalState.Seeded(training.Seed, () => ModelFactory.Create(config, layout));
        using var trainer = new Trainer(model, data, training);
        var observer = new Clock(sampleMemory);
        trainer.Run(new TrainingRunOptions { Observer = observer });
        int timedSteps = (epochs - 1) * trainer.BatchesPerEpoch;
        double stepsPerSecond = timedSteps / (observer.EpochEnds[^1] - observer.EpochEnds[0]);

        var clock = Stopwatch.StartNew();
        RatePrediction.Predict(model, layout, data.EvalSpikes, null, batch);
        double inference = data.EvalTrialCount / clock.Elapsed.TotalSeconds;
        using var process = Process.GetCurrentProcess();
        return new Timing(model.parameters().Sum(p => p.numel()), stepsPerSecond, timedSteps, inference, process.PeakWorkingSet64, observer.Rss);
    }

    private sealed class Clock(bool sampleMemory) : ITrainingObserver
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        public List<double> EpochEnds { get; } = [];
        public List<long> Rss { get; } = [];

        public void EpochCompleted(int epoch, int totalEpochs)
        {
            EpochEnds.Add(_clock.Elapsed.TotalSeconds);
            if (!sampleMemory) return;
            using var process = Process.GetCurrentProcess();
            Rss.Add(process.WorkingSet64);
        }
    }

    /// <summary>Poisson(0.1) counts for every trial: the shapes are what matter here.</summary>
    internal static DatasetSource RandomSource(TrialLayout layout, int trainTrials, int evalTrials)
    {
        var random = new Random(1);
        Array3 Counts(int trials, int time, int channels)
        {
            var a = new Array3(trials, time, channels);
            for (int i = 0; i < a.Values.Length; i++) a.Values[i] = random.NextDouble() < 0.1 ? 1 : 0;
            return a;
        }
        int f = layout.ForwardBins;
        var train = new NlbTrainInput
        {
            SpikesHeldin = Counts(trainTrials, layout.MainBins, layout.HeldinNeurons),
            SpikesHeldout = Counts(trainTrials, layout.MainBins, layout.HeldoutNeurons),
            SpikesHeldinForward = f > 0 ? Counts(trainTrials, f, layout.HeldinNeurons) : null,
            SpikesHeldoutForward = f > 0 ? Counts(trainTrials, f, layout.HeldoutNeurons) : null,
        };
        var eval = new NlbEvalInput { SpikesHeldin = Counts(evalTrials, layout.MainBins, layout.HeldinNeurons) };
        return new DatasetSource
        {
            Folder = "memory", Name = "bench", TrainInput = train, TrainInputPath = "train", EvalInput = eval, EvalInputPath = "eval",
        };
    }

    private static string Mb(long bytes) => $"{bytes / (1024.0 * 1024):F0} MB";
}
