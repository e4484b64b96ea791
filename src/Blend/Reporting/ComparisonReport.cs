using System.Globalization;
using System.Text;
using Blend.Evaluation.Results;

namespace Blend.Reporting;

/// <summary>comparison.md: one table over every model family (rows: family × run) and links to each family's report.</summary>
public static class ComparisonReport
{
    /// <summary>The text of comparison.md for <paramref name="results"/>: the command, one table of every family's runs (mean ± std over seeds,
    /// Δ vel R² relative to the same family's baseline) and a link to each family's report.md.</summary>
    public static string Markdown(ComparisonResults results)
    {
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        var first = results.Families[0];
        md.Append($"# BLEND across model families: {first.Dataset}\n\n");
        md.Append("```\n").Append(results.CommandLine.Length > 0 ? results.CommandLine : "(library call)").Append("\n```\n\n");
        md.Append($"{results.Created:yyyy-MM-dd HH:mm} UTC, {results.Seconds.ToString("F0", inv)} s in all. ");
        md.Append("Each family trains a baseline, a teacher that also sees behavior, and students distilled from it, with its own config; ");
        md.Append("every model is scored on the eval split. Mean ± std over seeds; Δ vel R² relative to the same family's baseline ");
        md.Append("(seeds in which the model beat its paired baseline).\n\n");
        var (columns, rows) = ExperimentTable.Build(results.Families);
        md.Append("| model | run | ").Append(string.Join(" | ", columns)).Append(" |\n");
        md.Append("|---|---|").Append(string.Concat(columns.Select(_ => "---:|"))).Append('\n');
        foreach (var row in rows)
            md.Append($"| {row.Family} | {(row.Role == ModelRole.Teacher ? $"*{row.Model}*" : row.Model)} | ").Append(string.Join(" | ", row.Cells)).Append(" |\n");
        md.Append("\nPer family (setup, figures, every run):\n\n");
        foreach (var family in results.Families)
            md.Append($"- `{family.Architecture}`: {family.Seeds.Count} seed(s), strategies {string.Join(", ", family.Strategies)}, ")
              .Append($"{family.Seconds.ToString("F0", inv)} s — [{family.Architecture}/{ReportFiles.Report}]({family.Architecture}/{ReportFiles.Report})\n");
        return md.ToString();
    }
}
