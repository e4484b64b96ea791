using System.Globalization;

namespace Blend.Evaluation;

/// <summary>
/// What a metric value that is not a finite number means, for the <c>warnings</c> that accompany the <c>null</c> a JSON
/// file holds in its place (strict JSON has no NaN or Infinity).
/// </summary>
public static class NonFinite
{
    /// <summary>One line naming <paramref name="metric"/> (of <paramref name="where"/>), its value and the usual cause.</summary>
    public static string Warning(string where, string metric, double value) =>
        $"{where}: {metric} is {value.ToString(CultureInfo.InvariantCulture)}, written as null: " + (double.IsNaN(value)
            ? "undefined (no eval trials, a constant target, or rates that are NaN)"
            : "infinite (a held-out neuron that never spikes, or a rate of 0 where a spike was seen)");

    /// <summary>The warnings for every non-finite metric of <paramref name="scores"/>.</summary>
    public static IEnumerable<string> Warnings(IEnumerable<DatasetScores> scores) =>
        scores.SelectMany(split => split.Metrics.Where(m => !double.IsFinite(m.Value)).Select(m => Warning(split.Split, m.Key, m.Value)));
}
