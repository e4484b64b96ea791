using System.Text;
using Blend.Evaluation.Results;
using Blend.Evaluation.Statistics;

namespace Blend.Reporting;

/// <summary>
/// sweep-results.md: one table over a sweep's finished cells. Everything in it follows from the cells' results alone (no
/// times, no folders), so the same sweep run by local workers or a Slurm array gives the same text.
/// </summary>
public static class SweepReport
{
    /// <summary>The text of sweep-results.md for <paramref name="results"/>.</summary>
    public static string Markdown(SweepResults results)
    {
        var md = new StringBuilder();
        md.Append($"# Sweep: {Path.GetFileName(results.SweepFile)}\n\n");
        md.Append($"{results.CellsDone} of {results.Cells} cells finished{(results.CellsDone < results.Cells ? " (the table covers these)" : "")}. ");
        md.Append("Each cell trains one seed's baseline, teacher (sees behavior) and students; cells that differ only in how students learn share ");
        md.Append("their baseline and teacher. Metrics on the eval split: mean ± 95 % t interval half-width over seeds. ");
        md.Append($"Δ {results.KeyMetric}: paired difference to the baseline of the same setting and seed, with its 95 % interval and the ");
        md.Append("two-sided p of the paired t-test / Wilcoxon signed-rank test. Distill-Best: per family, the student setting with the best mean ");
        md.Append($"validation {results.KeyMetric} (trials carved from training, never the eval split).\n\n");
        var metrics = results.MetricNames;
        md.Append("| family | model | setting | seeds | ").Append(string.Join(" | ", metrics));
        md.Append($" | Δ {results.KeyMetric} vs baseline [95 % CI] | p (t / W) | validation {results.KeyMetric} |\n");
        md.Append("|---|---|---|---:|").Append(string.Concat(metrics.Select(_ => "---:|"))).Append("---:|---:|---:|\n");
        foreach (var row in results.Rows)
        {
            string model = row.Role == ModelRole.Teacher ? $"*{ExperimentTable.TeacherLabel}*" : row.Model;
            md.Append($"| {row.Family} | {model} | {row.Setting} | {row.Seeds.Count} | ");
            md.Append(string.Join(" | ", metrics.Select(m => row.Metrics.TryGetValue(m, out var value) ? WithInterval(value) : "")));
            PairedDifference? paired = row.VersusBaseline?.GetValueOrDefault(results.KeyMetric);
            string delta = paired is null ? "—" : ExperimentTable.Signed(paired.Mean) +
                (paired.CiLow is double low && paired.CiHigh is double high ? $" [{ExperimentTable.Signed(low)}, {ExperimentTable.Signed(high)}]" : "") +
                $" ({paired.Better}/{paired.N} ↑)";
            string p = paired is null ? "—" : $"{ExperimentTable.PValue(paired.TTestP)} / {ExperimentTable.PValue(paired.WilcoxonP)}";
            string validation = row.Validation?.TryGetValue(results.KeyMetric, out double v) == true ? ExperimentTable.Number(v) : "";
            md.Append($" | {delta} | {p} | {validation} |\n");
        }
        return md.ToString();
    }

    /// <summary>"0.3123 ± 0.0052": the mean and the half-width of its 95 % t interval; the mean alone for one seed.</summary>
    private static string WithInterval(MeanStd value)
    {
        if (value.N < 2) return ExperimentTable.Number(value.Mean);
        double half = SpecialFunctions.StudentTQuantile(0.975, value.N - 1) * value.Std / Math.Sqrt(value.N);
        return $"{ExperimentTable.Number(value.Mean)} ± {ExperimentTable.Number(half)}";
    }
}
