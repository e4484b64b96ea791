using Blend.Data.Synthetic;

namespace Blend.Data.Identity.Synthetic;

/// <summary>The small signal steps the SynthBugeon recipe is made of, on regularly sampled series.</summary>
public static class TimeSeries
{
    /// <summary>
    /// An Ornstein–Uhlenbeck process with time constant <paramref name="tau"/> and unit stationary variance, sampled
    /// every <paramref name="step"/> seconds (exact discretisation, started from the stationary distribution).
    /// </summary>
    public static double[] OrnsteinUhlenbeck(int samples, double step, double tau, SeededRandom random)
    {
        var values = new double[samples];
        double decay = Math.Exp(-step / tau), innovation = Math.Sqrt(1 - decay * decay), x = random.Normal();
        for (int i = 0; i < samples; i++)
        {
            if (i > 0) x = decay * x + innovation * random.Normal();
            values[i] = x;
        }
        return values;
    }

    /// <summary>Causal exponential smoothing with time constant <paramref name="tau"/>, started at the first value.</summary>
    public static double[] Smooth(ReadOnlySpan<double> values, double step, double tau)
    {
        var smoothed = new double[values.Length];
        if (values.Length == 0) return smoothed;
        double weight = 1 - Math.Exp(-step / tau), y = values[0];
        for (int i = 0; i < values.Length; i++)
        {
            y += weight * (values[i] - y);
            smoothed[i] = y;
        }
        return smoothed;
    }

    /// <summary>(x − mean) / SD (ddof 0); all zeros for a constant series.</summary>
    public static double[] ZScore(ReadOnlySpan<double> values)
    {
        double mean = 0, squares = 0;
        foreach (double v in values) mean += v;
        mean /= values.Length;
        foreach (double v in values) squares += (v - mean) * (v - mean);
        double sd = Math.Sqrt(squares / values.Length);
        var z = new double[values.Length];
        if (sd > 0)
            for (int i = 0; i < values.Length; i++) z[i] = (values[i] - mean) / sd;
        return z;
    }

    /// <summary>
    /// Linear interpolation of (<paramref name="times"/>, <paramref name="values"/>) at sorted
    /// <paramref name="queries"/>, held constant beyond the ends.
    /// </summary>
    public static double[] Interpolate(double[] times, double[] values, ReadOnlySpan<double> queries)
    {
        var result = new double[queries.Length];
        int right = 0;
        for (int q = 0; q < queries.Length; q++)
        {
            double t = queries[q];
            while (right < times.Length && times[right] < t) right++;
            if (right == 0) result[q] = values[0];
            else if (right == times.Length) result[q] = values[^1];
            else
            {
                double fraction = (t - times[right - 1]) / (times[right] - times[right - 1]);
                result[q] = values[right - 1] + fraction * (values[right] - values[right - 1]);
            }
        }
        return result;
    }

    /// <summary>The <paramref name="quantile"/> (0..1) with linear interpolation between order statistics, as numpy's default.</summary>
    public static double Quantile(IEnumerable<double> values, double quantile)
    {
        var sorted = values.ToArray();
        if (sorted.Length == 0) throw new ArgumentException("no values", nameof(values));
        Array.Sort(sorted);
        double position = quantile * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    /// <summary>Times start, start + 1/rate, … up to and including <paramref name="end"/>.</summary>
    public static double[] Clock(double start, double end, double rateHz)
    {
        int samples = (int)Math.Floor((end - start) * rateHz) + 1;
        var times = new double[samples];
        for (int i = 0; i < samples; i++) times[i] = start + i / rateHz;
        return times;
    }
}
