namespace Blend.Evaluation.Statistics;

/// <summary>
/// The two-sided Wilcoxon signed-rank test on paired differences, as scipy.stats.wilcoxon (1.10, zero_method="wilcox",
/// no continuity correction): zero differences are dropped; the p-value is exact from the null distribution of the
/// positive rank sum when no difference is zero and the absolute differences have no ties (n ≤ 50), else the
/// tie-corrected normal approximation. (scipy 1.10 keeps "exact" under ties and truncates the tied rank sum; the
/// exact distribution assumes distinct ranks, so we use the approximation there.) With n pairs the smallest exact
/// two-sided p is 2 / 2ⁿ: 0.0625 for 5 seeds, so reaching p &lt; 0.05 takes at least 6.
/// </summary>
public static class WilcoxonSignedRank
{
    private const int ExactUpTo = 50;

    /// <summary>The two-sided p; null when there is no non-zero difference.</summary>
    public static double? TwoSidedP(IReadOnlyList<double> differences)
    {
        if (differences.Any(double.IsNaN)) return null;
        bool hasZero = differences.Any(d => d == 0);
        var nonZero = differences.Where(d => d != 0).ToArray();
        int n = nonZero.Length;
        if (n == 0) return null;
        var ranks = AverageRanks(nonZero.Select(Math.Abs).ToArray(), out var tieSizes);
        double rankSumPlus = 0, rankSumMinus = 0;
        for (int i = 0; i < n; i++)
            if (nonZero[i] > 0) rankSumPlus += ranks[i]; else rankSumMinus += ranks[i];

        if (!hasZero && tieSizes.Count == 0 && differences.Count <= ExactUpTo)
            return Exact(n, (int)rankSumPlus);

        double statistic = Math.Min(rankSumPlus, rankSumMinus);
        double mean = n * (n + 1) / 4.0;
        double variance = n * (n + 1.0) * (2.0 * n + 1.0);
        variance -= 0.5 * tieSizes.Sum(t => (double)t * ((double)t * t - 1));
        double z = (statistic - mean) / Math.Sqrt(variance / 24);
        return Math.Min(1.0, 2 * SpecialFunctions.NormalSurvival(Math.Abs(z)));
    }

    private static double Exact(int n, int rankSumPlus)
    {
        // counts[s] = number of subsets of {1..n} whose sum is s: the null distribution of the positive rank sum.
        int max = n * (n + 1) / 2;
        var counts = new double[max + 1];
        counts[0] = 1;
        for (int k = 1; k <= n; k++)
            for (int s = max; s >= k; s--) counts[s] += counts[s - k];
        double total = Math.Pow(2, n);
        if (rankSumPlus == max / 2) return 1.0; // the centre of the distribution (scipy: (len(pmf) − 1) // 2)
        double less = 0, greater = 0;
        for (int s = 0; s <= rankSumPlus; s++) less += counts[s];
        for (int s = rankSumPlus; s <= max; s++) greater += counts[s];
        return Math.Min(1.0, 2 * Math.Min(less, greater) / total);
    }

    /// <summary>Ranks 1..n with ties given their average rank (scipy.stats.rankdata "average"); the sizes of tie groups.</summary>
    private static double[] AverageRanks(double[] values, out List<int> tieSizes)
    {
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Length];
        tieSizes = [];
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]]) end++;
            double rank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) ranks[order[k]] = rank;
            if (end > start) tieSizes.Add(end - start + 1);
            start = end + 1;
        }
        return ranks;
    }
}
