using System.Runtime.InteropServices;
using Blend.Data;

namespace Blend.Bench;

/// <summary>
/// Seeded MC_Maze-shaped synthetic data: rates are exp of smooth low-dimensional latents (so neurons are correlated,
/// as real smoothed rates are), hand velocity is a linear readout of the rates plus noise.
/// </summary>
internal sealed record SyntheticVelocityData(Array3 TrainRates, Array3 TrainBehavior, Array3 EvalRates, Array3 EvalBehavior)
{
    private const int Latents = 8;
    private const int Outputs = 2;

    public static SyntheticVelocityData Generate(int trainTrials, int evalTrials, int time, int neurons, ulong seed)
    {
        var rng = new SplitMix64(seed);
        var loading = new double[neurons * Latents];
        var baseline = new double[neurons];
        var readout = new double[neurons * Outputs];
        for (int i = 0; i < loading.Length; i++) loading[i] = 0.35 * rng.NextGaussian();
        for (int n = 0; n < neurons; n++) baseline[n] = Math.Log(0.02 + 0.3 * rng.NextDouble());
        for (int i = 0; i < readout.Length; i++) readout[i] = rng.NextGaussian();
        var (trainRates, trainBehavior) = Trials(trainTrials, time, neurons, loading, baseline, readout, ref rng);
        var (evalRates, evalBehavior) = Trials(evalTrials, time, neurons, loading, baseline, readout, ref rng);
        return new SyntheticVelocityData(trainRates, trainBehavior, evalRates, evalBehavior);
    }

    private static (Array3 Rates, Array3 Behavior) Trials(int trials, int time, int neurons, double[] loading,
        double[] baseline, double[] readout, ref SplitMix64 rng)
    {
        var rates = new Array3(trials, time, neurons);
        var behavior = new Array3(trials, time, Outputs);
        var latent = new double[Latents];
        for (int trial = 0; trial < trials; trial++)
        {
            for (int l = 0; l < Latents; l++) latent[l] = rng.NextGaussian();
            for (int t = 0; t < time; t++)
            {
                // AR(1) latents: smooth over ~20 bins like Gaussian-smoothed firing rates.
                for (int l = 0; l < Latents; l++) latent[l] = 0.95 * latent[l] + 0.31 * rng.NextGaussian();
                Span<double> bin = rates.Bin(trial, t);
                for (int n = 0; n < neurons; n++)
                {
                    double drive = baseline[n];
                    for (int l = 0; l < Latents; l++) drive += loading[n * Latents + l] * latent[l];
                    bin[n] = Math.Exp(drive);
                }
                Span<double> velocity = behavior.Bin(trial, t);
                for (int c = 0; c < Outputs; c++)
                {
                    double v = 0.0;
                    for (int n = 0; n < neurons; n++) v += readout[n * Outputs + c] * bin[n];
                    velocity[c] = v + 1.8 * rng.NextGaussian();
                }
            }
        }
        return (rates, behavior);
    }

    /// <summary>Raw little-endian float64 files in C order plus a shape file, for bench/sklearn_velocity_reference.py.</summary>
    public void Dump(string directory)
    {
        Directory.CreateDirectory(directory);
        Write(Path.Combine(directory, "train_x.f64"), TrainRates.Values);
        Write(Path.Combine(directory, "train_y.f64"), TrainBehavior.Values);
        Write(Path.Combine(directory, "eval_x.f64"), EvalRates.Values);
        Write(Path.Combine(directory, "eval_y.f64"), EvalBehavior.Values);
        File.WriteAllText(Path.Combine(directory, "shapes.json"),
            $"{{\"train_rows\": {TrainRates.Rows}, \"eval_rows\": {EvalRates.Rows}, \"features\": {TrainRates.Channels}, \"outputs\": {TrainBehavior.Channels}}}\n");
    }

    private static void Write(string path, double[] values)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("dump assumes little-endian");
        using var stream = File.Create(path);
        stream.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    /// <summary>SplitMix64 with Box–Muller normals: tiny, fast and identical on every platform.</summary>
    private struct SplitMix64(ulong state)
    {
        private ulong _state = state;
        private double _spare = double.NaN;

        public ulong Next()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

        public double NextGaussian()
        {
            if (!double.IsNaN(_spare))
            {
                double spare = _spare;
                _spare = double.NaN;
                return spare;
            }
            double u = 1.0 - NextDouble(), v = NextDouble();
            double radius = Math.Sqrt(-2.0 * Math.Log(u));
            _spare = radius * Math.Sin(2 * Math.PI * v);
            return radius * Math.Cos(2 * Math.PI * v);
        }
    }
}
