using System.Globalization;
using System.Text;
using Blend.Data;
using Blend.Evaluation;
using Blend.Training;
using Blend.Distillation;
using Blend.Evaluation.Results;
using Blend.Evaluation.Statistics;

namespace Blend.Reporting;

/// <summary>What the report's figures need besides the results: the data as trained on, the eval target and, for synthetic data, the true rates.</summary>
public sealed record ReportData(TrainingData Data, NlbDatasetTarget Target, NlbDatasetRates? TrueRates, double? BinMs);

/// <summary>Writes report.md (and its figures) for an experiment folder.</summary>
public static class ExperimentReport
{
    /// <summary>Writes the figures into <c>figures/</c> and <c>report.md</c> into <paramref name="folder"/>, the experiment folder that holds the run folders.</summary>
    public static void Write(string folder, ExperimentResults results, ReportData data)
    {
        string figures = Path.Combine(folder, ReportFiles.Figures);
        Directory.CreateDirectory(figures);
        var written = ExperimentFigures.Write(figures, folder, results, data);
        AtomicFile.WriteAllText(Path.Combine(folder, ReportFiles.Report), Markdown(results, written));
    }

    /// <summary>The text of report.md: command, data, setup, the results table, paired differences to the baseline (with more than one
    /// seed), the <paramref name="figures"/> (linked under <c>figures/</c>) and every run.</summary>
    public static string Markdown(ExperimentResults results, IReadOnlyList<ExperimentFigures.Figure> figures)
    {
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.Append($"# BLEND experiment: {results.Dataset}\n\n");
        md.Append("```\n").Append(results.CommandLine.Length > 0 ? results.CommandLine : "(library call)").Append("\n```\n\n");
        md.Append($"{results.Created:yyyy-MM-dd HH:mm} UTC, {results.Seconds.ToString("F0", inv)} s in all.\n\n");

        var d = results.Data;
        md.Append("## Data\n\n");
        md.Append($"- `{results.DataFolder}` (group `{results.Dataset}`)\n");
        md.Append($"- {d.TrainTrials} training trials, validation on {d.Validation}; {d.EvalTrials} eval trials (scored only)\n");
        md.Append($"- {d.HeldinNeurons} held-in + {d.HeldoutNeurons} held-out neurons, {d.MainBins} + {d.ForwardBins} forward bins");
        md.Append(d.BinMs is double ms ? $" of {ms.ToString("0.###", inv)} ms" : "").Append($", {d.BehaviorDims} behavior channels\n");
        if (d.Ceiling is { } ceiling)
            md.Append("- ceiling (the true rates scored as a submission): ")
              .Append(string.Join(", ", ceiling.Select(c => $"{c.Key} {ExperimentTable.Number(c.Value)}"))).Append('\n');
        md.Append('\n');

        var o = results.Distillation;
        md.Append("## Setup\n\n");
        md.Append($"- model family `{results.Architecture}` for the baseline, the teacher and the students (resolved config: `config.yaml`)\n");
        string objective = Objective(results.Architecture);
        md.Append($"- **baseline**: neural input only, {objective}\n");
        md.Append($"- **teacher**: neural input + behavior, {objective}; it sees behavior at evaluation too (privileged), so its row is a reference, not a deployable model\n");
        md.Append($"- **students**: neural input only, fresh initialisation, {o.Alpha.ToString("0.###", inv)}·({objective}) + {(1 - o.Alpha).ToString("0.###", inv)}·distillation from the teacher's best checkpoint (frozen, eval mode, the student's training input); strategies: {string.Join(", ", results.Strategies.Select(s => $"`{s}`"))}");
        if (results.Strategies.Any(s => s.Contains("soft"))) md.Append($" (soft: τ = {o.Temperature.ToString("0.###", inv)}, {ConfigSection<DistillationOptions>.Format(o.SoftScaling)} scaling)");
        md.Append('\n');
        if (results.Models.Any(m => m.Role == ModelRole.Reference))
            md.Append("- **smoothing**: NLB's simplest baseline (nlb_tools' smoothing example): held-in spikes smoothed with a Gaussian kernel, a Poisson GLM per held-out neuron, kernel width and L2 penalty chosen on validation co-bps; fitted once (it does not depend on the seed), neural input only. Every neural-only model should beat it\n");
        md.Append($"- {results.Seeds.Count} replicate(s), training seeds {string.Join(", ", results.Seeds)} (the same seed for every model of a replicate); model selection: {results.Protocol} protocol (best validation loss)\n\n");

        md.Append($"## Results (eval split, mean ± std over {results.Seeds.Count} seed{(results.Seeds.Count == 1 ? "" : "s")})\n\n");
        var (columns, rows) = ExperimentTable.Build(results);
        md.Append("| model | run | ").Append(string.Join(" | ", columns)).Append(" |\n");
        md.Append("|---|---|").Append(string.Concat(columns.Select(_ => "---:|"))).Append('\n');
        foreach (var row in rows)
            md.Append($"| {row.Family} | {(row.Role == ModelRole.Teacher ? $"*{row.Model}*" : row.Model)} | ").Append(string.Join(" | ", row.Cells)).Append(" |\n");
        md.Append('\n');
        md.Append("std is the sample standard deviation (n − 1) over seeds. Δ vel R² is the change of the mean relative to the baseline's mean; ")
          .Append("in brackets, the seeds in which the model's vel R² beat the baseline of the same seed.");
        if (results.MetricNames.Contains(LatentR2.MetricName))
            md.Append(" latent R² (synthetic data only): how much of the true latent state (the dynamics and the reach latent of `ground_truth.h5`) ")
              .Append("a ridge map from the model's latents recovers on the eval trials, the map fitted on the training trials as NLB's velocity decoder is.");
        md.Append("\n\n");
        if (results.Seeds.Count > 1)
        {
            md.Append("Paired differences to the baseline (same seed): mean ± std (seeds better), 95 % t interval of the mean, and two-sided p of the paired t-test / Wilcoxon signed-rank test. ")
              .Append($"With {results.Seeds.Count} seeds the smallest Wilcoxon p is {ExperimentTable.PValue(Math.Pow(2, 1 - results.Seeds.Count))}.\n\n");
            var metrics = results.MetricNames;
            md.Append("| model | ").Append(string.Join(" | ", metrics.Select(m => $"Δ {m}"))).Append(" |\n");
            md.Append("|---|").Append(string.Concat(metrics.Select(_ => "---:|"))).Append('\n');
            foreach (var model in results.Models.Where(m => m.VersusBaseline is not null))
                md.Append($"| {ExperimentTable.Label(model)} | ").Append(string.Join(" | ", metrics.Select(m =>
                    model.VersusBaseline!.TryGetValue(m, out var p) ? Paired(p) : ""))).Append(" |\n");
            md.Append('\n');
        }

        if (figures.Count > 0)
        {
            md.Append("## Figures\n\n");
            foreach (var figure in figures) md.Append($"**{figure.Title}.** {figure.Caption}\n\n![{figure.Title}]({ReportFiles.Figures}/{figure.File})\n\n");
        }

        md.Append("## Runs\n\n");
        md.Append("| seed | model | epochs | best epoch | best val loss | s | ").Append(string.Join(" | ", results.MetricNames)).Append(" | folder |\n");
        md.Append("|---:|---|---:|---:|---:|---:|").Append(string.Concat(results.MetricNames.Select(_ => "---:|"))).Append("---|\n");
        foreach (var run in results.Models.SelectMany(m => m.Runs).OrderBy(r => r.Replicate))
            md.Append($"| {run.Seed} | {run.Model} | {run.Epochs} | {run.BestEpoch} | {run.BestValLoss.ToString("F5", inv)} | {run.Seconds.ToString("F0", inv)} | ")
              .Append(string.Join(" | ", results.MetricNames.Select(m => run.Metrics.TryGetValue(m, out double v) ? ExperimentTable.Number(v) : "")))
              .Append($" | `{run.Folder}` |\n");
        md.Append("\nEach run folder holds `config.yaml`, `metrics.jsonl`, `tensorboard/`, `checkpoints/best.pt` and `last.pt`, `submission.h5`, `scores.json` and `latents.h5` (the eval trials' latents); baselines and students also a deployable `model/` bundle (`blend predict`); `results.json` has every number above.\n");
        return md.ToString();
    }

    /// <summary>The model family's own training objective, in words (from its <see cref="ModelFamily"/> descriptor).</summary>
    public static string Objective(string architecture) => ModelFactory.Family(architecture)?.Objective ?? "masked Poisson NLL";

    private static string Paired(PairedDifference p)
    {
        string text = $"{ExperimentTable.Signed(p.Mean)} ± {ExperimentTable.Number(p.Std)} ({p.Better}/{p.N} ↑)";
        if (p.CiLow is double low && p.CiHigh is double high) text += $" [{ExperimentTable.Signed(low)}, {ExperimentTable.Signed(high)}]";
        return text + $" p {ExperimentTable.PValue(p.TTestP)} / {ExperimentTable.PValue(p.WilcoxonP)}";
    }
}
