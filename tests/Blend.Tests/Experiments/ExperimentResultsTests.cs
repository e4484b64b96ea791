using Blend.Evaluation;
using Blend.Experiments;
using Blend.Reporting;
using Blend.Distillation;
using Blend.Evaluation.Results;
using Blend.Evaluation.Statistics;

namespace Blend.Tests.Experiments;

public class ExperimentResultsTests
{
    private static ModelRun Run(string model, ModelRole role, int replicate, double coBps, double velR2) => new()
    {
        Model = model, Role = role, Replicate = replicate, Seed = 100 + replicate, Folder = $"seed{replicate}/{model}",
        Epochs = 10, BestEpoch = 10, BestValLoss = 0.1, StopReason = "epochs_reached", Seconds = 1,
        Metrics = new Dictionary<string, double> { [NlbMetricNames.CoBps] = coBps, [NlbMetricNames.VelR2] = velR2 },
    };

    [Fact]
    public void MeanAndSampleStandardDeviation()
    {
        var stats = MeanStd.Of([1.0, 2.0, 4.0]);
        Assert.Equal(7.0 / 3, stats.Mean, 12);
        Assert.Equal(Math.Sqrt(((1 - 7.0 / 3) * (1 - 7.0 / 3) + (2 - 7.0 / 3) * (2 - 7.0 / 3) + (4 - 7.0 / 3) * (4 - 7.0 / 3)) / 2), stats.Std, 12);
        Assert.Equal(3, stats.N);
        Assert.Equal(new MeanStd(5, 0, 1), MeanStd.Of([5.0]));
        Assert.True(double.IsNaN(MeanStd.Of([]).Mean));
    }

    [Fact]
    public void AggregatesPerModelInTableOrderWithPairedDifferencesAndRelativeChange()
    {
        var strategies = StrategySpec.ParseList("soft,hard");
        ModelRun[] runs =
        [
            Run("teacher", ModelRole.Teacher, 0, 0.30, 0.90), Run("teacher", ModelRole.Teacher, 1, 0.32, 0.92),
            Run("student-hard", ModelRole.Student, 1, 0.29, 0.66), Run("student-hard", ModelRole.Student, 0, 0.30, 0.64),
            Run("baseline", ModelRole.Baseline, 0, 0.31, 0.60), Run("baseline", ModelRole.Baseline, 1, 0.29, 0.70),
            Run("student-soft", ModelRole.Student, 0, 0.31, 0.59), Run("student-soft", ModelRole.Student, 1, 0.30, 0.69),
        ];
        var (metrics, models) = ExperimentResults.Aggregate(runs, strategies);
        Assert.Equal([NlbMetricNames.CoBps, NlbMetricNames.VelR2], metrics);
        Assert.Equal(["baseline", "student-soft", "student-hard", "teacher"], models.Select(m => m.Model));

        var baseline = models[0];
        Assert.Equal(0.65, baseline.Metrics[NlbMetricNames.VelR2].Mean, 12);
        Assert.Equal(Math.Sqrt(0.005), baseline.Metrics[NlbMetricNames.VelR2].Std, 12);
        Assert.Null(baseline.VelR2ChangePercent);
        Assert.Null(baseline.VersusBaseline);
        Assert.Equal([0, 1], baseline.Runs.Select(r => r.Replicate));

        var hard = models[2];
        Assert.Equal("hard", hard.Strategy);
        Assert.Equal((0.65 - 0.65) / 0.65 * 100, hard.VelR2ChangePercent!.Value, 9);
        // Paired by seed: 0.64 − 0.60 and 0.66 − 0.70.
        var paired = hard.VersusBaseline![NlbMetricNames.VelR2];
        Assert.Equal(0.0, paired.Mean, 12);
        Assert.Equal(Math.Sqrt(0.0032), paired.Std, 12);
        Assert.Equal(1, paired.Better);

        var teacher = models[3];
        Assert.True(teacher.Privileged);
        Assert.Equal((0.91 - 0.65) / 0.65 * 100, teacher.VelR2ChangePercent!.Value, 9);
        Assert.Equal(2, teacher.VersusBaseline![NlbMetricNames.VelR2].Better);
    }

