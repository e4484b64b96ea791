namespace Blend.Evaluation.Statistics;

/// <summary>
/// Paired differences model − baseline of one metric, replicate by replicate (same seed, same data): mean, sample std,
/// in how many replicates the model was better, the 95 % t confidence interval of the mean difference, and two-sided
/// p-values of the paired t-test and the Wilcoxon signed-rank test (null where undefined: fewer than two replicates,
/// or no non-zero difference).
/// </summary>
public sealed record PairedDifference(double Mean, double Std, int N, int Better)
{
    /// <summary>Lower end of the 95 % t confidence interval of the mean difference; null for fewer than two replicates.</summary>
    public double? CiLow { get; init; }
    /// <summary>Upper end of the 95 % t confidence interval of the mean difference; null for fewer than two replicates.</summary>
    public double? CiHigh { get; init; }
    /// <summary>Two-sided p of the paired t-test (scipy.stats.ttest_rel); null for fewer than two replicates or all differences zero.</summary>
    public double? TTestP { get; init; }
    /// <summary>Two-sided p of the Wilcoxon signed-rank test (scipy.stats.wilcoxon); null when no difference is non-zero.</summary>
    public double? WilcoxonP { get; init; }

    /// <summary>The differences <paramref name="model"/> − <paramref name="baseline"/>, paired by index (same replicates, same length).</summary>
    public static PairedDifference Of(IReadOnlyList<double> model, IReadOnlyList<double> baseline)
    {
        if (model.Count != baseline.Count) throw new ArgumentException("paired values need the same replicates");
        var differences = model.Zip(baseline, (m, b) => m - b).ToArray();
        var stats = MeanStd.Of(differences);
        var interval = PairedTTest.ConfidenceInterval(differences);
        return new PairedDifference(stats.Mean, stats.Std, stats.N, differences.Count(d => d > 0))
        {
            CiLow = interval?.Low,
            CiHigh = interval?.High,
            TTestP = PairedTTest.Test(differences)?.P,
            WilcoxonP = WilcoxonSignedRank.TwoSidedP(differences),
        };
    }
}
