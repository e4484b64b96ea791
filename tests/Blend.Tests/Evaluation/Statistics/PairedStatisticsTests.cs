using System.Text.Json;
using Blend.Evaluation.Statistics;
using Blend.Tests.Data;

namespace Blend.Tests.Evaluation.Statistics;

/// <summary>
/// Paired t-test, t interval and Wilcoxon signed-rank against scipy 1.10.1 (TestData/stats/paired_scipy.json, made by
/// tools/make_paired_stats.py), plus values that follow by hand.
/// </summary>
public class PairedStatisticsTests
{
    private static readonly JsonElement Fixture = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(NlbTestFiles.RepoRoot, "tests", "Blend.Tests", "TestData", "stats", "paired_scipy.json"))).RootElement;

    public static TheoryData<int> Cases() => [.. Enumerable.Range(0, Fixture.GetProperty("cases").GetArrayLength())];

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesScipy(int index)
    {
        var c = Fixture.GetProperty("cases")[index];
        double[] d = [.. c.GetProperty("differences").EnumerateArray().Select(e => e.GetDouble())];
        var (t, p) = PairedTTest.Test(d)!.Value;
        AssertRelative(c.GetProperty("t").GetDouble(), t, 1e-12);
        AssertRelative(c.GetProperty("t_p").GetDouble(), p, 1e-10);
        var (low, high) = PairedTTest.ConfidenceInterval(d)!.Value;
        // scipy 1.10's t.ppf is good to ~1e-11 relative only (df = 1: 12.706204736432, exact tan(0.475π) = 12.706204736175,
        // which ours matches, see HandValues); the interval inherits that.
        AssertRelative(c.GetProperty("ci_low").GetDouble(), low, 1e-8);
        AssertRelative(c.GetProperty("ci_high").GetDouble(), high, 1e-8);
        AssertRelative(c.GetProperty("wilcoxon_p").GetDouble(), WilcoxonSignedRank.TwoSidedP(d)!.Value, 1e-10);
    }

    [Fact]
    public void StudentQuantilesAndNormalTailsMatchScipy()
    {
        foreach (var q in Fixture.GetProperty("special").GetProperty("t_ppf_975").EnumerateObject())
            AssertRelative(q.Value.GetDouble(), SpecialFunctions.StudentTQuantile(0.975, double.Parse(q.Name)), 1e-10);
        foreach (var s in Fixture.GetProperty("special").GetProperty("norm_sf").EnumerateObject())
            AssertRelative(s.Value.GetDouble(), SpecialFunctions.NormalSurvival(double.Parse(s.Name)), 1e-12);
    }

    [Fact]
    public void HandValues()
    {
        // df = 1 is the Cauchy distribution: P(|T| ≥ t) = 1 − 2 atan(t) / π.
        Assert.Equal(1 - 2 * Math.Atan(3) / Math.PI, SpecialFunctions.StudentTTwoSided(3, 1), 14);
        Assert.Equal(Math.Tan(0.475 * Math.PI), SpecialFunctions.StudentTQuantile(0.975, 1), 12);
        // All five differences positive: the positive rank sum is 15 of 15, exact two-sided p = 2 / 2⁵.
        Assert.Equal(0.0625, WilcoxonSignedRank.TwoSidedP([0.1, 0.2, 0.3, 0.4, 0.5]));
        // Positive rank sum 5 of 10, the centre of the null distribution: p = 1.
        Assert.Equal(1.0, WilcoxonSignedRank.TwoSidedP([1.0, -2.0, -3.0, 4.0]));
        // n = 4, positive rank sum 4: P(R+ ≤ 4) = 7/16 (subsets {}, 1, 2, 3, 4, 1+2, 1+3), two-sided 14/16.
        Assert.Equal(0.875, WilcoxonSignedRank.TwoSidedP([1.0, -2.0, 3.0, -4.0]));
        // I_x(a, 1) = x^a.
        Assert.Equal(Math.Pow(0.3, 2.5), SpecialFunctions.RegularizedBeta(0.3, 2.5, 1), 14);
    }

    [Fact]
    public void UndefinedCasesAreNull()
    {
        Assert.Null(PairedTTest.Test([0.1]));
        Assert.Null(PairedTTest.ConfidenceInterval([0.1]));
        Assert.Null(PairedTTest.Test([0.0, 0.0, 0.0]));
        Assert.Null(WilcoxonSignedRank.TwoSidedP([0.0, 0.0]));
        Assert.Null(WilcoxonSignedRank.TwoSidedP([]));
        // Identical non-zero differences: |t| = ∞, p = 0 (as scipy), and the interval collapses onto the mean.
        var (t, p) = PairedTTest.Test([0.25, 0.25, 0.25])!.Value;
        Assert.Equal(double.PositiveInfinity, t);
        Assert.Equal(0.0, p);
        Assert.Equal((0.25, 0.25), PairedTTest.ConfidenceInterval([0.25, 0.25, 0.25]));
    }

    private static void AssertRelative(double expected, double actual, double tolerance) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(1e-300, Math.Abs(expected)),
            $"expected {expected:R}, got {actual:R}");
}
