using System.Diagnostics;
using System.Globalization;
using Blend.Data;
using Blend.Data.Synthetic;
using Blend.Deployment;
using Blend.Distillation;
using Blend.Evaluation;
using Blend.Models;
using Blend.Models.Smoothing;
using Blend.Reporting;
using Blend.Training;
using Blend.Evaluation.Results;

namespace Blend.Experiments;

/// <summary>
/// BLEND's population-dynamics task (<c>blend run</c>, <c>blend demo</c>) for <see cref="BlendRecipe"/>: NDT, STNDT,
/// LFADS or any registered family on NLB-format data. The baseline and students train with masked modeling on the neural
/// input (a student with α·masked Poisson NLL + (1 − α)·distillation against the frozen teacher on the same masked batch,
/// the teacher in eval mode without gradients), the teacher also reads behavior. Every model is selected by its own
/// validation loss (best.pt), predicts rates for the training and eval trials (the teacher with the trials' behavior:
/// privileged) and is scored with the NLB metrics on the eval split, plus the registered <see cref="RunMetrics"/> (latent R² on
/// synthetic data). Before the
/// replicates, NLB's smoothing baseline (<see cref="SmoothingReference"/>) is fitted once into <c>smoothing/</c> as the
/// floor every neural-only model should clear. Each run has its own folder <c>seed&lt;k&gt;/&lt;model&gt;</c> (config.yaml,
/// metrics.jsonl, tensorboard/, checkpoints/, submission.h5, scores.json, latents.h5, model/); the experiment folder
/// gets config.yaml, results.json, report.md and figures/.
/// </summary>
public sealed class NlbBlendTask : IBlendTask<NeuralDynamicsModel, ModelRun, ExperimentResults>, IDisposable
{
    private readonly ExperimentRequest _request;
    private readonly ExperimentConfig _config;
    private readonly IExperimentObserver? _observer;
    private readonly CancellationToken _cancellation;
    private readonly TrainingData _data;
    private readonly NlbEvalTarget _target;
    private readonly string _targetPath;
    private readonly NlbDatasetRates? _trueRates;
    private readonly ExperimentDataSummary _summary;
    private readonly ValidationData? _validation;
    private readonly BundleDataDescription _bundleData;
    private readonly IReadOnlyList<(string Name, Func<TrainedRun, double> Score)> _runMetrics;
    private readonly HashSet<string> _warned = [];
    private DatasetSource? _source;
    private readonly DataFingerprint _fingerprint;
    private readonly DateTime? _deadline;

    /// <summary>Loads and checks the data and checks that the config's baseline, teacher and strategies can be built for it.</summary>
    public NlbBlendTask(ExperimentRequest request, IExperimentObserver? observer = null, CancellationToken cancellation = default)
    {
        _request = request;
        _deadline = request.TimeLimit is { } limit ? DateTime.UtcNow + limit : null;
        _config = request.Config;
        _observer = observer;
        _cancellation = cancellation;
        Strategies = _config.StrategyList;
        var training = _config.Training.Training;
        _source = DatasetSource.Read(request.DataFolder);
        _fingerprint = _source.Fingerprint();
        _data = TrainingData.Load(_source, training);
        try
        {
            if (request.ChooseBudget)
            {
                var (chosen, description) = DefaultBudget.Choose(training, _data.Train.Count, _data.Layout, training.Threads);
                _config = _config with { Training = _config.Training with { Training = chosen } };
                observer?.Note($"No config file: {_config.Training.Architecture}'s CPU config with {description} {DefaultBudget.OtherSchedules}");
            }
            foreach (string warning in _data.Warnings) observer?.Note($"warning: {warning}");
            var (target, targetPath) = BlendExperiment.CheckData(_source, _data);
            _target = new NlbEvalTarget();
            _target.Datasets[_data.Name] = target;
            _targetPath = targetPath;
            _trueRates = ReadTrueRates(request.DataFolder, _data.Name);
            _summary = Summarize(_source, _data, _target, _trueRates, observer);
            _validation = ValidationData.For(_source, _data);
            _bundleData = BundleDataDescription.From(_source, _data);
            var metricData = new RunMetricData(request.DataFolder, _data);
            _runMetrics = [.. RunMetrics.All.Select(m => (m.Name, Score: m.For(metricData, note => observer?.Note(note))))
                .Where(m => m.Score is not null).Select(m => (m.Name, m.Score!))];
            if (_config.Experiment.SmoothingReference && _source.BinMs is null)
                observer?.Note($"note: no smoothing reference row: the bin width of '{_data.Name}' is unknown (no dataset.json, not an NLB group name)");
            BlendExperiment.CheckModels(_config, _data.Layout, Strategies);
        }
        catch
        {
            _data.Dispose();
            throw;
        }
    }

