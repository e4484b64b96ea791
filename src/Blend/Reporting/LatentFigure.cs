using System.Globalization;
using Blend.Data;
using Blend.Evaluation;
using Blend.Training;
using ScottPlot;
using Blend.Evaluation.Results;

namespace Blend.Reporting;

/// <summary>
/// The report's latent-trajectory figure: for the baseline, the best student and the teacher (first seed), the
/// condition-averaged latents of the eval trials (each model's first latent: NDT/STNDT features, LFADS factors)
/// projected on that model's own top two principal components, one line per condition.
/// </summary>
public static class LatentFigure
{
    private const int Conditions = 8;
    private const string File = "latents.png";

    private static readonly Color[] Palette =
        [.. new[] { "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf" }.Select(Color.FromHex)];

    /// <summary>Writes <c>latents.png</c> into <paramref name="figuresFolder"/> from the first-seed <c>latents.h5</c> of the baseline, best student
    /// and teacher under <paramref name="experimentFolder"/>, eval trials grouped by the conditions of <paramref name="target"/> (at most 8);
    /// null when none of them has latents.</summary>
    public static ExperimentFigures.Figure? Write(string figuresFolder, string experimentFolder, ExperimentResults results, NlbDatasetTarget target)
    {
        var models = new[] { (results.Baseline, "baseline"), (results.BestStudent, results.BestStudent?.Model ?? ""), (results.Teacher, ExperimentTable.TeacherLabel) }
            .Where(m => m.Item1 is not null)
            .Select(m => (Label: m.Item2, Latents: Read(experimentFolder, m.Item1!)))
            .Where(m => m.Latents is not null).ToList();
        if (models.Count == 0) return null;
        var groups = ConditionGroups(target, models[0].Latents!.Trials);

        var multiplot = new Multiplot();
        multiplot.AddPlots(models.Count);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(1, models.Count);
        var explained = new List<string>();
        for (int m = 0; m < models.Count; m++)
        {
            var latents = models[m].Latents!;
            var averages = groups.Select(trials => Average(latents, trials)).ToList();
            var pca = PrincipalComponents.Fit(RowMatrix.FromArray3(Stack(averages)), 2);
            var plot = multiplot.GetPlot(m);
            for (int g = 0; g < averages.Count; g++)
            {
                var projected = pca.Transform(RowMatrix.FromArray3(averages[g]));
                double[] xs = [.. Enumerable.Range(0, projected.Rows).Select(r => projected[r, 0])];
                double[] ys = [.. Enumerable.Range(0, projected.Rows).Select(r => projected[r, pca.Components.Length > 1 ? 1 : 0])];
                var line = plot.Add.ScatterLine(xs, ys, Palette[g % Palette.Length]);
                line.LineWidth = 1.5f;
                line.LegendText = groups.Count > 1 ? $"condition {g}" : "trial mean";
                var start = plot.Add.ScatterPoints(new[] { xs[0] }, new[] { ys[0] }, Palette[g % Palette.Length]);
                start.MarkerSize = 7;
            }
            double share = pca.ExplainedVarianceRatio.Sum();
            explained.Add(string.Create(CultureInfo.InvariantCulture, $"{models[m].Label} {share:P0}"));
            plot.Title(models[m].Label, size: 12);
            plot.XLabel("PC 1", size: 11);
            plot.YLabel("PC 2", size: 11);
            ExperimentFigures.Legend(plot, m == 0);
        }
        multiplot.SavePng(Path.Combine(figuresFolder, File), 420 * models.Count, 400);
        return new ExperimentFigures.Figure(File, "Latent trajectories",
            $"Condition-averaged latents of the eval trials ({(groups.Count > 1 ? $"{groups.Count} conditions" : "all trials")}, first seed), " +
            $"each model's on its own top two principal components (a dot marks the first bin); variance explained by the two: {string.Join(", ", explained)}.");
    }

    /// <summary>The first latent of a model's first-seed run (<c>latents.h5</c>), or null when it has none.</summary>
    private static Array3? Read(string experimentFolder, ModelSummary model)
    {
        var run = model.Runs.OrderBy(r => r.Replicate).FirstOrDefault();
        string path = run is null ? "" : new RunFolder(Path.Combine(experimentFolder, run.Folder)).Latents;
        if (!System.IO.File.Exists(path)) return null;
        using var reader = Hdf5Reader.Open(path);
        var names = reader.DatasetNames("eval");
        return names.Count == 0 ? null : reader.ReadArray3($"eval/{names[0]}");
    }

    /// <summary>The eval trials of up to <see cref="Conditions"/> conditions (eval_cond_idx), or all trials as one group.</summary>
    private static List<int[]> ConditionGroups(NlbDatasetTarget target, int trials) =>
        target.EvalCondIdx is { Length: > 0 } conditions
            ? [.. conditions.Where(c => c.Length > 0).Take(Conditions)]
            : [Enumerable.Range(0, trials).ToArray()];

    private static Array3 Average(Array3 latents, int[] trials)
    {
        var mean = new Array3(1, latents.Time, latents.Channels);
        foreach (int trial in trials)
        {
            var source = latents.Trial(trial);
            var target = mean.Trial(0);
            for (int i = 0; i < source.Length; i++) target[i] += source[i] / trials.Length;
        }
        return mean;
    }

    private static Array3 Stack(List<Array3> parts) => parts.Skip(1).Aggregate(parts[0], Array3.ConcatTrials);
}
