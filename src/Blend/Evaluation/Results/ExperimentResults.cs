using System.Text.Json;
using System.Text.Json.Serialization;
using Blend.Evaluation;
using Blend.Evaluation.Statistics;
using Blend.Distillation;

namespace Blend.Evaluation.Results;

/// <summary>One model's runs over the replicates, aggregated.</summary>
public sealed record ModelSummary
{
    /// <summary>The row's name (<c>baseline</c>, <c>teacher</c>, <c>student-soft</c>, Distill-Best, the smoothing reference).</summary>
    public required string Model { get; init; }
    /// <summary>Baseline, teacher, student or reference.</summary>
    public required ModelRole Role { get; init; }
    /// <summary>The teacher sees behavior at evaluation too: its scores are a reference, not a deployable model's.</summary>
    public bool Privileged => Role == ModelRole.Teacher;
    /// <summary>A student's distillation strategy (<c>hard</c>, <c>0.5*hard+0.5*soft</c>, …); null for other rows and Distill-Best.</summary>
    public string? Strategy { get; init; }
    /// <summary>The model's run in each replicate, by replicate.</summary>
    public required IReadOnlyList<ModelRun> Runs { get; init; }
    /// <summary>Per metric (<c>co-bps</c>, <c>vel R2</c>, …), the mean and sample SD over replicates; only metrics every run has.</summary>
    public required IReadOnlyDictionary<string, MeanStd> Metrics { get; init; }
    /// <summary>(mean vel R² − baseline's mean vel R²) / |baseline's mean vel R²| × 100; null for the baseline or without vel R².</summary>
    public double? VelR2ChangePercent { get; init; }
    /// <summary>Per-metric paired differences to the baseline (null for the baseline).</summary>
    public IReadOnlyDictionary<string, PairedDifference>? VersusBaseline { get; init; }
}

/// <summary>Everything <c>blend run</c> measured: the setup, every run and the per-model aggregates (results.json).</summary>
public sealed record ExperimentResults
{
    /// <summary>The dataset's name (its NLB group, e.g. <c>mc_maze</c> or <c>mc_maze_20</c>).</summary>
    public required string Dataset { get; init; }
    /// <summary>The dataset folder, as given.</summary>
    public required string DataFolder { get; init; }
    /// <summary>The command line that ran the experiment.</summary>
    public required string CommandLine { get; init; }
    /// <summary>When the experiment finished (UTC).</summary>
    public required DateTimeOffset Created { get; init; }
    /// <summary>The model family (<c>model.architecture</c> of the config).</summary>
    public required string Architecture { get; init; }
    /// <summary>Which trials selected the models: <c>clean</c> (validation trials carved from training) or <c>reference</c> (the scored eval split, as the BLEND authors did).</summary>
    public required string Protocol { get; init; }
    /// <summary>The training seed of each replicate, in replicate order.</summary>
    public required IReadOnlyList<int> Seeds { get; init; }
    /// <summary>libtorch's CPU thread count during the run (null in results written before it was recorded).</summary>
    public int? Threads { get; init; }
    /// <summary>The config's <c>distillation:</c> section: how the students learned from the teacher.</summary>
    public required DistillationOptions Distillation { get; init; }
    /// <summary>The students' distillation strategies by canonical name, in table order.</summary>
    public required IReadOnlyList<string> Strategies { get; init; }
    /// <summary>The metrics any run reported: nlb_tools' order (co-bps, vel R2, tp corr, psth R2, fp-bps), then others (e.g. <c>latent R2</c>) by name.</summary>
    public required IReadOnlyList<string> MetricNames { get; init; }
    /// <summary>One summary per row of the results table, in table order.</summary>
    public required IReadOnlyList<ModelSummary> Models { get; init; }
    /// <summary>Wall-clock seconds of the whole experiment (0.1 s resolution).</summary>
    public required double Seconds { get; init; }
    /// <summary>The dataset's sizes and geometry as trained on.</summary>
    public required ExperimentDataSummary Data { get; init; }

    /// <summary>
    /// Metrics that are not finite (written as null) — which run, which metric and the usual cause; empty when every score
    /// is a number. A non-empty list makes <c>blend run</c> exit 3 (scored, but not completely).
    /// </summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The <see cref="Warnings"/> for <paramref name="runs"/>: one line per run and metric that is not finite.</summary>
    public static IReadOnlyList<string> NonFiniteWarnings(IEnumerable<ModelRun> runs) =>
        [.. runs.SelectMany(r => r.Metrics.Where(m => !double.IsFinite(m.Value)).Select(m => NonFinite.Warning($"seed {r.Seed} {r.Model} ({r.Folder})", m.Key, m.Value)))];