    /// <summary>An interrupted experiment keeps its finished models (<c>run.json</c> in each run folder) and checkpoints for <c>blend run --resume</c>.</summary>
    public bool Resumable => true;

    /// <inheritdoc/>
    public IReadOnlyList<StrategySpec> Strategies { get; }

    /// <inheritdoc/>
    public IReadOnlyList<BlendReplicate> Replicates(IReadOnlyList<int> seeds) =>
        [.. seeds.Select((seed, k) => new BlendReplicate(k, seeds.Count, seed, null, $"seed{k}"))];

    /// <inheritdoc/>
    public IEnumerable<ModelRun> Begin(string folder)
    {
        // A resumed experiment: the same config and data, or nothing.
        ExperimentRecord.Write(folder, Path.Combine(folder, BlendExperiment.ConfigFile), _config.ToYaml(), _fingerprint, _request.DataFolder);
        var references = new List<ModelRun>();
        if (_config.Experiment.SmoothingReference && _source?.BinMs is double binMs)
            references.Add(ReadRun(folder, SmoothingReference.ModelName) ?? Smoothing(folder, _source, binMs));
        _source = null; // the tensors hold the data now; let the HDF5 arrays go
        return references;
    }

    /// <summary>
    /// Checks that <paramref name="folder"/> is the working folder of this experiment (its config and data), begun by
    /// <see cref="Begin"/> in another process: what a worker that trains one of its models checks first.
    /// </summary>
    internal void CheckBegun(string folder) => ExperimentRecord.Check(folder, Path.Combine(folder, BlendExperiment.ConfigFile), _config.ToYaml(), _fingerprint, _request.DataFolder);

    /// <summary>A model whose run folder holds its <c>run.json</c> was trained, selected and scored completely.</summary>
    public ModelRun? Completed(string folder, RecipeStep step) => ReadRun(folder, RunFolderOf(step));

    /// <inheritdoc/>
    public void Reused(RecipeStep step, ModelRun run) =>
        _observer?.Note($"reusing {run.Model} of seed {run.Seed}, finished before the interruption ({run.Folder})");

    /// <summary>A teacher or student warm-started from the baseline (<c>distillation.teacher_from_baseline</c> / <c>student_from_baseline</c>).</summary>
    public bool WarmStartsFromBaseline(RecipeStep step) => step.Role switch
    {
        ModelRole.Teacher => _config.Distillation.TeacherFromBaseline,
        ModelRole.Student => _config.Distillation.StudentFromBaseline,
        _ => false,
    };

    /// <summary>The run record a finished model left in its folder (relative to the experiment), or null.</summary>
    private static ModelRun? ReadRun(string folder, string relative) => ExperimentRecord.ReadRun<ModelRun>(Path.Combine(folder, relative));

    private static void WriteRun(string folder, ModelRun run) => ExperimentRecord.WriteRun(Path.Combine(folder, run.Folder), run);

    /// <summary>Each finished model's <see cref="ModelRun"/>: its presence marks the model done for <c>--resume</c>.</summary>
    public const string RunRecordFile = ExperimentRecord.RunFile;

    private static string RunFolderOf(RecipeStep step) => Path.Combine(step.Replicate.Folder, step.Strategy?.FolderName ?? step.Model);

