namespace Blend.Data.Nwb;

/// <summary>
/// scipy's <c>decimate(x, q, n=500, ftype='fir')</c> with zero phase, as nlb_tools' <c>resample</c> applies it to
/// continuous signals: a 501-tap Hamming-window FIR low-pass at 1/q of Nyquist (<c>firwin</c>, normalised to unit
/// DC gain), evaluated every q-th sample and centred: y[k] = Σᵢ h[i]·x[qk − 250 + i], with zeros outside the signal.
/// NaNs are first filled by linear interpolation (edges take the nearest value), and outputs whose first input
/// sample was NaN are NaN again.
/// </summary>
public static class FirDecimator
{
    /// <summary>Filter order of scipy's FIR decimation (<c>n=500</c>): the filter has <c>Order + 1</c> = 501 taps.</summary>
    public const int Order = 500;
    private const int HalfLength = Order / 2;

    /// <summary><c>firwin(501, 1/q, window='hamming')</c>.</summary>
    public static double[] Taps(int factor)
    {
        double cutoff = 1.0 / factor;
        var taps = new double[Order + 1];
        double sum = 0;
        for (int i = 0; i <= Order; i++)
        {
            double m = i - HalfLength;
            double x = cutoff * m;
            double sinc = x == 0 ? 1.0 : Math.Sin(Math.PI * x) / (Math.PI * x);
            double window = 0.54 - 0.46 * Math.Cos(2 * Math.PI * i / Order);
            taps[i] = cutoff * sinc * window;
            sum += taps[i];
        }
        for (int i = 0; i <= Order; i++) taps[i] /= sum;
        return taps;
    }

    /// <summary>Decimates one channel of the 1 ms grid to ceil(n / factor) bins.</summary>
    public static double[] Decimate(double[] samples, int factor)
    {
        int n = samples.Length;
        int bins = (n + factor - 1) / factor;
        var result = new double[bins];
        double[] filled = Interpolated(samples);
        if (filled.Length == 0 || double.IsNaN(filled[0]))
        {
            Array.Fill(result, double.NaN); // an all-NaN channel stays NaN
            return result;
        }
        double[] taps = Taps(factor);
        Parallel.For(0, bins, k =>
        {
            long first = (long)k * factor - HalfLength;
            int from = (int)Math.Max(0, -first), to = (int)Math.Min(Order, n - 1 - first);
            double sum = 0;
            for (int i = from; i <= to; i++) sum += taps[i] * filled[first + i];
            result[k] = double.IsNaN(samples[(long)k * factor]) ? double.NaN : sum;
        });
        return result;
    }

    /// <summary>pandas' <c>interpolate(limit_direction='both')</c>: linear in sample position, edges held.</summary>
    public static double[] Interpolated(double[] samples)
    {
        var filled = (double[])samples.Clone();
        int previous = -1;
        for (int i = 0; i <= filled.Length; i++)
        {
            if (i < filled.Length && double.IsNaN(filled[i])) continue;
            if (i - previous > 1)
            {
                if (previous < 0 && i == filled.Length) return filled; // all NaN
                // numpy.interp's form: slope · (x − x₀) + y₀.
                double slope = previous >= 0 && i < filled.Length ? (filled[i] - filled[previous]) / (i - previous) : 0;
                for (int j = previous + 1; j < i; j++)
                    filled[j] = previous < 0 ? filled[i]
                        : i == filled.Length ? filled[previous]
                        : slope * (j - previous) + filled[previous];
            }
            previous = i;
        }
        return filled;
    }
}
