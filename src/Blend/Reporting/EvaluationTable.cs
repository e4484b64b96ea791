using System.Text.RegularExpressions;
using Blend.Evaluation;

namespace Blend.Reporting;

/// <summary>
/// Lays evaluation results out as a table for people: one row per dataset (scaling splits split back into their
/// subsets, e.g. <c>mc_maze_scaling [100]</c>), one column per metric in nlb_tools' order.
/// </summary>
public static partial class EvaluationTable
{
    /// <summary>One table row: a dataset (or scaling subset) and its metrics.</summary>
    /// <param name="Dataset">The split name without <c>_split</c>, a scaling subset appended (e.g. <c>mc_maze_scaling [100]</c>).</param>
    /// <param name="Metrics">Metric values by nlb_tools name (e.g. <c>co-bps</c>, <c>vel R2</c>), the scaling prefix removed.</param>
    public sealed record Row(string Dataset, IReadOnlyDictionary<string, double> Metrics);

    /// <summary>The table of <paramref name="results"/>: the metric columns present (nlb_tools' order — co-bps, vel R2, tp corr, psth R2, fp-bps —
    /// then any others sorted by name) and one row per dataset or scaling subset.</summary>
    public static (IReadOnlyList<string> Columns, IReadOnlyList<Row> Rows) Build(IReadOnlyList<DatasetScores> results)
    {
        var rows = new List<Row>();
        foreach (var split in results)
        {
            string name = split.Split.EndsWith("_split", StringComparison.Ordinal) ? split.Split[..^"_split".Length] : split.Split;
            var groups = new List<(string Label, Dictionary<string, double> Metrics)>();
            foreach (var (key, value) in split.Metrics)
            {
                var match = ScalingPrefix().Match(key);
                string label = match.Success ? $"{name} {match.Groups[1].Value}" : name;
                string metric = match.Success ? match.Groups[2].Value : key;
                int index = groups.FindIndex(g => g.Label == label);
                if (index < 0) { groups.Add((label, new Dictionary<string, double>())); index = groups.Count - 1; }
                groups[index].Metrics[metric] = value;
            }
            rows.AddRange(groups.Select(g => new Row(g.Label, g.Metrics)));
        }
        var present = rows.SelectMany(r => r.Metrics.Keys).ToHashSet();
        var columns = NlbMetricNames.Order.Where(present.Contains).Concat(present.Except(NlbMetricNames.Order).Order()).ToList();
        return (columns, rows);
    }

    [GeneratedRegex(@"^(\[\d+\]) (.+)$")]
    private static partial Regex ScalingPrefix();
}
