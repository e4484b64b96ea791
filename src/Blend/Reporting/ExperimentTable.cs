using System.Globalization;
using Blend.Evaluation;
using Blend.Evaluation.Results;
using Blend.Evaluation.Statistics;

namespace Blend.Reporting;

/// <summary>
/// The experiment's result table as text cells, shared by the terminal table, report.md and comparison.md: one row per
/// model family and run (baseline, students, teacher last and labelled as seeing behavior), metrics as mean ± std over
/// the replicates, and the vel R² change relative to the family's baseline with the number of replicates in which the
/// model beat its paired baseline.
/// </summary>
public static class ExperimentTable
{
    /// <summary>The teacher's row label: it sees behavior at evaluation too (privileged information), so its row is a reference, not a deployable model.</summary>
    public const string TeacherLabel = "teacher (sees behavior)";
    /// <summary>Header of the column of the relative change of the mean vel R² against the baseline, in %, with the replicates that beat it (<see cref="Change"/>).</summary>
    public const string ChangeColumn = "Δ vel R2 vs baseline";
    /// <summary>Header of the column of the mean paired vel R² difference to the baseline with its 95 % t interval (<see cref="Interval"/>).</summary>
    public const string IntervalColumn = "paired Δ vel R2 [95 % CI]";
    /// <summary>Header of the column of the two-sided p values of the paired t-test and the Wilcoxon signed-rank test on vel R² (<see cref="PValues"/>).</summary>
    public const string PValueColumn = "p (t / W)";

    /// <summary>One row: the model family (architecture), the run's label, its role and the cells under the metric columns.</summary>
    public sealed record Row(string Family, string Model, ModelRole Role, IReadOnlyList<string> Cells);

    /// <summary>The table of one experiment (one model family): its metrics as columns, the three paired-comparison columns after vel R2.</summary>
    public static (IReadOnlyList<string> Columns, IReadOnlyList<Row> Rows) Build(ExperimentResults results) => Build([results]);

    /// <summary>One table over several experiments (model families): the union of their metrics, families in order.</summary>
    public static (IReadOnlyList<string> Columns, IReadOnlyList<Row> Rows) Build(IReadOnlyList<ExperimentResults> families)
    {
        var metricNames = families.SelectMany(f => f.MetricNames).Distinct().ToList();
        var columns = new List<string>();
        foreach (string metric in metricNames)
        {
            columns.Add(metric);
            if (metric == NlbMetricNames.VelR2) columns.AddRange([ChangeColumn, IntervalColumn, PValueColumn]);
        }
        var rows = new List<Row>();
        foreach (var results in families)
            foreach (var model in results.Models)
            {
                var cells = new List<string>();
                foreach (string metric in metricNames)
                {
                    cells.Add(model.Metrics.TryGetValue(metric, out var value) ? MeanStd(value) : "");
                    if (metric == NlbMetricNames.VelR2) cells.AddRange([Change(model), Interval(model), PValues(model)]);
                }
                rows.Add(new Row(results.Architecture, Label(model), model.Role, cells));
            }
        return (columns, rows);
    }

    /// <summary>The row label of <paramref name="model"/>: <see cref="TeacherLabel"/> for the teacher, otherwise the model's name.</summary>
    public static string Label(ModelSummary model) => model.Role == ModelRole.Teacher ? TeacherLabel : model.Model;

    /// <summary>"0.3123 ± 0.0045": mean ± sample std over replicates at 4 decimals; the mean alone for a single replicate.</summary>
    public static string MeanStd(MeanStd value) => value.N > 1
        ? $"{Number(value.Mean)} ± {Number(value.Std)}"
        : Number(value.Mean);

    /// <summary>"+4.1 % (3/3)": relative change of the mean vel R², and in how many replicates it beat the baseline.</summary>
    public static string Change(ModelSummary model)
    {
        if (model.Role == ModelRole.Baseline || model.VelR2ChangePercent is not double change) return "—";
        string text = change.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " %";
        if (model.VersusBaseline is { } paired && paired.TryGetValue(NlbMetricNames.VelR2, out var p)) text += $" ({p.Better}/{p.N})";
        return text;
    }

    /// <summary>"+0.0123 [+0.0040, +0.0206]": the mean paired vel R² difference to the baseline and its 95 % t interval.</summary>
    public static string Interval(ModelSummary model)
    {
        if (model.VersusBaseline is not { } paired || !paired.TryGetValue(NlbMetricNames.VelR2, out var p)) return "—";
        string text = Signed(p.Mean);
        return p.CiLow is double low && p.CiHigh is double high ? $"{text} [{Signed(low)}, {Signed(high)}]" : text;
    }

    /// <summary>"0.012 / 0.062": two-sided p of the paired t-test and of the Wilcoxon signed-rank test on vel R²; "—" where undefined.</summary>
    public static string PValues(ModelSummary model)
    {
        if (model.VersusBaseline is not { } paired || !paired.TryGetValue(NlbMetricNames.VelR2, out var p)) return "—";
        return $"{PValue(p.TTestP)} / {PValue(p.WilcoxonP)}";
    }

    /// <summary>A p value at 3 decimals ("0.012"), in scientific notation below 0.001 ("4.2e-4"), or "—" when undefined (null).</summary>
    public static string PValue(double? p) => p switch
    {
        null => "—",
        < 0.001 => p.Value.ToString("0.0e+0", CultureInfo.InvariantCulture),
        _ => p.Value.ToString("F3", CultureInfo.InvariantCulture),
    };

    /// <summary>A number with an explicit sign at 4 decimals ("+0.0123", "-0.0040"; zero as "0.0000").</summary>
    public static string Signed(double value) => value.ToString("+0.0000;-0.0000;0.0000", CultureInfo.InvariantCulture);

    /// <summary>A number at 4 decimals in invariant culture ("0.3123"); NaN as "NaN".</summary>
    public static string Number(double value) => double.IsNaN(value) ? "NaN" : value.ToString("F4", CultureInfo.InvariantCulture);
}
