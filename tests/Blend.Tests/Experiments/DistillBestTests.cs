using Blend.Evaluation;
using Blend.Experiments;
using Blend.Distillation;
using Blend.Evaluation.Results;

namespace Blend.Tests.Experiments;

public class DistillBestTests
{
    private static ModelRun Run(string model, ModelRole role, int replicate, double evalVel, double? validationVel,
        double validationCoBps = 0.3) => new()
    {
        Model = model, Role = role, Replicate = replicate, Seed = 100 + replicate, Folder = $"seed{replicate}/{model}",
        Epochs = 10, BestEpoch = 10, BestValLoss = 0.1, StopReason = "epochs_reached", Seconds = 1,
        Metrics = new Dictionary<string, double> { [NlbMetricNames.CoBps] = 0.3, [NlbMetricNames.VelR2] = evalVel },
        ValidationMetrics = validationVel is double v
            ? new Dictionary<string, double> { [NlbMetricNames.CoBps] = validationCoBps, [NlbMetricNames.VelR2] = v }
            : null,
    };

    [Fact]
    public void ChoosesPerReplicateByValidationNeverByTheScoredSplit()
    {
        var strategies = StrategySpec.ParseList("hard,soft");
        ModelRun[] runs =
        [
            Run("baseline", ModelRole.Baseline, 0, 0.20, 0.21), Run("baseline", ModelRole.Baseline, 1, 0.22, 0.20),
            // Seed 0: hard is better on the eval split, soft on validation → soft. Seed 1: the other way round → hard.
            Run("student-hard", ModelRole.Student, 0, 0.90, 0.30), Run("student-soft", ModelRole.Student, 0, 0.40, 0.35),
            Run("student-hard", ModelRole.Student, 1, 0.30, 0.50), Run("student-soft", ModelRole.Student, 1, 0.95, 0.45),
            Run("teacher", ModelRole.Teacher, 0, 0.9, 0.9), Run("teacher", ModelRole.Teacher, 1, 0.9, 0.9),
        ];
        var chosen = ExperimentResults.DistillBest(runs, strategies);
        Assert.Equal(["student-soft", "student-hard"], chosen.Select(r => r.Model));
        Assert.Equal([0, 1], chosen.Select(r => r.Replicate));

        var (_, models) = ExperimentResults.Aggregate(runs, strategies);
        Assert.Equal(["baseline", "student-hard", "student-soft", ExperimentResults.DistillBestName, "teacher"], models.Select(m => m.Model));
        var best = models[3];
        Assert.Equal(ModelRole.Student, best.Role);
        Assert.Equal((0.40 + 0.30) / 2, best.Metrics[NlbMetricNames.VelR2].Mean, 12);
        // Paired with the same seed's baseline: 0.40 − 0.20 and 0.30 − 0.22.
        Assert.Equal((0.20 + 0.08) / 2, best.VersusBaseline![NlbMetricNames.VelR2].Mean, 12);
        Assert.Same(best, new ExperimentResults
        {
            Dataset = "d", DataFolder = "f", CommandLine = "", Created = default, Architecture = "ndt", Protocol = "clean",
            Seeds = [100, 101], Distillation = new DistillationOptions(), Strategies = ["hard", "soft"],
            MetricNames = [NlbMetricNames.CoBps, NlbMetricNames.VelR2], Models = models, Seconds = 1,
            Data = new ExperimentDataSummary
            {
                TrainTrials = 1, ValidationTrials = 1, EvalTrials = 1, HeldinNeurons = 1, HeldoutNeurons = 1, MainBins = 1,
                ForwardBins = 0, BehaviorDims = 2, Validation = "",
            },
        }.BestStudent);
    }

    [Fact]
    public void TiesGoToTheStrategyListedFirst()
    {
        var strategies = StrategySpec.ParseList("soft,hard");
        ModelRun[] runs = [Run("student-hard", ModelRole.Student, 0, 0.5, 0.3), Run("student-soft", ModelRole.Student, 0, 0.4, 0.3)];
        Assert.Equal("student-soft", ExperimentResults.DistillBest(runs, strategies).Single().Model);
    }

    [Fact]
    public void FallsBackToValidationCoBpsWithoutBehaviorScores()
    {
        var strategies = StrategySpec.ParseList("hard,soft");
        var hard = Run("student-hard", ModelRole.Student, 0, 0.5, null) with
        {
            ValidationMetrics = new Dictionary<string, double> { [NlbMetricNames.CoBps] = 0.2 },
        };
        var soft = hard with { Model = "student-soft", ValidationMetrics = new Dictionary<string, double> { [NlbMetricNames.CoBps] = 0.25 } };
        Assert.Equal("student-soft", ExperimentResults.DistillBest([hard, soft], strategies).Single().Model);
    }

    [Fact]
    public void NotFormedWithoutValidationScoresOrWithOneStrategy()
    {
        ModelRun[] runs = [Run("student-hard", ModelRole.Student, 0, 0.5, null), Run("student-soft", ModelRole.Student, 0, 0.4, 0.3)];
        Assert.Empty(ExperimentResults.DistillBest(runs, StrategySpec.ParseList("hard,soft")));
        Assert.Empty(ExperimentResults.DistillBest([Run("student-hard", ModelRole.Student, 0, 0.5, 0.4)], StrategySpec.ParseList("hard")));
        var (_, models) = ExperimentResults.Aggregate(runs, StrategySpec.ParseList("hard,soft"));
        Assert.DoesNotContain(models, m => m.Model == ExperimentResults.DistillBestName);
    }
}
