using Blend.Evaluation;
using Blend.Evaluation.Results;
using Blend.Evaluation.Statistics;

namespace Blend.Experiments.Sweeps;

/// <summary>
/// <c>blend sweep collect</c>: every finished cell's results gathered into one table — per family and setting, each
/// model's mean over seeds with paired differences to the baseline of the same seed (t-test and Wilcoxon), and per family
/// the Distill-Best row: the student setting with the best mean validation score (vel R², else co-bps), chosen on the
/// validation trials only and reported on the eval split.
/// </summary>
public static class SweepCollection
{
    /// <summary>Collects the finished cells of <paramref name="plan"/> in <paramref name="folder"/>.</summary>
    public static SweepResults Collect(SweepFolder folder, SweepPlan plan)
    {
        var shortKeys = plan.ShortKeys();
        var finished = plan.Cells.Where(c => SweepCellRun.Done(folder, c.Id))
            .Select(c => (Cell: c, Results: ExperimentResults.FromJson(File.ReadAllText(Path.Combine(folder.Cell(c.Id), BlendExperiment.ResultsFile)))))
            .ToList();
        var metricNames = NlbMetricNames.InTableOrder(finished.SelectMany(f => f.Results.MetricNames));
        string key = metricNames.Contains(NlbMetricNames.VelR2) ? NlbMetricNames.VelR2 : NlbMetricNames.CoBps;

        var rows = new List<SweepRow>();
        if (finished.Count > 0)
            foreach (var reference in finished[0].Results.Models.Where(m => m.Role == ModelRole.Reference))
                rows.Add(Row("", reference.Model, ModelRole.Reference, "—", [.. reference.Runs.Select(r => (r, (ModelRun?)null))], metricNames));
        foreach (var family in finished.GroupBy(f => f.Cell.Family))
        {
            // Each cell holds its seed's baseline, teacher and students; cells of one trunk hold the same baseline and teacher.
            var baselines = new List<SweepRow>();
            var teachers = new List<SweepRow>();
            var students = new List<SweepRow>();
            foreach (var trunk in family.GroupBy(f => f.Cell.TrunkLabel(shortKeys)))
            {
                List<(ModelRun Run, ModelRun? Baseline)> Shared(ModelRole role) =>
                    [.. trunk.Select(f => (Run: f.Results.Models.Single(m => m.Role == role).Runs[0], Base: f.Results.Baseline.Runs[0]))
                        .DistinctBy(p => p.Run.Seed).OrderBy(p => p.Run.Seed).Select(p => (p.Run, role == ModelRole.Baseline ? null : (ModelRun?)p.Base))];
                baselines.Add(Row(family.Key, RecipeStep.BaselineName, ModelRole.Baseline, trunk.Key, Shared(ModelRole.Baseline), metricNames));
                teachers.Add(Row(family.Key, RecipeStep.TeacherName, ModelRole.Teacher, trunk.Key, Shared(ModelRole.Teacher), metricNames));
            }
            foreach (var setting in family.GroupBy(f => f.Cell.Label(shortKeys)))
            {
                var models = setting.SelectMany(f => f.Results.Models.Where(m => m.Role == ModelRole.Student && m.Strategy is not null)
                    .Select(m => (m.Model, Run: m.Runs[0], Base: f.Results.Baseline.Runs[0])));
                foreach (var model in models.GroupBy(m => m.Model))
                    students.Add(Row(family.Key, model.Key, ModelRole.Student, setting.Key,
                        [.. model.OrderBy(m => m.Run.Seed).Select(m => (m.Run, (ModelRun?)m.Base))], metricNames));
            }
            rows.AddRange(baselines);
            rows.AddRange(students);
            if (DistillBest(students, key) is { } best) rows.Add(best);
            rows.AddRange(teachers);
        }
        return new SweepResults
        {
            SweepFile = plan.SweepFile, DataFolder = plan.DataFolder, CellsDone = finished.Count, Cells = plan.Cells.Count,
            MetricNames = metricNames, KeyMetric = key, Rows = rows,
        };
    }

    /// <summary>The student row with the highest mean validation <paramref name="metric"/> (the first on ties), when there is a choice.</summary>
    private static SweepRow? DistillBest(IReadOnlyList<SweepRow> students, string metric)
    {
        var candidates = students.Where(s => s.Validation?.TryGetValue(metric, out double v) == true && double.IsFinite(v)).ToList();
        if (students.Count < 2 || candidates.Count != students.Count) return null;
        var best = candidates.OrderByDescending(s => s.Validation![metric]).First();
        return best with { Model = ExperimentResults.DistillBestName, Setting = $"{best.Model} {best.Setting}" };
    }

    private static SweepRow Row(string family, string model, ModelRole role, string setting, IReadOnlyList<(ModelRun Run, ModelRun? Baseline)> runs,
        IReadOnlyList<string> metricNames)
    {
        var metrics = metricNames.Where(m => runs.All(r => r.Run.Metrics.ContainsKey(m)))
            .ToDictionary(m => m, m => MeanStd.Of([.. runs.Select(r => r.Run.Metrics[m])]));
        Dictionary<string, PairedDifference>? paired = null;
        if (runs.Count > 0 && runs.All(r => r.Baseline is not null))
            paired = metricNames.Where(m => runs.All(r => r.Run.Metrics.ContainsKey(m) && r.Baseline!.Metrics.ContainsKey(m)))
                .ToDictionary(m => m, m => PairedDifference.Of([.. runs.Select(r => r.Run.Metrics[m])], [.. runs.Select(r => r.Baseline!.Metrics[m])]));
        Dictionary<string, double>? validation = null;
        if (role == ModelRole.Student && runs.Count > 0 && runs.All(r => r.Run.ValidationMetrics is not null))
            validation = runs[0].Run.ValidationMetrics!.Keys.Where(m => runs.All(r => r.Run.ValidationMetrics!.ContainsKey(m)))
                .ToDictionary(m => m, m => runs.Average(r => r.Run.ValidationMetrics![m]));
        return new SweepRow
        {
            Family = family, Model = model, Role = role, Setting = setting, Seeds = [.. runs.Select(r => r.Run.Seed)],
            Metrics = metrics, VersusBaseline = paired, Validation = validation,
        };
    }

}
