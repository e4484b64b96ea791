using System.Diagnostics;
using System.Globalization;
using Blend.Data.Identity;
using Blend.Models;
using Blend.Training.Identity;
using static TorchSharp.torch;

namespace Blend.Bench;

/// <summary>
/// NeuPRINT step cost on random data: joint training steps/s and Φ re-fit steps/s for a given batch shape.
/// Options: --neurons 512, --windows 2, --window 200, --ffn 2048 (the released code's sizes), --steps 10, --threads N.
/// </summary>
internal sealed class NeuprintStepBench : IBenchmark
{
    public string Name => "neuprint";
    public string Description => "NeuPRINT training and Φ re-fit steps/s for a batch shape";

    public int Run(string[] args)
    {
        var o = new BenchOptions(args);
        if (o.Int("threads", 0) is int threads and > 0) set_num_threads(threads);
        var training = new NeuprintTrainingOptions
        {
            NeuronsPerStep = o.Int("neurons", 512), WindowsPerStep = o.Int("windows", 2), Window = o.Int("window", 200),
            Steps = o.Int("steps", 10), StepsPerEpoch = 1_000_000, RefitSteps = o.Int("steps", 10),
        };
        var modelOptions = new NeuprintOptions { FeedforwardDim = o.Int("ffn", 2048) };
        var session = RandomSession(neurons: 300, frames: Math.Max(4 * training.Window, 1000));
        var neurons = Enumerable.Range(0, session.NeuronCount)
            .Select(i => new IdentityNeuron(i, "m", i % 4 == 0 ? CellClass.Inhibitory : CellClass.Excitatory, null, i % 4 == 0 ? i : null, "EC")).ToArray();
        using var tensors = new SessionTensors(session, neurons);
        manual_seed(0);
        var model = new NeuprintModel(modelOptions, seesBehavior: true, training.Window);
        var table = new NeuronEmbeddingTable(neurons.Length, modelOptions.EmbeddingDim);
        Console.WriteLine($"cores {Environment.ProcessorCount}, torch threads {get_num_threads()}; batch {training.WindowsPerStep} windows × {training.NeuronsPerStep} neurons × {training.Window} frames, FFN {modelOptions.FeedforwardDim}, {model.parameters().Sum(p => p.numel()):N0} parameters");

        NeuprintTrainer.Train(model, table, [tensors], training with { Steps = 2 }, seed: 1); // warm-up
        var clock = Stopwatch.StartNew();
        NeuprintTrainer.Train(model, table, [tensors], training, seed: 2);
        double trainMs = clock.Elapsed.TotalMilliseconds / training.Steps;
        clock.Restart();
        NeuprintTrainer.Refit(model, neurons.Length, [tensors], training, seed: 3).Dispose();
        double refitMs = clock.Elapsed.TotalMilliseconds / training.RefitSteps;
        long tokens = (long)training.WindowsPerStep * training.NeuronsPerStep * training.Window;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"training  {trainMs:F0} ms/step ({tokens / trainMs * 1000:N0} tokens/s)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"refit     {refitMs:F0} ms/step ({tokens / refitMs * 1000:N0} tokens/s)"));
        return 0;
    }

    private static IdentitySession RandomSession(int neurons, int frames)
    {
        var random = new Random(0);
        float Next() => (float)(random.NextDouble() * 2 - 1);
        return new IdentitySession
        {
            Mouse = "m", Date = "d", Folder = "random", Frames = frames, NeuronCount = neurons,
            Activity = Enumerable.Range(0, neurons * frames).Select(_ => Next()).ToArray(),
            Population = Enumerable.Range(0, PopulationChannel.Count * frames).Select(_ => Next()).ToArray(),
            Neighbours = Enumerable.Range(0, neurons * 2 * frames).Select(_ => Next()).ToArray(),
            NeuronIds = Enumerable.Range(0, neurons).ToArray(),
            FrameTimes = Enumerable.Range(0, frames).Select(t => t * 0.25).ToArray(),
        };
    }
}
