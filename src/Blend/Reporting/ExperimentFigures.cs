using System.Globalization;
using Blend.Data;
using Blend.Evaluation;
using ScottPlot;
using Blend.Evaluation.Results;

namespace Blend.Reporting;

/// <summary>
/// The report's PNG figures (ScottPlot): predicted against true rates of a few held-out neurons, decoded against true
/// velocity on a few eval trials, and metric bars per model with std error bars. Rates come from the first replicate's
/// submissions of the baseline, the best student (highest mean vel R²) and the teacher.
/// </summary>
public static class ExperimentFigures
{
    /// <summary>A PNG figure written for a report.</summary>
    /// <param name="File">The file name inside the figures folder (e.g. <c>rates.png</c>).</param>
    /// <param name="Title">The figure's title, used as its heading in the report.</param>
    /// <param name="Caption">What the figure shows, printed with it in the report.</param>
    public sealed record Figure(string File, string Title, string Caption);

    private const int Neurons = 3, Trials = 3;
    private static readonly Color TruthColor = Colors.Black;
    private static readonly Color BaselineColor = Color.FromHex("#7f7f7f");
    private static readonly Color StudentColor = Color.FromHex("#1f77b4");
    private static readonly Color TeacherColor = Color.FromHex("#ff7f0e");
    private static readonly Color ReferenceColor = Color.FromHex("#2ca02c");

    private const string SmoothingLabel = "smoothing (NLB)";

    private sealed record Curve(string Label, Color Color, bool Dashed, NlbDatasetRates Rates);

    /// <summary>
    /// Writes the figures into <paramref name="figuresFolder"/> and returns them in report order: predicted rates and decoded
    /// velocity (when the first seed's <c>submission.h5</c> files are under <paramref name="experimentFolder"/>; velocity only for
    /// per-bin behaviour), the metric bars, and the latent trajectories (when the runs wrote <c>latents.h5</c>).
    /// </summary>
    public static IReadOnlyList<Figure> Write(string figuresFolder, string experimentFolder, ExperimentResults results, ReportData data)
    {
        var curves = Curves(experimentFolder, results, data.Data.Name);
        var figures = new List<Figure>();
        if (curves.Count > 0)
        {
            figures.Add(RatesFigure(figuresFolder, curves, data));
            if (VelocityFigure(figuresFolder, curves, data) is { } velocity) figures.Add(velocity);
        }
        figures.Add(MetricsFigure(figuresFolder, results));
        if (LatentFigure.Write(figuresFolder, experimentFolder, results, data.Target) is { } latents) figures.Add(latents);
        return figures;
    }

    private static List<Curve> Curves(string folder, ExperimentResults results, string name)
    {
        var curves = new List<Curve>();
        void Add(ModelSummary? model, string label, Color color, bool dashed)
        {
            var run = model?.Runs.OrderBy(r => r.Replicate).FirstOrDefault();
            if (run is null) return;
            string path = Path.Combine(folder, run.Folder, "submission.h5");
            if (File.Exists(path)) curves.Add(new Curve(label, color, dashed, NlbSubmission.Read(path)[name]));
        }
        Add(results.Models.FirstOrDefault(m => m.Role == ModelRole.Reference), SmoothingLabel, ReferenceColor, true);
        Add(results.Baseline, "baseline", BaselineColor, false);
        Add(results.BestStudent, results.BestStudent?.Model ?? "", StudentColor, false);
        Add(results.Teacher, ExperimentTable.TeacherLabel, TeacherColor, true);
        return curves;
    }

