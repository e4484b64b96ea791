using System.Globalization;
using Blend.Evaluation;
using Blend.Experiments;

namespace Blend.Reporting;

/// <summary>
/// The experiment's result table as text cells, shared by the terminal table and report.md: one row per model
/// (baseline, students, teacher last and labelled as seeing behavior), metrics as mean ± std over the replicates, and
/// the vel R² change relative to the baseline with the number of replicates in which the model beat its paired baseline.
/// </summary>
public static class ExperimentTable
{
    public const string TeacherLabel = "teacher (sees behavior)";
    public const string ChangeColumn = "Δ vel R2 vs baseline";

    public sealed record Row(string Model, ModelRole Role, IReadOnlyList<string> Cells);

    public static (IReadOnlyList<string> Columns, IReadOnlyList<Row> Rows) Build(ExperimentResults results)
    {
        var columns = new List<string>();
        foreach (string metric in results.MetricNames)
        {
            columns.Add(metric);
            if (metric == NlbMetricNames.VelR2) columns.Add(ChangeColumn);
        }
        var rows = new List<Row>();
        foreach (var model in results.Models)
        {
            var cells = new List<string>();
            foreach (string metric in results.MetricNames)
            {
                cells.Add(model.Metrics.TryGetValue(metric, out var value) ? MeanStd(value) : "");
                if (metric == NlbMetricNames.VelR2) cells.Add(Change(model));
            }
            rows.Add(new Row(Label(model), model.Role, cells));
        }
        return (columns, rows);
    }

    public static string Label(ModelSummary model) => model.Role == ModelRole.Teacher ? TeacherLabel : model.Model;

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

    public static string Number(double value) => double.IsNaN(value) ? "NaN" : value.ToString("F4", CultureInfo.InvariantCulture);
}
