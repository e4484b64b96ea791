using Blend.Experiments;
using Blend.Reporting;
using Spectre.Console;
using Blend.Evaluation.Results;

namespace Blend.Cli;

/// <summary>The result table of <c>blend run</c> and <c>blend demo</c>, and where the files went.</summary>
public static class ExperimentOutput
{
    public static void Write(ExperimentResults results, string folder, TextWriter stdout)
    {
        WriteTable([results], stdout);
        stdout.WriteLine($"Wrote {folder}: {BlendExperiment.ResultsFile}, {BlendExperiment.ReportFile}, {BlendExperiment.FiguresFolder}/, " +
                         $"one run folder per model and seed ({results.Seconds:F0} s)");
        stdout.WriteLine($"Report: {Path.Combine(folder, BlendExperiment.ReportFile)}");
    }

    /// <summary>The table of a comparison across model families, and where its files went.</summary>
    public static void Write(ComparisonResults results, string folder, TextWriter stdout)
    {
        WriteTable(results.Families, stdout);
        stdout.WriteLine($"Wrote {folder}: {ModelComparison.ResultsFile}, {ModelComparison.ReportFile}, and one experiment folder per model family " +
                         $"({string.Join(", ", results.Families.Select(f => f.Architecture + "/"))}; {results.Seconds:F0} s)");
        stdout.WriteLine($"Report: {Path.Combine(folder, ModelComparison.ReportFile)}");
    }

    private static void WriteTable(IReadOnlyList<ExperimentResults> families, TextWriter stdout)
    {
        var console = Terminal.For(stdout);
        var (columns, rows) = ExperimentTable.Build(families);
        var seedCounts = families.Select(f => f.Seeds.Count).Distinct().ToArray();
        string seeds = seedCounts.Length == 1 ? $"{seedCounts[0]} seed{(seedCounts[0] == 1 ? "" : "s")}" : "seeds";
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"{families[0].Dataset}, eval split: mean ± std over {seeds}")
            .Caption("teacher: sees behavior at evaluation too (privileged); Δ: change of the mean vs the family's baseline (seeds where it beat the paired baseline); paired Δ with its 95 % t interval; p: two-sided paired t-test / Wilcoxon signed-rank")
            .AddColumn("model").AddColumn("run");
        foreach (string column in columns) table.AddColumn(new TableColumn(Markup.Escape(column)).RightAligned());
        foreach (var row in rows)
        {
            var style = row.Role == ModelRole.Teacher ? new Style(decoration: Decoration.Italic) : Style.Plain;
            table.AddRow([new Text(row.Family, style), new Text(row.Model, style), .. row.Cells.Select(c => new Text(c, style))]);
        }
        console.Write(table);
    }
}