    private static Figure RatesFigure(string folder, List<Curve> curves, ReportData data)
    {
        var target = data.Target;
        double scale = data.BinMs is double ms ? 1000 / ms : 1; // counts per bin → Hz
        string unit = data.BinMs is null ? "spikes / bin" : "Hz";
        var truth = data.TrueRates?.EvalRatesHeldout ?? Smooth(target.EvalSpikesHeldout, data.BinMs is double b ? 40 / b : 2);
        string truthLabel = data.TrueRates is null ? "smoothed spikes" : "true rate";
        int trials = Math.Min(Trials, truth.Trials);
        // The held-out neurons whose (true or smoothed) rate varies most over the eval trials.
        int[] neurons = Enumerable.Range(0, truth.Channels)
            .OrderByDescending(n => Variance(truth, n)).Take(Math.Min(Neurons, truth.Channels)).Order().ToArray();
        double[] time = Time(truth.Time, data.BinMs);

        var multiplot = new Multiplot();
        multiplot.AddPlots(neurons.Length * trials);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(neurons.Length, trials);
        for (int row = 0; row < neurons.Length; row++)
            for (int trial = 0; trial < trials; trial++)
            {
                var plot = multiplot.GetPlot(row * trials + trial);
                Line(plot, time, Series(truth, trial, neurons[row], scale), truthLabel, TruthColor, false, 2);
                foreach (var curve in curves)
                    Line(plot, time, Series(curve.Rates.EvalRatesHeldout, trial, neurons[row], scale), curve.Label, curve.Color, curve.Dashed, 1.5f);
                plot.Title($"held-out neuron {neurons[row]}, eval trial {trial}", size: 12);
                plot.YLabel(unit, size: 11);
                plot.XLabel(data.BinMs is null ? "bin" : "ms", size: 11);
                Legend(plot, row == 0 && trial == 0);
            }
        const string file = "rates.png";
        multiplot.SavePng(Path.Combine(folder, file), 420 * trials, 280 * neurons.Length);
        return new Figure(file, "Predicted vs true rates",
            $"Held-out neurons (not in any model's input) on the first eval trials: {truthLabel} (black) and the rates predicted by " +
            string.Join(", ", curves.Select(c => c.Label)) + " (first seed).");
    }

    private static Figure? VelocityFigure(string folder, List<Curve> curves, ReportData data)
    {
        var target = data.Target;
        if (target.TrainBehavior is null || target.EvalBehavior is null || target.BehaviorIs2D) return null;
        int dims = Math.Min(2, target.EvalBehavior.Channels), trials = Math.Min(Trials, target.EvalBehavior.Trials);
        var decoded = new List<(Curve Curve, Array3 Velocity, double R2)>();
        foreach (var curve in curves)
        {
            // A ridge decoder from all neurons' training-trial rates to behavior, chosen and fitted as vel R² does.
            var trainRates = RowMatrix.FromArray3(Array3.ConcatChannels(curve.Rates.TrainRatesHeldin, curve.Rates.TrainRatesHeldout));
            var evalRates = Array3.ConcatChannels(curve.Rates.EvalRatesHeldin, curve.Rates.EvalRatesHeldout);
            var fit = VelocityDecoding.FitAndEvalDecoderDetailed(trainRates, RowMatrix.FromArray3(target.TrainBehavior),
                RowMatrix.FromArray3(evalRates), RowMatrix.FromArray3(target.EvalBehavior));
            var predicted = fit.Model.Predict(RowMatrix.FromArray3(evalRates));
            var velocity = new Array3(evalRates.Trials, evalRates.Time, predicted.Cols);
            predicted.Values.CopyTo(velocity.Values, 0);
            decoded.Add((curve, velocity, fit.R2));
        }
        double[] time = Time(target.EvalBehavior.Time, data.BinMs);
        var multiplot = new Multiplot();
        multiplot.AddPlots(dims * trials);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(dims, trials);
        for (int dim = 0; dim < dims; dim++)
            for (int trial = 0; trial < trials; trial++)
            {
                var plot = multiplot.GetPlot(dim * trials + trial);
                Line(plot, time, Series(target.EvalBehavior, trial, dim, 1), "true", TruthColor, false, 2);
                foreach (var (curve, velocity, r2) in decoded)
                    Line(plot, time, Series(velocity, trial, dim, 1), $"{curve.Label} (R² {r2.ToString("F3", CultureInfo.InvariantCulture)})",
                        curve.Color, curve.Dashed, 1.5f);
                plot.Title($"behavior channel {dim}, eval trial {trial}", size: 12);
                plot.XLabel(data.BinMs is null ? "bin" : "ms", size: 11);
                Legend(plot, dim == 0 && trial == 0);
            }
        const string file = "velocity.png";
        multiplot.SavePng(Path.Combine(folder, file), 420 * trials, 280 * dims);
        return new Figure(file, "Decoded vs true velocity",
            "Behavior decoded from each model's rates (held-in + held-out) by a ridge decoder fitted on the training trials as vel R² is " +
            "(α by 5-fold cross-validation), on the first eval trials (first seed); the legend gives each decoder's eval R².");
    }

