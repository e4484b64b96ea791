namespace Blend.Evaluation.Statistics;

/// <summary>
/// The paired t-test on differences d_i = model_i − baseline_i (scipy.stats.ttest_rel, two-sided) and the t confidence
/// interval of their mean. Undefined values (fewer than two pairs, or all differences zero) are null rather than NaN.
/// </summary>
public static class PairedTTest
{
    /// <summary>t = mean / (s / √n) and its two-sided p; null for n &lt; 2 or when every difference is zero.</summary>
    public static (double T, double P)? Test(IReadOnlyList<double> differences)
    {
        int n = differences.Count;
        if (n < 2) return null;
        var (mean, std) = MeanAndStd(differences);
        // Identical non-zero differences: |t| = ∞ and p = 0, as scipy reports; all zero: undefined.
        if (std == 0) return mean == 0 ? null : (mean > 0 ? double.PositiveInfinity : double.NegativeInfinity, 0.0);
        double t = mean / (std / Math.Sqrt(n));
        return (t, SpecialFunctions.StudentTTwoSided(t, n - 1));
    }

    /// <summary>mean ± t_{(1+level)/2, n−1} · s / √n; null for n &lt; 2.</summary>
    public static (double Low, double High)? ConfidenceInterval(IReadOnlyList<double> differences, double level = 0.95)
    {
        int n = differences.Count;
        if (n < 2) return null;
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "a confidence level lies strictly between 0 and 1");
        var (mean, std) = MeanAndStd(differences);
        double half = SpecialFunctions.StudentTQuantile((1 + level) / 2, n - 1) * std / Math.Sqrt(n);
        return (mean - half, mean + half);
    }

    private static (double Mean, double Std) MeanAndStd(IReadOnlyList<double> values)
    {
        double mean = values.Sum() / values.Count;
        double ss = values.Sum(v => (v - mean) * (v - mean));
        return (mean, Math.Sqrt(ss / (values.Count - 1)));
    }
}
