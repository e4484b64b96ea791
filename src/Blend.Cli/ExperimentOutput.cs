using Blend.Experiments;
using Blend.Reporting;
using Spectre.Console;

namespace Blend.Cli;

/// <summary>The result table of <c>blend run</c> and <c>blend demo</c>, and where the files went.</summary>
public static class ExperimentOutput
{
    public static void Write(ExperimentResults results, string folder, TextWriter stdout)
    {
        var console = Terminal.For(stdout);
        var (columns, rows) = ExperimentTable.Build(results);
        int seeds = results.Seeds.Count;
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"{results.Dataset}, eval split: mean ± std over {seeds} seed{(seeds == 1 ? "" : "s")}")
            .Caption("teacher: sees behavior at evaluation too (privileged); Δ: change of the mean vs the baseline's (seeds where it beat the paired baseline)")
            .AddColumn("model");
        foreach (string column in columns) table.AddColumn(new TableColumn(column).RightAligned());
        foreach (var row in rows)
        {
            bool teacher = row.Role == ModelRole.Teacher;
            table.AddRow([new Text(row.Model, teacher ? new Style(decoration: Decoration.Italic) : Style.Plain),
                .. row.Cells.Select(c => new Text(c, teacher ? new Style(decoration: Decoration.Italic) : Style.Plain))]);
        }
        console.Write(table);
        stdout.WriteLine($"Wrote {folder}: {BlendExperiment.ResultsFile}, {BlendExperiment.ReportFile}, {BlendExperiment.FiguresFolder}/, " +
                         $"one run folder per model and seed ({results.Seconds:F0} s)");
        stdout.WriteLine($"Report: {Path.Combine(folder, BlendExperiment.ReportFile)}");
    }
}