    [Fact]
    public void TableShowsMeanStdChangeAndLabelsTheTeacher()
    {
        var strategies = StrategySpec.ParseList("hard");
        ModelRun[] runs =
        [
            Run("baseline", ModelRole.Baseline, 0, 0.31, 0.60), Run("baseline", ModelRole.Baseline, 1, 0.29, 0.70),
            Run("student-hard", ModelRole.Student, 0, 0.30, 0.66), Run("student-hard", ModelRole.Student, 1, 0.30, 0.74),
            Run("teacher", ModelRole.Teacher, 0, 0.30, 0.90), Run("teacher", ModelRole.Teacher, 1, 0.32, 0.92),
        ];
        var (metrics, models) = ExperimentResults.Aggregate(runs, strategies);
        var results = Results(metrics, models);
        var (columns, rows) = ExperimentTable.Build(results);
        Assert.Equal([NlbMetricNames.CoBps, NlbMetricNames.VelR2, ExperimentTable.ChangeColumn, ExperimentTable.IntervalColumn, ExperimentTable.PValueColumn], columns);
        Assert.Equal(["baseline", "student-hard", "teacher (sees behavior)"], rows.Select(r => r.Model));
        Assert.Equal(["0.3000 ± 0.0141", "0.6500 ± 0.0707", "—", "—", "—"], rows[0].Cells);
        // Paired vel R² differences +0.06, +0.04: t = 5 on 1 df, p = 1 − 2 atan(5)/π = 0.126; 95 % interval
        // 0.05 ± 12.706 · 0.01; Wilcoxon's two-sided p with n = 2, both positive, is 2 · ¼.
        Assert.Equal(["0.3000 ± 0.0000", "0.7000 ± 0.0566", "+7.7 % (2/2)", "+0.0500 [-0.0771, +0.1771]", "0.126 / 0.500"], rows[1].Cells);
        Assert.Equal("hard", results.BestStudent!.Strategy);

        // results.json round-trips.
        var back = ExperimentResults.FromJson(results.ToJson());
        Assert.Equal(results.Models.Count, back.Models.Count);
        Assert.Equal(0.7, back.Models[1].Metrics[NlbMetricNames.VelR2].Mean, 12);
        Assert.Contains("\"vel_r2_change_percent\"", results.ToJson());
        Assert.Contains("\"privileged\": true", results.ToJson());
        Assert.Equal(1 - 2 * Math.Atan(5) / Math.PI, back.Models[1].VersusBaseline![NlbMetricNames.VelR2].TTestP!.Value, 12);
        Assert.Contains("\"wilcoxon_p\": 0.5", results.ToJson());
    }

    internal static ExperimentResults Results(IReadOnlyList<string> metrics, IReadOnlyList<ModelSummary> models) => new()
    {
        Dataset = "synth", DataFolder = "data", CommandLine = "blend run", Created = DateTimeOffset.UnixEpoch,
        Architecture = "conv", Protocol = "clean", Seeds = [100, 101], Distillation = new DistillationOptions(),
        Strategies = ["hard"], MetricNames = metrics, Models = models, Seconds = 1,
        Data = new ExperimentDataSummary
        {
            TrainTrials = 16, ValidationTrials = 4, EvalTrials = 8, HeldinNeurons = 20, HeldoutNeurons = 8, MainBins = 30,
            ForwardBins = 6, BehaviorDims = 2, Validation = "4 of 20",
        },
    };

    [Theory]
    [InlineData("hard", new[] { "hard" })]
    [InlineData("hard, soft,correlation,feature", new[] { "hard", "soft", "correlation", "feature" })]
    [InlineData("0.5*hard+0.5*soft,hard", new[] { "0.5*hard+0.5*soft", "hard" })]
    [InlineData("hard+soft", new[] { "1*hard+1*soft" })]
    public void ParsesStrategyLists(string text, string[] names) =>
        Assert.Equal(names, StrategySpec.ParseList(text).Select(s => s.Name));

    [Theory]
    [InlineData("hard,distill", "unknown distillation strategy 'distill'")]
    [InlineData("x*hard", "weight 'x' is not a positive number")]
    [InlineData("hard,hard", "listed twice")]
    [InlineData(" , ", "no strategy given")]
    public void RefusesBadStrategyLists(string text, string message) =>
        Assert.Contains(message, Assert.Throws<BlendInputException>(() => StrategySpec.ParseList(text)).Message);

    [Fact]
    public void ConfigReadsTheDistillationAndExperimentSectionsBesideTheTrainingOnes()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("blend-experiment-config-").FullName, "c.yaml");
        File.WriteAllText(path, "model:\n  architecture: conv\ntraining:\n  epochs: 7\ndistillation:\n  alpha: 0.3\n  strategies: \"hard,0.5*hard+0.5*soft\"\n  soft_scaling: reference\nexperiment:\n  seeds: 2\n");
        var config = ExperimentConfig.Load(path, ["distillation.temperature=3"]);
        Assert.Equal("conv", config.Training.Architecture);
        Assert.Equal(7, config.Training.Training.Epochs);
        Assert.Equal(0.3, config.Distillation.Alpha);
        Assert.Equal(3, config.Distillation.Temperature);
        Assert.Equal(Blend.Distillation.SoftDistillationScaling.Reference, config.Distillation.SoftScaling);
        Assert.Equal(2, config.Experiment.Seeds);
        Assert.Equal(["hard", "0.5*hard+0.5*soft"], config.StrategyList.Select(s => s.Name));

        // The resolved config reads back the same.
        File.WriteAllText(path, config.ToYaml());
        var again = ExperimentConfig.Load(path);
        Assert.Equal(config.ToYaml(), again.ToYaml());

        File.WriteAllText(path, "distillation:\n  alpha: 1.5\n");
        Assert.Contains($"{path}:2: distillation.alpha = 1.5 is out of range", Assert.Throws<BlendInputException>(() => ExperimentConfig.Load(path)).Message);
        Assert.Contains("unknown key distillation.beta", Assert.Throws<BlendInputException>(() => ExperimentConfig.Load(null, ["distillation.beta=1"])).Message);
        Assert.Contains("unknown distillation strategy 'medium'",
            Assert.Throws<BlendInputException>(() => ExperimentConfig.Load(null, ["distillation.strategies=hard,medium"])).Message);
        // blend train still refuses the extra sections.
        Assert.Contains("unknown section 'distillation'", Assert.Throws<BlendInputException>(() => Blend.Training.TrainingConfig.Load(path)).Message);
    }
}
