using System.Diagnostics;
using System.Globalization;
using Blend.Data;
using Blend.Models;
using Blend.Training;
using static TorchSharp.torch;

namespace Blend.Bench;

/// <summary>
/// Where a training step's time goes, phase by phase (CPU tensors run synchronously, so a clock around each phase is
/// exact): batch selection, masking, forward, loss, zero-grad, backward, clipping, optimizer. Same scale and options as
/// <c>train</c> (<see cref="BenchModel"/>: batch 64 × 180 bins × 182 neurons, configs/&lt;architecture&gt;.yaml), --steps 12
/// timed after 3 warm-up steps.
/// </summary>
internal sealed class ProfileStepBench : IBenchmark
{
    public string Name => "profile";
    public string Description => "a training step's time by phase (masking, forward, loss, backward, clipping, optimizer)";

    public int Run(string[] args)
    {
        var o = new BenchOptions(args);
        var (architecture, _, config, layout, batch) = BenchModel.From(o);
        int steps = o.Int("steps", 12), warmup = 3;
        var training = config.Training with { BatchSize = batch, Seed = 1, Threads = 0 };
        using var data = TrainingData.Load(TrainStepBench.RandomSource(layout, batch * 2, batch), training);
        using var model = TorchGlobalState.Seeded(training.Seed, () => ModelFactory.Create(config, layout));
        var masker = new Masker(training.Masking, layout);
        var generator = new Generator(1, CPU);
        var random = new TrainingRandom(1);
        var parameters = model.named_parameters().Select(p => (p.name, p.parameter)).ToArray();
        using var optimizer = new ReferenceAdamW(parameters, training.Lr, training.WeightDecay, training.AdamEps, training.AdamBeta1, training.AdamBeta2);
        var phases = new[] { "select", "mask", "forward", "loss", "zero grad", "backward", "clip", "optimizer" };
        var totals = new double[phases.Length];
        var clock = new Stopwatch();
        int[] trials = [.. data.Train.Trials.Take(batch)];
        model.train();
        for (int step = 0; step < warmup + steps; step++)
        {
            int phase = 0;
            void Lap()
            {
                if (step >= warmup) totals[phase] += clock.Elapsed.TotalSeconds;
                phase++;
                clock.Restart();
            }
            using var scope = NewDisposeScope();
            clock.Restart();
            var (spikes, behavior) = data.Train.Select(trials);
            Lap();
            var (input, labels) = masker.Mask(spikes, 0, generator, random);
            Lap();
            var output = model.Forward(input, behavior);
            Lap();
            var loss = MaskedPoissonLoss.Mean(output.LogRates, labels);
            Lap();
            optimizer.ZeroGrad();
            Lap();
            loss.backward();
            Lap();
            GradientClipping.ClipGlobalNorm(parameters.Select(p => p.parameter), training.MaxGradNorm);
            Lap();
            optimizer.Step();
            Lap();
        }
        double total = totals.Sum();
        Console.WriteLine($"{architecture}: batch {batch} × {layout.Bins} bins × {layout.Neurons} neurons, {model.parameters().Sum(p => p.numel()):N0} parameters, " +
                          $"torch threads {get_num_threads()}, {steps} steps");
        for (int i = 0; i < phases.Length; i++)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {phases[i],-10} {1000 * totals[i] / steps,8:F1} ms  {100 * totals[i] / total,5:F1} %"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"step",-10} {1000 * total / steps,8:F1} ms"));
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"  peak RSS   {process.PeakWorkingSet64 / (1024.0 * 1024):F0} MB");
        return 0;
    }
}