    /// <summary>The baseline's row (throws unless there is exactly one).</summary>
    [JsonIgnore]
    public ModelSummary Baseline => Models.Single(m => m.Role == ModelRole.Baseline);
    /// <summary>The teacher's row (throws unless there is exactly one).</summary>
    [JsonIgnore]
    public ModelSummary Teacher => Models.Single(m => m.Role == ModelRole.Teacher);
    /// <summary>Every student row, Distill-Best included, in table order.</summary>
    [JsonIgnore]
    public IEnumerable<ModelSummary> Students => Models.Where(m => m.Role == ModelRole.Student);

    /// <summary>The Distill-Best row (<see cref="DistillBestName"/>) when there is one, else the student with the highest mean vel R² (else co-bps), or null.</summary>
    [JsonIgnore]
    public ModelSummary? BestStudent
    {
        get
        {
            if (Students.FirstOrDefault(s => s.Model == DistillBestName) is { } best) return best;
            string metric = MetricNames.Contains(NlbMetricNames.VelR2) ? NlbMetricNames.VelR2 : NlbMetricNames.CoBps;
            return Students.OrderByDescending(s => s.Metrics.TryGetValue(metric, out var m) ? m.Mean : double.NegativeInfinity).FirstOrDefault();
        }
    }

    /// <summary>The row of the student chosen per replicate on the validation trials (the paper's "Distill-Best").</summary>
    public const string DistillBestName = "BLEND (distill-best)";

    /// <summary>
    /// Aggregates runs (any order) into per-model summaries in table order: the reference (smoothing) rows, the
    /// baseline, the students in <paramref name="strategies"/>' order, Distill-Best, then the teacher. Paired
    /// differences use the baseline run of the same replicate. Distill-Best takes, in each replicate, the student whose
    /// validation vel R² (co-bps without behavior) is highest — chosen on trials carved from the training trials, never
    /// on the scored eval split; it is only formed when every student run has validation scores and there are at least
    /// two strategies.
    /// </summary>
    public static (IReadOnlyList<string> Metrics, IReadOnlyList<ModelSummary> Models) Aggregate(
        IReadOnlyList<ModelRun> runs, IReadOnlyList<StrategySpec> strategies)
    {
        var metrics = NlbMetricNames.InTableOrder(runs.SelectMany(r => r.Metrics.Keys));

        var baselineRuns = runs.Where(r => r.Role == ModelRole.Baseline).OrderBy(r => r.Replicate).ToList();
        List<ModelRun> Named(string name) => runs.Where(r => r.Model == name).OrderBy(r => r.Replicate).ToList();
        var groups = new List<(string Name, ModelRole Role, string? Strategy, List<ModelRun> Runs)>();
        foreach (var name in runs.Where(r => r.Role == ModelRole.Reference).Select(r => r.Model).Distinct())
            groups.Add((name, ModelRole.Reference, null, Named(name)));
        groups.Add(("baseline", ModelRole.Baseline, null, baselineRuns));
        groups.AddRange(strategies.Select(s => (s.ModelName, ModelRole.Student, (string?)s.Name, Named(s.ModelName))));
        if (DistillBest(runs, strategies) is { Count: > 0 } chosen)
            groups.Add((DistillBestName, ModelRole.Student, null, chosen));
        groups.Add(("teacher", ModelRole.Teacher, null, Named("teacher")));

        var summaries = new List<ModelSummary>();
        foreach (var (name, role, strategy, mine) in groups)
        {
            if (mine.Count == 0) continue;
            var stats = metrics.Where(m => mine.All(r => r.Metrics.ContainsKey(m)))
                .ToDictionary(m => m, m => MeanStd.Of(mine.Select(r => r.Metrics[m]).ToArray()));
            Dictionary<string, PairedDifference>? paired = null;
            double? change = null;
            if (role is ModelRole.Student or ModelRole.Teacher && baselineRuns.Count > 0)
            {
                var pairs = mine.Join(baselineRuns, r => r.Replicate, b => b.Replicate, (r, b) => (Run: r, Base: b)).ToList();
                paired = metrics.Where(m => pairs.Count > 0 && pairs.All(p => p.Run.Metrics.ContainsKey(m) && p.Base.Metrics.ContainsKey(m)))
                    .ToDictionary(m => m, m => PairedDifference.Of(
                        pairs.Select(p => p.Run.Metrics[m]).ToArray(), pairs.Select(p => p.Base.Metrics[m]).ToArray()));
            }
            if (role != ModelRole.Baseline && baselineRuns.Count > 0)
            {
                var baseVel = baselineRuns.Where(b => b.Metrics.ContainsKey(NlbMetricNames.VelR2)).Select(b => b.Metrics[NlbMetricNames.VelR2]).ToArray();
                if (stats.TryGetValue(NlbMetricNames.VelR2, out var vel) && baseVel.Length > 0)
                {
                    double reference = MeanStd.Of(baseVel).Mean;
                    change = reference == 0 ? null : (vel.Mean - reference) / Math.Abs(reference) * 100;
                }
            }
            summaries.Add(new ModelSummary
            {
                Model = name, Role = role, Strategy = strategy, Runs = mine, Metrics = stats,
                VelR2ChangePercent = change, VersusBaseline = paired,
            });
        }
        return (metrics, summaries);
    }

