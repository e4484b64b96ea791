using Blend.Data.Synthetic;

namespace Blend.Data.Nwb.Synthetic;

/// <summary>
/// One MC_Maze trial's timeline in whole milliseconds: target onset, go cue after the delay, movement onset after
/// the reaction time, and the end 760–820 ms after onset; the reach itself takes <see cref="ReachMs"/> (about 3.4 ms per mm).
/// </summary>
internal sealed record MazeTrial(
    int Index, MazeCondition Condition, string Split, bool Success,
    long StartMs, long TargetOnMs, long GoCueMs, long MoveOnsetMs, long StopMs, int ReachMs)
{
    public int Samples => (int)(StopMs - StartMs);

    public long DelayMs => GoCueMs - TargetOnMs;

    public long ReactionMs => MoveOnsetMs - GoCueMs;

    /// <summary>
    /// Trials in a balanced random condition order. As in the DANDI files, the first starts at 200 ms and each next
    /// one at the first multiple of 100 ms at least 50 ms after the previous stop; onsets fall 330–560 ms after the
    /// start, so some lie on the 5 ms grid and most do not.
    /// </summary>
    public static IReadOnlyList<MazeTrial> Draw(MazeSessionOptions options, IReadOnlyList<MazeCondition> conditions, SeededRandom random)
    {
        var order = new List<int>();
        while (order.Count < options.Trials) order.AddRange(random.Permutation(conditions.Count));
        string[] splits = SplitPlan.Assign(options.Trials, options.Splits, random);
        var trials = new List<MazeTrial>(options.Trials);
        long start = 200;
        for (int k = 0; k < options.Trials; k++)
        {
            long targetOn = start + 30 + random.Integer(71);
            long goCue = targetOn + 120 + random.Integer(111);
            long onset = goCue + 180 + random.Integer(51);
            long stop = onset + 760 + random.Integer(61);
            // About 3.4 ms per mm, so reaches peak near 550 mm/s whatever their length (minimum jerk: 1.875 d / T).
            var condition = conditions[order[k]];
            int reach = (int)Math.Round(3.4 * Math.Sqrt(condition.TargetX * condition.TargetX + condition.TargetY * condition.TargetY)) - 20 + random.Integer(41);
            bool success = random.Uniform() >= options.FailureFraction;
            trials.Add(new MazeTrial(k, condition, splits[k], success, start, targetOn, goCue, onset, stop, reach));
            start = (stop + 50 + 99) / 100 * 100;
        }
        return trials;
    }
}
