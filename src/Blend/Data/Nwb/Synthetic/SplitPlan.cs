using Blend.Data.Synthetic;

namespace Blend.Data.Nwb.Synthetic;

/// <summary>
/// The NLB <c>split</c> column: exact counts per split (largest remainder of n × fraction) in shuffled order, so a
/// small session still has every split it asks for.
/// </summary>
internal static class SplitPlan
{
    public const string Train = "train";
    public const string Val = "val";
    public const string Test = "test";
    public const string None = "none";

    public static string[] Assign(int trials, IReadOnlyList<(string Split, double Fraction)> fractions, SeededRandom random)
    {
        double total = fractions.Sum(f => f.Fraction);
        var exact = fractions.Select(f => trials * f.Fraction / total).ToArray();
        var counts = exact.Select(e => (int)Math.Floor(e)).ToArray();
        foreach (int i in Enumerable.Range(0, counts.Length).OrderByDescending(i => exact[i] - counts[i]).ThenBy(i => i).Take(trials - counts.Sum()))
            counts[i]++;
        var splits = fractions.SelectMany((f, i) => Enumerable.Repeat(f.Split, counts[i])).ToArray();
        return random.Permutation(trials).Select(i => splits[i]).ToArray();
    }
}