    /// <inheritdoc/>
    public NeuralDynamicsModel Create(string folder, RecipeStep step)
    {
        var model = ModelFactory.Create(_config.Training, _data.Layout, withBehavior: step.Role == ModelRole.Teacher);
        if (WarmStartsFromBaseline(step)) Trainer.LoadSharedParameters(BestCheckpoint(folder, step.Replicate, RecipeStep.BaselineName), model);
        return model;
    }

    /// <inheritdoc/>
    public NeuralDynamicsModel Freeze(string folder, RecipeStep step, NeuralDynamicsModel? trained)
    {
        trained?.Dispose();
        var frozen = ModelFactory.Create(_config.Training, _data.Layout, withBehavior: true);
        try
        {
            Trainer.LoadModel(BestCheckpoint(folder, step.Replicate, step.Model), frozen);
        }
        catch
        {
            frozen.Dispose();
            throw;
        }
        return frozen;
    }

    /// <inheritdoc/>
    public ModelRun Train(string folder, RecipeStep step, NeuralDynamicsModel model, NeuralDynamicsModel? teacher)
    {
        var training = _config.Training.Training;
        var config = _config.Training with { Training = training with { Seed = step.Seed } };
        string relative = RunFolderOf(step);
        var experimentStep = new ExperimentStep(step.Index, step.Total, step.Replicate.Index, step.Replicate.Count, step.Seed, step.Model, step.Role,
            training.Epochs, _config.Training.Architecture);
        IDistillationStrategy? strategy = null;
        try
        {
            ITrainingObjective? objective = null;
            if (step.Strategy is { } spec)
            {
                if (teacher is null) throw new ArgumentNullException(nameof(teacher), "a student needs its teacher");
                strategy = spec.Build(model, teacher, _config.Distillation);
                objective = new DistillationObjective(teacher, strategy, _config.Distillation.Alpha, _config.Distillation.TeacherInput);
            }
            // Under a time limit each model gets an equal share of what is left, so the last ones are not starved.
            DateTime? deadline = step.Deadline ?? (_deadline is { } end ? DateTime.UtcNow + (end - DateTime.UtcNow) / (step.Total - step.Index) : null);
            var run = TrainAndScore(folder, relative, experimentStep, model, config, objective, deadline);
            if (teacher is not null) _observer?.TeacherUsed(experimentStep, teacher);
            return run;
        }
        finally
        {
            if (strategy is IDisposable disposable) disposable.Dispose();
        }
    }

    /// <inheritdoc/>
    public ExperimentResults Finish(string folder, IReadOnlyList<ModelRun> runs, RecipeRecord record)
    {
        var (metrics, models) = ExperimentResults.Aggregate(runs, Strategies);
        var results = new ExperimentResults
        {
            Dataset = _data.Name,
            DataFolder = _request.DataFolder,
            CommandLine = _request.CommandLine,
            Created = DateTimeOffset.UtcNow,
            Architecture = _config.Training.Architecture,
            Protocol = ConfigSection<TrainingOptions>.Format(_config.Training.Training.Protocol),
            Seeds = record.Seeds,
            Threads = record.Threads,
            Distillation = _config.Distillation,
            Strategies = [.. Strategies.Select(s => s.Name)],
            MetricNames = metrics,
            Models = models,
            Seconds = Math.Round(record.Elapsed.TotalSeconds, 1),
            Data = _summary,
            Warnings = ExperimentResults.NonFiniteWarnings(runs),
        };
        foreach (string warning in results.Warnings) _observer?.Note($"warning: {warning}");
        _observer?.Note("Writing the report and figures");
        ExperimentReport.Write(folder, results, new ReportData(_data, _target.Datasets[_data.Name], _trueRates, _summary.BinMs));
        AtomicFile.WriteAllText(Path.Combine(folder, BlendExperiment.ResultsFile), results.ToJson());
        return results;
    }

    /// <summary>Releases the dataset's tensors.</summary>
    public void Dispose() => _data.Dispose();

    private static string BestCheckpoint(string folder, BlendReplicate replicate, string model) =>
        new RunFolder(Path.Combine(folder, replicate.Folder, model)).BestCheckpoint;