    private static Figure MetricsFigure(string folder, ExperimentResults results)
    {
        string[] metrics = [.. results.MetricNames.Where(m => m is NlbMetricNames.CoBps or NlbMetricNames.VelR2 or NlbMetricNames.PsthR2 or NlbMetricNames.FpBps)];
        if (metrics.Length == 0) metrics = [.. results.MetricNames];
        var models = results.Models;
        var multiplot = new Multiplot();
        multiplot.AddPlots(metrics.Length);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(1, metrics.Length);
        for (int i = 0; i < metrics.Length; i++)
        {
            var plot = multiplot.GetPlot(i);
            var bars = new List<Bar>();
            var low = double.PositiveInfinity;
            var high = double.NegativeInfinity;
            for (int m = 0; m < models.Count; m++)
            {
                if (!models[m].Metrics.TryGetValue(metrics[i], out var value)) continue;
                bars.Add(new Bar { Position = m, Value = value.Mean, FillColor = RoleColor(models[m].Role).WithAlpha(0.35), LineWidth = 0 });
                foreach (var run in models[m].Runs)
                    if (run.Metrics.TryGetValue(metrics[i], out double v) && double.IsFinite(v)) (low, high) = (Math.Min(low, v), Math.Max(high, v));
            }
            plot.Add.Bars(bars);
            // One line per replicate joins its runs (the paired comparison); a point per run.
            foreach (int replicate in models.SelectMany(m => m.Runs).Select(r => r.Replicate).Distinct().Order())
            {
                var points = models.Select((m, x) => (x, m.Role, Run: m.Runs.FirstOrDefault(r => r.Replicate == replicate)))
                    .Where(p => p.Role != ModelRole.Reference && p.Run is not null && p.Run.Metrics.ContainsKey(metrics[i]))
                    .Select(p => (X: (double)p.x, Y: p.Run!.Metrics[metrics[i]])).ToArray();
                if (points.Length > 1)
                {
                    var line = plot.Add.ScatterLine(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray(), Colors.Gray.WithAlpha(0.5));
                    line.LineWidth = 1;
                }
            }
            for (int m = 0; m < models.Count; m++)
            {
                var values = models[m].Runs.Where(r => r.Metrics.ContainsKey(metrics[i])).Select(r => r.Metrics[metrics[i]]).ToArray();
                if (values.Length == 0) continue;
                var dots = plot.Add.ScatterPoints(Enumerable.Repeat((double)m, values.Length).ToArray(), values, RoleColor(models[m].Role));
                dots.MarkerSize = 6;
            }
            plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, models.Count).Select(m => (double)m)], [.. models.Select(ShortLabel)]);
            plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
            // Room for the longest rotated label (about 7 px per character at this size), so none is cut.
            plot.Axes.Bottom.MinimumSize = Math.Max(90, 7 * models.Max(m => ShortLabel(m).Length) * 0.75f + 20);
            if (double.IsFinite(low) && double.IsFinite(high))
            {
                // Zoom on the differences: bars start below the lowest value rather than at zero.
                double span = Math.Max(high - low, 1e-3);
                double bottom = low >= 0 ? Math.Max(0, low - 0.5 * span) : low - 0.5 * span;
                plot.Axes.SetLimits(-0.6, models.Count - 0.4, bottom, high + 0.25 * span);
            }
            plot.Title(metrics[i], size: 13);
        }
        const string file = "metrics.png";
        multiplot.SavePng(Path.Combine(folder, file), Math.Max(360, Math.Max(300, 45 * models.Count) * metrics.Length), 460);
        return new Figure(file, "Metrics per model",
            $"Each point is one seed ({results.Seeds.Count} seed(s)); bars are the means; grey lines join the runs of the same seed " +
            "(the paired comparison); the y axes need not start at zero. Green: NLB's smoothing baseline (fitted once); grey: " +
            "baseline; blue: students, by distillation strategy; orange: teacher* (sees behavior at evaluation, privileged).");
    }

    private static string ShortLabel(ModelSummary model) => model.Role switch
    {
        ModelRole.Teacher => "teacher*",
        ModelRole.Student => model.Strategy ?? model.Model,
        _ => model.Model,
    };

    private static Color RoleColor(ModelRole role) => role switch
    {
        ModelRole.Reference => ReferenceColor,
        ModelRole.Baseline => BaselineColor,
        ModelRole.Teacher => TeacherColor,
        _ => StudentColor,
    };

    internal static void Legend(Plot plot, bool show)
    {
        plot.Legend.IsVisible = show;
        if (!show) return;
        plot.Legend.Alignment = Alignment.UpperLeft;
        plot.Legend.FontSize = 10;
        plot.Legend.BackgroundColor = Colors.White.WithAlpha(0.7);
    }

    private static void Line(Plot plot, double[] xs, double[] ys, string label, Color color, bool dashed, float width)
    {
        var line = plot.Add.ScatterLine(xs, ys, color);
        line.LegendText = label;
        line.LineWidth = width;
        if (dashed) line.LinePattern = LinePattern.Dashed;
    }

    private static double[] Time(int bins, double? binMs) =>
        [.. Enumerable.Range(0, bins).Select(t => binMs is double ms ? t * ms : t)];

    private static double[] Series(Array3 values, int trial, int channel, double scale)
    {
        var series = new double[values.Time];
        for (int t = 0; t < values.Time; t++) series[t] = values.Bin(trial, t)[channel] * scale;
        return series;
    }

    private static double Variance(Array3 values, int channel)
    {
        double sum = 0, squares = 0;
        long count = 0;
        for (int row = 0; row < values.Rows; row++)
        {
            double v = values.Values[row * values.Channels + channel];
            if (double.IsNaN(v)) continue;
            sum += v;
            squares += v * v;
            count++;
        }
        return count == 0 ? 0 : squares / count - sum / count * (sum / count);
    }

    /// <summary>Gaussian smoothing over time (σ in bins) per trial and channel, for data without true rates.</summary>
    private static Array3 Smooth(Array3 spikes, double sigma)
    {
        int radius = (int)Math.Ceiling(3 * sigma);
        var kernel = Enumerable.Range(-radius, 2 * radius + 1).Select(i => Math.Exp(-0.5 * i * i / (sigma * sigma))).ToArray();
        var result = new Array3(spikes.Trials, spikes.Time, spikes.Channels);
        for (int trial = 0; trial < spikes.Trials; trial++)
            for (int c = 0; c < spikes.Channels; c++)
                for (int t = 0; t < spikes.Time; t++)
                {
                    double sum = 0, weight = 0;
                    for (int k = -radius; k <= radius; k++)
                    {
                        int s = t + k;
                        if (s < 0 || s >= spikes.Time) continue;
                        double v = spikes.Bin(trial, s)[c];
                        if (double.IsNaN(v)) continue;
                        sum += kernel[k + radius] * v;
                        weight += kernel[k + radius];
                    }
                    result.Bin(trial, t)[c] = weight > 0 ? sum / weight : double.NaN;
                }
        return result;
    }
}
