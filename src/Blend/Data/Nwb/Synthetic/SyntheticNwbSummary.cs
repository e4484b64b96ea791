namespace Blend.Data.Nwb.Synthetic;

/// <summary>What a generated session holds, for the command's report and for tests.</summary>
/// <param name="Dataset">The dataset generated: <c>mc_maze</c> or <c>mc_rtt</c>.</param>
/// <param name="Size">The size preset: <c>small</c> or <c>large</c>.</param>
/// <param name="Seed">The seed the session was generated from.</param>
/// <param name="TrialsBySplit">Trials per <c>split</c> value, in train, val, test, none order (absent splits left out).</param>
/// <param name="HeldinUnits">Number of units with <c>heldout</c> false.</param>
/// <param name="HeldoutUnits">Number of units with <c>heldout</c> true.</param>
/// <param name="Spikes">Spike times written, over all units.</param>
/// <param name="DurationSeconds">The end of the last observation interval.</param>
/// <param name="BehaviorSeries">Names of the behaviour series written, e.g. <c>hand_pos</c>, <c>hand_vel</c>.</param>
/// <param name="BehaviorSamples">Samples of each behaviour series.</param>
public sealed record SyntheticNwbSummary(
    string Dataset,
    string Size,
    int Seed,
    IReadOnlyList<(string Split, int Trials)> TrialsBySplit,
    int HeldinUnits,
    int HeldoutUnits,
    long Spikes,
    double DurationSeconds,
    IReadOnlyList<string> BehaviorSeries,
    int BehaviorSamples)
{
    /// <summary>Total number of trials over all splits.</summary>
    public int Trials => TrialsBySplit.Sum(s => s.Trials);

    internal static IReadOnlyList<(string Split, int Trials)> CountSplits(IEnumerable<string> splits)
    {
        var counts = splits.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        return new[] { SplitPlan.Train, SplitPlan.Val, SplitPlan.Test, SplitPlan.None }
            .Where(counts.ContainsKey).Select(s => (s, counts[s])).ToList();
    }
}
