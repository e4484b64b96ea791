using Blend.Data;
using Blend.Evaluation;
using Blend.Models;
using Blend.Reporting;
using Blend.Training;
using Blend.Distillation;
using Blend.Evaluation.Results;

namespace Blend.Experiments;

/// <summary>What <see cref="BlendExperiment.Run"/> runs: a dataset folder, an output folder and a config.</summary>
public sealed record ExperimentRequest
{
    /// <summary>The dataset folder (NLB files with behavior and an eval target).</summary>
    public required string DataFolder { get; init; }
    /// <summary>The experiment folder to create (new or empty).</summary>
    public required string OutputFolder { get; init; }
    /// <summary>Model, training, distillation and replicate settings.</summary>
    public ExperimentConfig Config { get; init; } = new();
    /// <summary>The command that started the experiment, recorded in results.json and report.md.</summary>
    public string CommandLine { get; init; } = "";

    /// <summary>
    /// The whole experiment's time budget (null: none): each model gets an equal share of what is left when it starts
    /// and keeps its best checkpoint when its share runs out (stop reason <c>time_limit</c> in results.json).
    /// </summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>Continue the interrupted experiment in <c>&lt;output&gt;.incomplete</c>: finished models are reused, the interrupted one continues from its last checkpoint.</summary>
    public bool Resume { get; init; }

    /// <summary>
    /// Scale <see cref="Config"/>'s training schedule to the data once it is loaded (<see cref="DefaultBudget"/>): what
    /// a run without a config file does. The chosen schedule is reported and written to config.yaml.
    /// </summary>
    public bool ChooseBudget { get; init; }

    /// <summary>
    /// Train the models in worker processes, several at once (null: one after another in this process). Under
    /// <see cref="TimeLimit"/> each model started gets an equal share of what is left, times the number of workers.
    /// </summary>
    public RecipeWorkers? Workers { get; init; }
}

/// <summary>
/// The BLEND experiment of <c>blend run</c> and <c>blend demo</c>: <see cref="BlendRecipe"/> over the population-dynamics
/// task (<see cref="NlbBlendTask"/>) for <c>experiment.seeds</c> replicates (replicate k trains every model with
/// <c>training.seed</c> + k).
/// </summary>
public static class BlendExperiment
{
    /// <summary>The experiment's results (every run, aggregates, paired statistics).</summary>
    public const string ResultsFile = ReportFiles.Results;
    /// <summary>The markdown report with tables and figures.</summary>
    public const string ReportFile = ReportFiles.Report;
    /// <summary>The resolved config, every key written.</summary>
    public const string ConfigFile = "config.yaml";
    /// <summary>The report's figures.</summary>
    public const string FiguresFolder = ReportFiles.Figures;

    /// <summary>Runs the experiment into <c>request.OutputFolder</c> and returns its results; nothing is left behind on failure or cancellation.</summary>
    public static ExperimentResults Run(ExperimentRequest request, IExperimentObserver? observer = null, CancellationToken cancellation = default)
    {
        if (AtomicDirectory.DestinationProblem(request.OutputFolder) is string problem) throw new BlendInputException($"{request.OutputFolder}: {problem}");
        using var task = new NlbBlendTask(request, observer, cancellation);
        var seeds = Seeds(request.Config);
        return BlendRecipe.Run(task, seeds, request.OutputFolder, cancellation, request.Resume, WithDeadlines(request.Workers, request.TimeLimit, seeds.Length * (2 + task.Strategies.Count)));
    }

    /// <summary>The replicates' training seeds: <c>training.seed</c> + k for k below <c>experiment.seeds</c>.</summary>
    private static int[] Seeds(ExperimentConfig config) => Enumerable.Range(config.Training.Training.Seed, config.Experiment.Seeds).ToArray();

    /// <summary>
    /// Trains model <paramref name="step"/> of the experiment whose working folder <paramref name="folder"/> its start
    /// (<see cref="Run"/> with <see cref="ExperimentRequest.Workers"/>) has written: the worker side of parallel training.
    /// <paramref name="request"/> carries the data folder and the experiment's resolved config.
    /// </summary>
    public static void RunStep(ExperimentRequest request, string folder, int step, DateTime? deadline, IExperimentObserver? observer = null,
        CancellationToken cancellation = default)
    {
        using var task = new NlbBlendTask(request, observer, cancellation);
        var seeds = Seeds(request.Config);
        task.CheckBegun(folder);
        BlendRecipe.RunStep(task, seeds, folder, step, deadline);
    }

