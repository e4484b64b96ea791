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
/// <c>train</c> (batch 64 × 180 bins × 182 neurons, configs/&lt;architecture&gt;.yaml), --steps 12 timed after 3 warm-up steps.
/// </summary>
internal sealed class ProfileStepBench : IBenchmark
{
    public string Name => "profile";
    public string Description => "a training step's time by phase (masking, forward, loss, backward, clipping, optimizer)";

    public int Run(string[] args)
    {
        var o = new BenchOptions(args);
        if (o.Int("threads", 0) is int threads and > 0) set_num_threads(threads);
        string architecture = o.String("architecture") ?? "ndt";
        string? configPath = o.String("config") ?? (File.Exists($"configs/{architecture}.yaml") ? $"configs/{architecture}.yaml" : null);
        // An experiment config (configs/blend-demo.yaml) is read too: its model and training sections are what count here.
        var config = Blend.Experiments.ExperimentConfig.Load(configPath, [$"model.architecture={architecture}"]).Training;
        config = config with { Model = config.Model with { Layers = o.Int("layers", config.Model.Layers), HiddenSize = o.Int("hidden", config.Model.HiddenSize) } };
        int batch = o.Int("batch", 64), steps = o.Int("steps", 12), warmup = 3;
        var layout = new TrialLayout(o.Int("heldin", 137), o.Int("heldout", 45), o.Int("bins", 140), o.Int("forward", 40), 0);
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

/// <summary>Scratch: one NDT layer's operations timed one by one at MC_Maze scale.</summary>
internal sealed class LayerOpsBench : IBenchmark
{
    public string Name => "layerops";
    public string Description => "scratch";

    public int Run(string[] args)
    {
        set_num_threads(2);
        foreach (var m in typeof(Tensor).GetMembers().Where(m => m.Name.Contains("bytes", StringComparison.OrdinalIgnoreCase) || m.Name.Contains("span", StringComparison.OrdinalIgnoreCase) || m.Name.Contains("ptr", StringComparison.OrdinalIgnoreCase)))
            Console.WriteLine($"member {m.MemberType} {m}");
        foreach (var m in typeof(TorchSharp.Utils.TensorAccessor<float>).GetMembers()) Console.WriteLine($"accessor {m}");
        long B = 64, T = 180, N = 182, H = 2, F = 128;
        var x = randn(B, T, N, requires_grad: true);
        var w = randn(3 * N, N).mul(0.05).requires_grad_(true);
        var b = zeros(3 * N).requires_grad_(true);
        var w1 = randn(F, N).mul(0.05).requires_grad_(true);
        var w2 = randn(N, F).mul(0.05).requires_grad_(true);
        var mask = NdtModel.ContextMask((int)T, 8, 4);
        void Time(string name, Func<Tensor> f)
        {
            for (int i = 0; i < 2; i++) using (NewDisposeScope()) f();
            var c = Stopwatch.StartNew();
            for (int i = 0; i < 10; i++) using (NewDisposeScope()) f();
            Console.WriteLine($"{name,-30} {c.Elapsed.TotalMilliseconds / 10,8:F2} ms");
        }
        var big = randn(11520, 182); var wt = randn(182, 546); var big2 = randn(2048, 2048);
        var c1 = Stopwatch.StartNew(); for (int i = 0; i < 20; i++) using (NewDisposeScope()) matmul(big, wt);
        Console.WriteLine($"sgemm 11520x182x546 {20 * 2.0 * 11520 * 182 * 546 / c1.Elapsed.TotalSeconds / 1e9:F0} GFLOP/s");
        c1.Restart(); for (int i = 0; i < 5; i++) using (NewDisposeScope()) matmul(big2, big2);
        Console.WriteLine($"sgemm 2048^3 {5 * 2.0 * 2048 * 2048 * 2048 / c1.Elapsed.TotalSeconds / 1e9:F0} GFLOP/s");
        var small = randn(16, 45, 80);
        for (int r = 0; r < 3; r++)
        {
            var c2 = Stopwatch.StartNew(); for (int i = 0; i < 2000; i++) using (NewDisposeScope()) Blend.Models.FastDropout.Apply(small, 0.1);
            Console.WriteLine($"small FastDropout {c2.Elapsed.TotalMilliseconds * 1000 / 2000:F1} µs");
            c2.Restart(); for (int i = 0; i < 2000; i++) using (NewDisposeScope()) randint(long.MaxValue, [1], dtype: ScalarType.Int64).item<long>();
            Console.WriteLine($"small randint item {c2.Elapsed.TotalMilliseconds * 1000 / 2000:F1} µs");
            c2.Restart(); for (int i = 0; i < 2000; i++) using (NewDisposeScope()) Blend.Models.FastDropout.Mask(small.shape, 0.1);
            Console.WriteLine($"small mask {c2.Elapsed.TotalMilliseconds * 1000 / 2000:F1} µs");
            c2.Restart(); for (int i = 0; i < 2000; i++) using (NewDisposeScope()) { var m = empty(small.shape); var bb = m.bytes; }
            Console.WriteLine($"small empty+bytes {c2.Elapsed.TotalMilliseconds * 1000 / 2000:F1} µs");
            c2.Restart(); for (int i = 0; i < 2000; i++) using (NewDisposeScope()) nn.functional.dropout(small, 0.1, true);
            Console.WriteLine($"small torch dropout {c2.Elapsed.TotalMilliseconds * 1000 / 2000:F1} µs");
            c2.Restart(); for (int i = 0; i < 2000; i++) using (NewDisposeScope()) small.add(small);
            Console.WriteLine($"small add {c2.Elapsed.TotalMilliseconds * 1000 / 2000:F1} µs");
        }
        Time("layernorm", () => nn.functional.layer_norm(x, [N]));
        Time("in_proj linear", () => nn.functional.linear(x, w, b));
        var qkv = nn.functional.linear(x, w, b).view(B, T, 3, H, N / H).permute(2, 0, 3, 1, 4);
        Time("sdpa mask+dropout", () => nn.functional.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2], mask, 0.1));
        Time("sdpa mask", () => nn.functional.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2], mask, 0.0));
        Time("sdpa nomask", () => nn.functional.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2], null, 0.0));
        var q = qkv[0].contiguous(); var k = qkv[1].contiguous(); var v = qkv[2].contiguous();
        Time("sdpa contiguous mask+drop", () => nn.functional.scaled_dot_product_attention(q, k, v, mask, 0.1));
        Time("manual attn", () => nn.functional.dropout(softmax(matmul(q, k.transpose(-2, -1)).mul(1 / Math.Sqrt(N / H)).add(mask), -1), 0.1, true).matmul(v));
        Time("ffn", () => nn.functional.linear(nn.functional.relu(nn.functional.linear(x, w1)), w2));
        Time("dropout", () => nn.functional.dropout(x, 0.1, true));
        Time("fast dropout", () => FastDropout(x, 0.1));
        Time("fwd+bwd sdpa mask nodrop", () => { var qq = nn.functional.linear(x, w, b).view(B, T, 3, H, N / H).permute(2, 0, 3, 1, 4); var y = nn.functional.scaled_dot_product_attention(qq[0], qq[1], qq[2], mask, 0.0); y.sum().backward(); return y; });
        Time("fwd+bwd manual fastdrop", () => { var qq = nn.functional.linear(x, w, b).view(B, T, 3, H, N / H).permute(2, 0, 3, 1, 4); var y = FastDropout(softmax(matmul(qq[0], qq[1].transpose(-2, -1)).mul(1 / Math.Sqrt(N / H)).add(mask), -1), 0.1).matmul(qq[2]); y.sum().backward(); return y; });
        Time("fwd+bwd blocked band", () => { var qq = nn.functional.linear(x, w, b).view(B, T, 3, H, N / H).permute(2, 0, 3, 1, 4); var y = BlockBandedAttention.Attend(qq[0], qq[1], qq[2], 8, 4, 0.1); y.sum().backward(); return y; });
        Time("bernoulli_ float", () => empty_like(x).bernoulli_(0.9));
        Time("rand float", () => rand_like(x));
        Time("fwd+bwd in_proj", () => { var y = nn.functional.linear(x, w, b); y.sum().backward(); return y; });
        Time("fwd+bwd sdpa mask+drop", () => { var qq = nn.functional.linear(x, w, b).view(B, T, 3, H, N / H).permute(2, 0, 3, 1, 4); var y = nn.functional.scaled_dot_product_attention(qq[0], qq[1], qq[2], mask, 0.1); y.sum().backward(); return y; });
        return 0;
    }

    private static Tensor FastDropout(Tensor x, double p)
    {
        ulong state = (ulong)randint(long.MaxValue, [1]).item<long>();
        long n = x.numel();
        var data = new short[(n + 3) / 4 * 4];
        var w = System.Runtime.InteropServices.MemoryMarshal.Cast<short, ulong>(data.AsSpan());
        for (int i = 0; i < w.Length; i++)
        {
            ulong z = state += 0x9E3779B97F4A7C15;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            w[i] = z ^ (z >> 31);
        }
        var bits = tensor(data, [data.Length])[TensorIndex.Slice(0, n)].view(x.shape);
        int threshold = (int)Math.Round(p * 65536) - 32768;
        double keep = 1 - (threshold + 32768) / 65536.0;
        var scale = bits.ge(threshold).to_type(x.dtype).mul_(1 / keep);
        return x.mul(scale);
    }
}
