using Blend.Evaluation.Identity;
using ScottPlot;
using Blend.Evaluation.Results;

namespace Blend.Reporting;

/// <summary>
/// Confusion-matrix figures of an identity experiment: for each task, one panel per dynamics model (and probe), the
/// primary classifier's predictions pooled over folds and seeds, rows = true label normalised to recall (colour)
/// with the counts written in each cell.
/// </summary>
public static class IdentityFigures
{
    /// <summary>Writes one PNG per task (<c>confusion-class.png</c>, <c>confusion-subclass.png</c>) into <paramref name="folder"/>, created if
    /// needed, and returns them for the report; a task no model was scored on gets none.</summary>
    public static IReadOnlyList<ExperimentFigures.Figure> Write(string folder, IdentityResults results)
    {
        Directory.CreateDirectory(folder);
        var figures = new List<ExperimentFigures.Figure>();
        foreach (var task in IdentityTasks.All)
        {
            var panels = results.Models
                .Select(m => (m.Name, Result: m.Classification.Results.FirstOrDefault(r => r.Task == task
                    && r.Classifier == (m.Role == IdentityModelRole.Probe ? "logistic" : results.PrimaryClassifier))))
                .Where(p => p.Result is not null)
                .ToArray();
            if (panels.Length == 0) continue;
            string file = $"confusion-{task.ToString().ToLowerInvariant()}.png";
            var multiplot = new Multiplot();
            multiplot.AddPlots(panels.Length);
            int columns = Math.Min(3, panels.Length), rows = (panels.Length + columns - 1) / columns;
            multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
            for (int i = 0; i < panels.Length; i++) Draw(multiplot.GetPlot(i), panels[i].Name, panels[i].Result!);
            int cell = task == IdentityTask.Class ? 300 : 380;
            string temporary = Path.Combine(folder, $".{file}.tmp");
            multiplot.SavePng(temporary, cell * columns, cell * rows);
            File.Move(temporary, Path.Combine(folder, file), overwrite: true);
            figures.Add(new ExperimentFigures.Figure(file, $"{task} confusion matrices",
                $"{task} predictions of each model's Φ ({results.PrimaryClassifier}; probes: logistic), pooled over the leave-one-mouse-out folds " +
                $"and {results.Seeds.Count} seed(s). Rows: true label; colour: fraction of the row (recall on the diagonal); numbers: counts."));
        }
        return figures;
    }

    private static void Draw(Plot plot, string model, IdentityTaskResult result)
    {
        var labels = result.Labels;
        int n = labels.Count;
        var index = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var counts = new int[n, n];
        foreach (var run in result.Runs)
            for (int k = 0; k < result.Truth.Count; k++)
                counts[index[result.Truth[k]], index[run.Predicted[k]]]++;
        var colormap = new ScottPlot.Colormaps.Viridis();
        for (int row = 0; row < n; row++)
        {
            int total = Enumerable.Range(0, n).Sum(c => counts[row, c]);
            for (int col = 0; col < n; col++)
            {
                double fraction = total == 0 ? 0 : counts[row, col] / (double)total;
                double top = n - row, bottom = n - row - 1; // first label at the top
                var rectangle = plot.Add.Rectangle(col, col + 1, bottom, top);
                rectangle.FillColor = colormap.GetColor(fraction);
                rectangle.LineColor = Colors.White;
                var text = plot.Add.Text(counts[row, col].ToString(System.Globalization.CultureInfo.InvariantCulture), col + 0.5, bottom + 0.5);
                text.LabelFontColor = fraction > 0.55 ? Colors.Black : Colors.White;
                text.LabelFontSize = 12;
                text.LabelAlignment = Alignment.MiddleCenter;
            }
        }
        double[] centres = [.. Enumerable.Range(0, n).Select(i => i + 0.5)];
        plot.Axes.Bottom.SetTicks(centres, [.. labels]);
        plot.Axes.Left.SetTicks([.. centres.Select(c => n - c)], [.. labels]);
        plot.Axes.SetLimits(0, n, 0, n);
        plot.XLabel("predicted", size: 11);
        plot.YLabel("true", size: 11);
        plot.Title($"{model}: bal. acc {result.BalancedAccuracy.Mean:F3}", size: 12);
    }
}
