namespace Blend.Data.Identity;

/// <summary>
/// Z-scoring as numpy's <c>(x - x.mean()) / x.std()</c> (population SD, ddof 0), in float64, except that a trace
/// with no spread gives 0 instead of numpy's NaN (NeuPRINT sets those NaNs to 0 for activity).
/// </summary>
public static class ZScoring
{
    /// <summary>
    /// Z-scores each neuron of a frames × neurons array over all its frames and returns it
    /// neuron-major (neurons × frames) in float32. A constant trace is 0; so is a trace with any NaN or infinity,
    /// as in the reference, where the NaN spreads through mean and SD and is then set to 0.
    /// </summary>
    public static float[] NeuronsOverFrames(double[] activity, int frames, int neurons) => NeuronsOverFrames(activity, frames, neurons, out _, out _);

    /// <summary>
    /// <see cref="NeuronsOverFrames(double[], int, int)"/>, also saying which neurons' traces became 0 and why:
    /// <paramref name="nonFinite"/> had a NaN or infinity, <paramref name="constant"/> did not vary (an all-zero trace included).
    /// </summary>
    public static float[] NeuronsOverFrames(double[] activity, int frames, int neurons, out int[] nonFinite, out int[] constant)
    {
        if (activity.Length != (long)frames * neurons)
            throw new ArgumentException($"{activity.Length} values do not fill {frames} frames × {neurons} neurons", nameof(activity));
        var mean = new double[neurons];
        var varies = new bool[neurons];
        // Row-major passes keep the reads sequential; the neuron-major write happens once at the end.
        for (int t = 0; t < frames; t++)
        {
            var row = activity.AsSpan(t * neurons, neurons);
            for (int n = 0; n < neurons; n++)
            {
                mean[n] += row[n];
                varies[n] |= row[n] != activity[n];
            }
        }
        for (int n = 0; n < neurons; n++) mean[n] /= frames;
        var squares = new double[neurons];
        for (int t = 0; t < frames; t++)
        {
            var row = activity.AsSpan(t * neurons, neurons);
            for (int n = 0; n < neurons; n++)
            {
                double d = row[n] - mean[n];
                squares[n] += d * d;
            }
        }
        var sd = new double[neurons]; // 0 marks a trace that z-scores to 0
        var notFinite = new List<int>();
        var flat = new List<int>();
        for (int n = 0; n < neurons; n++)
        {
            double s = Math.Sqrt(squares[n] / frames);
            sd[n] = varies[n] && double.IsFinite(s) && s > 0 ? s : 0;
            if (!double.IsFinite(s) || !double.IsFinite(mean[n])) notFinite.Add(n);
            else if (sd[n] == 0) flat.Add(n);
        }
        nonFinite = [.. notFinite];
        constant = [.. flat];
        var result = new float[activity.Length];
        // Blocks of frames so the strided writes into each neuron's row stay within cache.
        const int Block = 64;
        for (int t0 = 0; t0 < frames; t0 += Block)
        {
            int t1 = Math.Min(frames, t0 + Block);
            for (int n = 0; n < neurons; n++)
            {
                double m = mean[n], s = sd[n];
                int target = n * frames;
                if (s == 0)
                {
                    for (int t = t0; t < t1; t++) result[target + t] = 0;
                    continue;
                }
                for (int t = t0; t < t1; t++) result[target + t] = (float)((activity[t * neurons + n] - m) / s);
            }
        }
        return result;
    }

    /// <summary>Z-scores one signal in place (resampled behaviour too); a constant signal becomes 0.</summary>
    public static void Signal(Span<double> values)
    {
        if (values.Length == 0) return;
        double mean = 0;
        bool varies = false;
        foreach (double v in values)
        {
            mean += v;
            varies |= v != values[0];
        }
        mean /= values.Length;
        double squares = 0;
        foreach (double v in values) squares += (v - mean) * (v - mean);
        double sd = Math.Sqrt(squares / values.Length);
        if (!varies || !(sd > 0) || !double.IsFinite(sd))
        {
            values.Clear();
            return;
        }
        for (int i = 0; i < values.Length; i++) values[i] = (values[i] - mean) / sd;
    }
}