    /// <summary>NLB's smoothing baseline, fitted once (it has no seed) into <c>smoothing/</c>.</summary>
    private ModelRun Smoothing(string experimentFolder, DatasetSource source, double binMs)
    {
        var training = _config.Training.Training;
        _observer?.Note("Fitting NLB's smoothing baseline (Gaussian kernel and GLM α chosen on validation co-bps)");
        // Its neurons' fits are independent (the result does not depend on the thread count): use every core the models will.
        int threads = (training.Threads > 0 ? training.Threads : Environment.ProcessorCount) * (_request.Workers?.Count ?? 1);
        var options = new SmoothingOptions { Threads = Math.Min(threads, Environment.ProcessorCount) };
        var result = SmoothingReference.FitAndWrite(source, binMs, training, Path.Combine(experimentFolder, SmoothingReference.ModelName),
            options, warn: Warn, cancellation: _cancellation);
        var run = SmoothingReference.Run(result, SmoothingReference.ModelName, training.Seed);
        WriteRun(experimentFolder, run);
        string scores = string.Join(", ", run.Metrics.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key} {m.Value:F4}")));
        _observer?.Note(string.Create(CultureInfo.InvariantCulture,
            $"smoothing baseline: {SmoothingReference.Describe(result.Fit.Chosen)}: {scores} ({result.Seconds:F1} s)"));
        return run;
    }

    private ModelRun TrainAndScore(string experimentFolder, string relative, ExperimentStep step, NeuralDynamicsModel model,
        TrainingConfig config, ITrainingObjective? objective, DateTime? deadline)
    {
        var run = new RunFolder(Path.Combine(experimentFolder, relative));
        Directory.CreateDirectory(run.Path);
        AtomicFile.WriteAllText(run.Config, config.ToYaml());
        // An interrupted experiment's model continues from its last checkpoint (weights, optimizer, random streams).
        bool resume = File.Exists(run.LastCheckpoint);
        if (resume) _observer?.Note($"continuing {step.Model} of seed {step.Seed} from its last checkpoint ({relative.Replace(Path.DirectorySeparatorChar, '/')})");
        var clock = Stopwatch.StartNew();
        TrainingResult result;
        using (var trainer = new Trainer(model, _data, config.Training, objective))
        using (var tensorBoard = new TensorBoardWriter(run.TensorBoard))
        {
            var progress = _observer?.Starting(step);
            ITrainingObserver board = new TensorBoardObserver(tensorBoard);
            result = trainer.Run(new TrainingRunOptions
            {
                CheckpointFolder = run.Checkpoints,
                MetricsFile = run.Metrics,
                Resume = resume,
                Observer = progress is null ? board : new TrainingObservers(progress, board),
                Cancellation = _cancellation,
                Deadline = deadline,
            });
        }
        if (result.Reason == StopReason.Cancelled) throw new OperationCanceledException("the experiment was interrupted");
        if (result.Reason == StopReason.TimeLimit)
            _observer?.Note($"note: {step.Model} (seed {step.Seed}) used its share of --time-limit after {result.Epoch} of {config.Training.Epochs} epochs; its best checkpoint (epoch {result.BestEpoch}) is scored");
        // The deployable model: baselines and students (a teacher needs behavior, which deployment does not have).
        string? bundleRole = step.Role == ModelRole.Teacher ? null : ConfigSection<TrainingOptions>.SnakeCase(step.Role.ToString());
        var outputs = NlbRunOutputs.Write(model, _data, config, run, result.BestEpoch, _bundleData, step.Model, bundleRole, _target, _targetPath, Warn);
        var metrics = BlendExperiment.Metrics(outputs.Scores!);
        int batchSize = config.Training.BatchSize;
        var evalLatents = Latents(model, _data.EvalSpikes, _data.EvalBehavior, batchSize);
        WriteLatents(run, evalLatents);
        var trained = new TrainedRun(model, outputs.Rates, evalLatents, () => Latents(model, _data.TrainSpikes, _data.TrainBehavior, batchSize));
        foreach (var (name, score) in _runMetrics) metrics[name] = score(trained);
        var modelRun = new ModelRun
        {
            Model = step.Model,
            Role = step.Role,
            Replicate = step.Replicate,
            Seed = step.Seed,
            Folder = relative.Replace(Path.DirectorySeparatorChar, '/'),
            Epochs = result.Epoch,
            BestEpoch = result.BestEpoch,
            BestValLoss = result.BestValLoss,
            StopReason = ConfigSection<TrainingOptions>.SnakeCase(result.Reason.ToString()),
            Seconds = Math.Round(clock.Elapsed.TotalSeconds, 2),
            Metrics = metrics,
            ValidationMetrics = _validation?.Score(outputs.Rates),
        };
        WriteRun(experimentFolder, modelRun);
        _observer?.Finished(step, modelRun);
        return modelRun;
    }

