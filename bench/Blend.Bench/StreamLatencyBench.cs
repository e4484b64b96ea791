using System.Diagnostics;
using System.Globalization;
using Blend.Deployment.Streaming;
using Blend.Models;
using Blend.Training;
using static TorchSharp.torch;
using Blend.Data;

namespace Blend.Bench;

/// <summary>
/// Closed-loop latency: per-bin <see cref="BinStream.Push"/> time (p50 / p99 / max over --bins pushes after a warm-up)
/// for causal students at MC_Maze scale (182 neurons: 137 held-in + 45 held-out) with 20 ms bins (35 + 10 bins per window)
/// and 5 ms bins (140 + 40): the reference NDT (4 layers, 2 heads, FFN 128, band of 8 past bins), the demo's NDT (2 layers,
/// FFN 64, smoothed input and skip) and lfads-torch's sizes as a causal LFADS. Beside each, the batch forward of one whole
/// window in libtorch: what a re-run of the window per bin would cost. Options: --bins 5000, --threads 1|2 (libtorch's,
/// for the batch forward; the stream runs on the caller's thread).
/// </summary>
internal sealed class StreamLatencyBench : IBenchmark
{
    public string Name => "stream";
    public string Description => "per-bin latency of causal streaming (p50/p99/max) at 182 neurons, 20 ms and 5 ms bins";

    public int Run(string[] args)
    {
        var o = new BenchOptions(args);
        int bins = o.Int("bins", 5000);
        if (o.Int("threads", 0) is int threads and > 0) set_num_threads(threads);
        Console.WriteLine($"cores {Environment.ProcessorCount}, torch threads {get_num_threads()} (batch forward only; the stream runs on one thread); {bins} pushes per row after 500 warm-up bins");
        Console.WriteLine($"{"model",-36} {"bins",-9} {"p50 ms",8} {"p99 ms",8} {"max ms",8} {"window fwd ms",14}");
        foreach (var (binMs, main, forward) in new[] { (20, 35, 10), (5, 140, 40) })
        {
            var layout = new TrialLayout(137, 45, main, forward, 0);
            var models = new (string Name, Func<NeuralDynamicsModel> Create)[]
            {
                ("NDT reference (4 layers, FFN 128)", () => new NdtModel(new NdtOptions { Causal = true, ContextForward = 0, ContextBackward = 8 }, layout.Neurons, layout.Bins)),
                ("NDT demo (2 layers, smoothed, skip)", () => new NdtModel(new NdtOptions
                {
                    Causal = true, ContextForward = 0, ContextBackward = 10, Layers = 2, HiddenSize = 64, InputSmoothingBins = 3, ReadoutSkipBins = 3, ReadoutSkipRank = 8,
                }, layout.Neurons, layout.Bins)),
                ("LFADS causal (gen 100, con 80)", () => new LfadsModel(new LfadsOptions { Causal = true }, new NdtOptions(), layout)),
            };
            foreach (var (name, create) in models)
            {
                manual_seed(0);
                using var model = create();
                model.eval();
                var (p50, p99, max) = Latency(BinStream.For(model, layout), bins);
                double window = WindowForward(model, layout);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-36} {binMs + " ms",-9} {p50,8:F3} {p99,8:F3} {max,8:F3} {window,14:F2}"));
            }
        }
        return 0;
    }

    private static (double P50, double P99, double Max) Latency(BinStream stream, int bins)
    {
        var random = new Random(1);
        var counts = new float[stream.HeldinNeurons];
        void Fill()
        {
            for (int i = 0; i < counts.Length; i++) counts[i] = random.Next(0, 3);
        }
        for (int i = 0; i < 500; i++)
        {
            Fill();
            stream.Push(counts);
        }
        var times = new double[bins];
        var clock = new Stopwatch();
        for (int i = 0; i < bins; i++)
        {
            Fill();
            clock.Restart();
            stream.Push(counts);
            clock.Stop();
            times[i] = clock.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return (times[bins / 2], times[(int)Math.Ceiling(0.99 * bins) - 1], times[^1]);
    }

    /// <summary>Median time of one batch forward of a whole window (1 trial) in libtorch.</summary>
    private static double WindowForward(NeuralDynamicsModel model, TrialLayout layout)
    {
        using var noGrad = no_grad();
        var input = zeros(1, layout.Bins, layout.Neurons);
        var times = new List<double>();
        for (int i = 0; i < 25; i++)
        {
            var clock = Stopwatch.StartNew();
            using (var scope = NewDisposeScope()) model.Forward(input);
            if (i >= 5) times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return times.Order().ElementAt(times.Count / 2);
    }
}