    /// <summary>
    /// <paramref name="workers"/> with each model's share of <paramref name="timeLimit"/>: what is left when it starts, times
    /// the workers, over the models not yet started (at most what is left).
    /// </summary>
    private static RecipeWorkers? WithDeadlines(RecipeWorkers? workers, TimeSpan? timeLimit, int models)
    {
        if (workers is null || timeLimit is not { } limit) return workers;
        var end = DateTime.UtcNow + limit;
        int started = 0;
        return workers with
        {
            TrainStep = (step, folder, token) =>
            {
                var now = DateTime.UtcNow;
                int notStarted = Math.Max(1, models - Interlocked.Increment(ref started) + 1);
                var share = (end - now) * Math.Min(workers.Count, notStarted) / notStarted;
                return workers.TrainStep(step with { Deadline = now + share }, folder, token);
            },
        };
    }

    /// <summary>
    /// Everything <see cref="Run"/> checks before training — the data (behavior, eval target) and that the config's
    /// baseline, teacher and strategies can be built for it — without training or writing anything.
    /// </summary>
    public static void Check(string dataFolder, ExperimentConfig config)
    {
        var source = DatasetSource.Read(dataFolder);
        using var data = TrainingData.Load(source, config.Training.Training);
        CheckData(source, data);
        CheckModels(config, data.Layout, config.StrategyList);
    }

    /// <summary>The eval target's group for the dataset; bad input (no behavior, nothing to score against) is refused here.</summary>
    internal static (NlbDatasetTarget Target, string Path) CheckData(DatasetSource source, TrainingData data)
    {
        if (data.TrainBehavior is null && data.BehaviorProblem is { } problem)
            throw new BlendInputException($"{problem}: BLEND's teacher learns from behavior");
        if (data.TrainBehavior is null || data.Layout.BehaviorDims == 0)
            throw new BlendInputException(
                $"{source.TrainInputPath}: no train_behavior: BLEND's teacher learns from behavior, and this dataset has neural activity only (blend train trains a model without it)");
        if (source.Target is not { } target || source.TargetPath is null)
            throw new BlendInputException(
                $"{source.Folder}: no eval target with a '{data.Name}' group: blend run scores every model on the eval split");
        if (data.EvalBehavior is null)
            throw new BlendInputException(
                $"{source.TargetPath}: /{data.Name} has no trials × time × channels eval_behavior matching train_behavior: the teacher's eval rates need it");
        if (data.Validation.Behavior is null)
            throw new BlendInputException($"{source.Folder}: the validation trials have no behavior, which the teacher's validation needs");
        return (target, source.TargetPath);
    }

    /// <summary>Builds the baseline, the teacher and every strategy once, so a config that cannot work fails before any training.</summary>
    internal static void CheckModels(ExperimentConfig config, TrialLayout layout, IReadOnlyList<StrategySpec> strategies)
    {
        var c = config.Training;
        using var student = ModelFactory.Create(c, layout);
        NeuralDynamicsModel teacher;
        try
        {
            teacher = ModelFactory.Create(c, layout, withBehavior: true);
        }
        catch (HeadsDoNotDivideWidthException e)
        {
            throw new BlendInputException(
                $"the teacher: {e.Message}; with model.behavior_fusion=embed its width stays that of the student, or choose model.heads to divide both", e);
        }
        using var _ = teacher;
        if (config.Distillation.TeacherFromBaseline)
        {
            var misfits = Trainer.WarmStartMisfits(student.state_dict(), teacher).ToList();
            if (misfits.Count > 0)
                throw new BlendInputException(
                    $"distillation.teacher_from_baseline: the baseline's {string.Join(", ", misfits.Take(3))} do not fit the teacher's shapes " +
                    "(an NDT/STNDT teacher with model.behavior_fusion=concat is wider; embed keeps the student's shapes)");
        }
        foreach (var spec in strategies)
        {
            var strategy = spec.Build(student, teacher, config.Distillation);
            if (strategy is IDisposable disposable) disposable.Dispose();
        }
    }

    /// <summary>One dataset's metrics by plain name (a scaling subset's "[100] co-bps" becomes "co-bps").</summary>
    internal static Dictionary<string, double> Metrics(IReadOnlyList<DatasetScores> scores) =>
        scores.Single().Metrics.ToDictionary(m => NlbEvaluator.PlainMetricName(m.Key), m => m.Value);
}
