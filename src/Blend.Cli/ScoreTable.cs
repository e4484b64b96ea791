using System.Globalization;
using Blend.Evaluation;
using Blend.Reporting;
using Spectre.Console;

namespace Blend.Cli;

/// <summary>NLB scores as a table (one row per dataset, one column per metric), shared by <c>evaluate</c> and <c>train</c>.</summary>
public static class ScoreTable
{
    public static void Write(IReadOnlyList<DatasetScores> results, TextWriter stdout, string? title = null)
    {
        var (columns, rows) = EvaluationTable.Build(results);
        var table = new Table().Border(TableBorder.Rounded).AddColumn("dataset");
        if (title is not null) table.Title(title);
        foreach (string column in columns) table.AddColumn(new TableColumn(Markup.Escape(column)).RightAligned());
        foreach (var row in rows)
            table.AddRow([new Text(row.Dataset), .. columns.Select(c => new Text(row.Metrics.TryGetValue(c, out double v) ? Format(v) : ""))]);
        Terminal.For(stdout).Write(table);
    }

    public static string Format(double value) => double.IsNaN(value) ? "NaN" : value.ToString("F4", CultureInfo.InvariantCulture);
}
