namespace Blend.Evaluation.Identity;

/// <summary>
/// Shape statistics of one trace, each as the usual library computes it: skewness m₃/m₂^1.5 and excess kurtosis
/// m₄/m₂² − 3 from central moments with ddof 0 (scipy.stats.skew / kurtosis defaults), and the autocorrelation at
/// lag k as Σₜ (xₜ − x̄)(xₜ₊ₖ − x̄) / Σₜ (xₜ − x̄)² (statsmodels' acf). A constant trace scores 0 on all of them,
/// as NeuPRINT sets the NaN of a zero-variance z-score to 0.
/// </summary>
internal static class TraceMoments
{
    public static (double Skewness, double ExcessKurtosis) Shape(ReadOnlySpan<float> trace)
    {
        double mean = Mean(trace);
        double m2 = 0, m3 = 0, m4 = 0;
        foreach (float v in trace)
        {
            double d = v - mean, d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }
        m2 /= trace.Length;
        m3 /= trace.Length;
        m4 /= trace.Length;
        return IsConstant(m2, mean) ? (0, 0) : (m3 / Math.Pow(m2, 1.5), m4 / (m2 * m2) - 3);
    }

    public static double Autocorrelation(ReadOnlySpan<float> trace, int lag)
    {
        double mean = Mean(trace);
        double total = 0, lagged = 0;
        for (int t = 0; t < trace.Length; t++)
        {
            double d = trace[t] - mean;
            total += d * d;
            if (t + lag < trace.Length) lagged += d * (trace[t + lag] - mean);
        }
        return IsConstant(total / trace.Length, mean) ? 0 : lagged / total;
    }

    private static double Mean(ReadOnlySpan<float> trace)
    {
        double sum = 0;
        foreach (float v in trace) sum += v;
        return sum / trace.Length;
    }

    /// <summary>A variance at rounding level of the mean (a float trace stored as constant).</summary>
    private static bool IsConstant(double variance, double mean) => variance <= 1e-24 * Math.Max(1.0, mean * mean);
}