    /// <summary>The model's latents of <paramref name="spikes"/>' trials; a teacher's read the trials' behavior too.</summary>
    private IReadOnlyList<(string Name, Array3 Values)> Latents(NeuralDynamicsModel model, TorchSharp.torch.Tensor spikes,
        TorchSharp.torch.Tensor? behavior, int batchSize) =>
        LatentPrediction.Predict(model, _data.Layout, spikes, model.BehaviorDims > 0 ? behavior : null, batchSize);

    /// <summary>Writes the eval trials' latents to <c>latents.h5</c> (<c>eval/&lt;name&gt;</c>, trials × bins × width).</summary>
    private static void WriteLatents(RunFolder run, IReadOnlyList<(string Name, Array3 Values)> eval)
    {
        var writer = new NlbFileWriter();
        foreach (var (name, values) in eval) writer.AddFloat32($"eval/{name}", values);
        writer.Write(run.Latents);
    }

    private void Warn(string message)
    {
        if (_warned.Add(message)) _observer?.Note($"warning: {message}");
    }

    /// <summary>The true rates of a synthetic dataset (true_rates.h5 beside the NLB files), or null.</summary>
    private static NlbDatasetRates? ReadTrueRates(string folder, string name)
    {
        string path = Path.Combine(folder, SyntheticDatasetWriter.TrueRatesFile);
        if (!File.Exists(path)) return null;
        var file = NlbSubmission.Read(path);
        return file.Datasets.TryGetValue(name, out var rates) ? rates : null;
    }

    private static ExperimentDataSummary Summarize(DatasetSource source, TrainingData data, NlbEvalTarget target, NlbDatasetRates? trueRates,
        IExperimentObserver? observer)
    {
        Dictionary<string, double>? ceiling = null;
        if (trueRates is not null)
            ceiling = BlendExperiment.Metrics(NlbEvaluator.Evaluate(target, new NlbSubmission(data.Name, trueRates), warn: w => observer?.Note($"warning: {w}")));
        var l = data.Layout;
        return new ExperimentDataSummary
        {
            TrainTrials = data.Train.Count,
            ValidationTrials = data.Validation.Count,
            EvalTrials = data.EvalTrialCount,
            HeldinNeurons = l.HeldinNeurons,
            HeldoutNeurons = l.HeldoutNeurons,
            MainBins = l.MainBins,
            ForwardBins = l.ForwardBins,
            BehaviorDims = l.BehaviorDims,
            BinMs = source.BinMs,
            Validation = data.ValidationDescription,
            Ceiling = ceiling,
        };
    }

    /// <summary>What validation scores need beyond the rates: the training trials' held-out spikes, behavior and which are validation trials.</summary>
    private sealed record ValidationData(Array3 SpikesHeldout, Array3? Behavior, int[] Trials)
    {
        /// <summary>Null under the reference protocol, whose validation trials are the scored eval trials.</summary>
        public static ValidationData? For(DatasetSource source, TrainingData data) =>
            data.Protocol == SelectionProtocol.Clean
                ? new ValidationData(source.TrainInput.SpikesHeldout, source.TrainInput.BehaviorIs2D ? null : source.TrainInput.Behavior, data.Validation.Trials)
                : null;

        public Dictionary<string, double> Score(NlbDatasetRates rates) =>
            ValidationScores.Compute(rates.TrainRatesHeldin, rates.TrainRatesHeldout, SpikesHeldout, Behavior, Trials);
    }
}
