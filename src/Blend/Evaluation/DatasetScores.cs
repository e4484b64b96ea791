namespace Blend.Evaluation;

/// <summary>
/// One entry of nlb_tools.evaluate's result list: a split name (e.g. <c>mc_maze_split</c>,
/// <c>mc_maze_scaling_split</c>) and its metrics in nlb_tools' order (e.g. <c>co-bps</c>, <c>vel R2</c>,
/// <c>psth R2</c>, <c>fp-bps</c>; scaling splits prefix them with the training-trial count, <c>[100] co-bps</c>).
/// </summary>
public sealed record DatasetScores(string Split, IReadOnlyList<KeyValuePair<string, double>> Metrics)
{
    /// <summary>The value of <paramref name="metric"/> (e.g. <c>co-bps</c>); throws when the split has no such metric.</summary>
    public double this[string metric] => Metrics.First(m => m.Key == metric).Value;

    /// <summary>Whether the split reports <paramref name="metric"/> (metrics whose inputs the target lacks are skipped).</summary>
    public bool Has(string metric) => Metrics.Any(m => m.Key == metric);
}