    /// <summary>Per replicate, the student run with the best validation score (see <see cref="Aggregate"/>); empty when it cannot be formed.</summary>
    public static List<ModelRun> DistillBest(IReadOnlyList<ModelRun> runs, IReadOnlyList<StrategySpec> strategies)
    {
        var names = strategies.Select(s => s.ModelName).ToHashSet();
        var students = runs.Where(r => r.Role == ModelRole.Student && names.Contains(r.Model)).ToList();
        if (strategies.Count < 2 || students.Count == 0 || students.Any(r => r.ValidationMetrics is null)) return [];
        string metric = students.All(r => r.ValidationMetrics!.ContainsKey(NlbMetricNames.VelR2)) ? NlbMetricNames.VelR2 : NlbMetricNames.CoBps;
        if (!students.All(r => r.ValidationMetrics!.TryGetValue(metric, out double v) && double.IsFinite(v))) return [];
        var rank = strategies.Select((s, i) => (s.ModelName, i)).ToDictionary(p => p.ModelName, p => p.i);
        // Highest validation score; ties go to the strategy listed first.
        return [.. students.GroupBy(r => r.Replicate).OrderBy(g => g.Key)
            .Select(g => g.OrderByDescending(r => r.ValidationMetrics![metric]).ThenBy(r => rank[r.Model]).First())];
    }

    /// <summary>The results as <c>results.json</c> text, with a trailing newline.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ResultsJson.Options) + "\n";

    /// <summary>Reads <c>results.json</c> text written by <see cref="ToJson"/>.</summary>
    public static ExperimentResults FromJson(string json) =>
        JsonSerializer.Deserialize<ExperimentResults>(json, ResultsJson.Options) ?? throw new InvalidDataException("empty results.json");
}

/// <summary>The dataset as the experiment used it.</summary>
public sealed record ExperimentDataSummary
{
    /// <summary>Trials the optimizer trained on.</summary>
    public required int TrainTrials { get; init; }
    /// <summary>Trials whose masked loss selected the model and stopped training early.</summary>
    public required int ValidationTrials { get; init; }
    /// <summary>Trials of the eval split that are scored.</summary>
    public required int EvalTrials { get; init; }
    /// <summary>Neurons the models read.</summary>
    public required int HeldinNeurons { get; init; }
    /// <summary>Neurons whose rates the models predict without seeing their eval spikes (co-bps).</summary>
    public required int HeldoutNeurons { get; init; }
    /// <summary>Time bins per trial the models read.</summary>
    public required int MainBins { get; init; }
    /// <summary>Bins predicted after each trial's window (fp-bps; 0 for none).</summary>
    public required int ForwardBins { get; init; }
    /// <summary>Behavior channels of the data (e.g. hand velocity x and y); 0 for none.</summary>
    public required int BehaviorDims { get; init; }
    /// <summary>Bin width in ms; null when the dataset does not say.</summary>
    public double? BinMs { get; init; }
    /// <summary>Where the validation trials came from, in words.</summary>
    public required string Validation { get; init; }
    /// <summary>Ceiling scores of the true rates (synthetic data with true_rates.h5), else null.</summary>
    public IReadOnlyDictionary<string, double>? Ceiling { get; init; }
}
