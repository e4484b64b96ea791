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

namespace Blend.Experiments;

/// <summary>What <see cref="BlendExperiment.Run"/> runs: a dataset folder, an output folder and a config.</summary>
public sealed record ExperimentRequest
{
    public required string DataFolder { get; init; }
    public required string OutputFolder { get; init; }
    public ExperimentConfig Config { get; init; } = new();
    /// <summary>The command that started the experiment, recorded in results.json and report.md.</summary>
    public string CommandLine { get; init; } = "";
}

/// <summary>
/// The BLEND experiment: for each replicate k (training seed = <c>training.seed</c> + k, the same for every model of
/// the replicate), trains the baseline (neural input, masked modeling), then the teacher (neural input + behavior),
/// reloads the teacher's best checkpoint into a fresh model, and trains one fresh student per strategy with
/// α·masked Poisson NLL + (1 − α)·distillation term against the frozen teacher (same masked batch, teacher in eval
/// mode without gradients). Every model is selected by its own validation loss (best.pt), predicts rates for the
/// training and eval trials (the teacher with the trials' behavior: privileged) and is scored with the NLB metrics on
/// the eval split. Before the replicates, NLB's smoothing baseline (<see cref="SmoothingReference"/>) is fitted once
/// into <c>smoothing/</c> as the floor every neural-only model should clear. Each run has its own folder <c>seed&lt;k&gt;/&lt;model&gt;</c> (config.yaml, metrics.jsonl,
/// tensorboard/, checkpoints/, submission.h5, scores.json); the experiment folder also gets config.yaml, results.json,
/// report.md and figures/. Everything is written into a temporary folder renamed at the end: a failed or interrupted
/// experiment leaves nothing behind.
/// </summary>
public static class BlendExperiment
{
    public const string ResultsFile = "results.json";
    public const string ReportFile = "report.md";
    public const string ConfigFile = "config.yaml";
    public const string FiguresFolder = "figures";
    /// <summary>Each run's latents of the eval trials (HDF5, <c>eval/&lt;latent name&gt;</c>).</summary>
    public const string LatentsFile = "latents.h5";

    public static ExperimentResults Run(ExperimentRequest request, IExperimentObserver? observer = null, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        var config = request.Config;
        var strategies = config.StrategyList;
        string output = request.OutputFolder;
        if (File.Exists(output)) throw new BlendInputException($"{output}: cannot write the experiment here: a file has that name");
        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any())
            throw new BlendInputException($"{output}: output folder exists and is not empty; choose a new folder");

        var training = config.Training.Training;
        var source = DatasetSource.Read(request.DataFolder);
        using var data = TrainingData.Load(source, training);
        var (target, targetPath) = CheckData(source, data);
        var trueRates = ReadTrueRates(request.DataFolder, data.Name);
        var dataSummary = Summarize(source, data, target, trueRates, observer);
        var validation = ValidationData.For(source, data);
        var bundleData = BundleDataDescription.From(source, data);
        var groundTruth = GroundTruthLatents.Read(request.DataFolder, data.Layout.MainBins);
        if (groundTruth is not null && (groundTruth.Train.Trials != data.TrainTrialCount || groundTruth.Eval.Trials != data.EvalTrialCount))
        {
            observer?.Note($"note: no latent R²: {SyntheticDatasetWriter.GroundTruthFile} holds {groundTruth.Train.Trials} + {groundTruth.Eval.Trials} trials, the data {data.TrainTrialCount} + {data.EvalTrialCount}");
            groundTruth = null;
        }
        double? binMs = source.BinMs;
        if (config.Experiment.SmoothingReference && binMs is null)
            observer?.Note($"note: no smoothing reference row: the bin width of '{data.Name}' is unknown (no dataset.json, not an NLB group name)");

        if (training.Threads > 0) TorchSharp.torch.set_num_threads(training.Threads);
        CheckModels(config, data.Layout, strategies);

        var context = new Context(data, target, targetPath, validation, bundleData, groundTruth, observer, cancellation);
        int replicates = config.Experiment.Seeds;
        int perReplicate = 2 + strategies.Count;
        var runs = new List<ModelRun>();
        ExperimentResults? results = null;
        AtomicDirectory.Write(output, folder =>
        {
            AtomicFile.WriteAllText(Path.Combine(folder, ConfigFile), config.ToYaml());
            if (config.Experiment.SmoothingReference && binMs is double bin)
                runs.Add(context.Smoothing(folder, source!, bin, training));
            source = null; // the tensors hold the data now
            for (int k = 0; k < replicates; k++)
            {
                int seed = training.Seed + k;
                var runConfig = config.Training with { Training = training with { Seed = seed } };
                string replicateFolder = $"seed{k}";
                ExperimentStep Step(int position, string model, ModelRole role) =>
                    new(k * perReplicate + position, replicates * perReplicate, k, replicates, seed, model, role, training.Epochs,
                        config.Training.Architecture);

                string baselineFolder = Path.Combine(replicateFolder, "baseline");
                using (var baseline = ModelFactory.Create(config.Training, data.Layout, seed))
                    runs.Add(context.Train(folder, baselineFolder, Step(0, "baseline", ModelRole.Baseline), baseline, runConfig, null));
                string baselineBest = new RunFolder(Path.Combine(folder, baselineFolder)).BestCheckpoint;

                string teacherFolder = Path.Combine(replicateFolder, "teacher");
                using (var teacher = ModelFactory.Create(config.Training, data.Layout, seed, withBehavior: true))
                {
                    if (config.Distillation.TeacherFromBaseline) Trainer.LoadSharedParameters(baselineBest, teacher);
                    runs.Add(context.Train(folder, teacherFolder, Step(1, "teacher", ModelRole.Teacher), teacher, runConfig, null));
                }

                // The students learn from the teacher's best checkpoint, loaded into a fresh model and frozen.
                using var frozen = ModelFactory.Create(config.Training, data.Layout, seed, withBehavior: true);
                Trainer.LoadModel(new RunFolder(Path.Combine(folder, teacherFolder)).BestCheckpoint, frozen);
                for (int s = 0; s < strategies.Count; s++)
                {
                    var spec = strategies[s];
                    var step = Step(2 + s, spec.ModelName, ModelRole.Student);
                    using var student = ModelFactory.Create(config.Training, data.Layout, seed);
                    if (config.Distillation.StudentFromBaseline) Trainer.LoadSharedParameters(baselineBest, student);
                    var strategy = spec.Build(student, frozen, config.Distillation);
                    var objective = new DistillationObjective(frozen, strategy, config.Distillation.Alpha, config.Distillation.TeacherInput);
                    runs.Add(context.Train(folder, Path.Combine(replicateFolder, spec.FolderName), step, student, runConfig, objective));
                    observer?.TeacherUsed(step, frozen);
                    if (strategy is IDisposable disposable) disposable.Dispose();
                }
            }

            var (metrics, models) = ExperimentResults.Aggregate(runs, strategies);
            results = new ExperimentResults
            {
                Dataset = data.Name,
                DataFolder = request.DataFolder,
                CommandLine = request.CommandLine,
                Created = DateTimeOffset.UtcNow,
                Architecture = config.Training.Architecture,
                Protocol = ConfigSection<TrainingOptions>.Format(training.Protocol),
                Seeds = [.. Enumerable.Range(training.Seed, replicates)],
                Distillation = config.Distillation,
                Strategies = [.. strategies.Select(s => s.Name)],
                MetricNames = metrics,
                Models = models,
                Seconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
                Data = dataSummary,
            };
            observer?.Note("Writing the report and figures");
            ExperimentReport.Write(folder, results, new ReportData(data, target, trueRates, dataSummary.BinMs));
            AtomicFile.WriteAllText(Path.Combine(folder, ResultsFile), results.ToJson());
        });
        return results!;
    }

    /// <summary>The eval target's group for the dataset; bad input (no behavior, nothing to score against) is refused here.</summary>
    private static (NlbDatasetTarget Target, string Path) CheckData(DatasetSource source, TrainingData data)
    {
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

    /// <summary>Builds the baseline, the teacher and every strategy once, so a config that cannot work fails before any training.</summary>
    private static void CheckModels(ExperimentConfig config, TrialLayout layout, IReadOnlyList<StrategySpec> strategies)
    {
        var c = config.Training;
        using var student = ModelFactory.Create(c, layout, c.Training.Seed);
        NeuralDynamicsModel teacher;
        try
        {
            teacher = ModelFactory.Create(c, layout, c.Training.Seed, withBehavior: true);
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

    /// <summary>The true rates of a synthetic dataset (true_rates.h5 beside the NLB files), or null.</summary>
    private static NlbDatasetRates? ReadTrueRates(string folder, string name)
    {
        string path = Path.Combine(folder, SyntheticDatasetWriter.TrueRatesFile);
        if (!File.Exists(path)) return null;
        var file = NlbSubmission.Read(path);
        return file.Datasets.TryGetValue(name, out var rates) ? rates : null;
    }

    private static ExperimentDataSummary Summarize(DatasetSource source, TrainingData data, NlbDatasetTarget target, NlbDatasetRates? trueRates,
        IExperimentObserver? observer)
    {
        Dictionary<string, double>? ceiling = null;
        if (trueRates is not null)
        {
            var eval = new NlbEvalTarget();
            eval.Datasets[data.Name] = target;
            ceiling = Metrics(NlbEvaluator.Evaluate(eval, new NlbSubmission(data.Name, trueRates), warn: w => observer?.Note($"warning: {w}")));
        }
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

    /// <summary>One dataset's metrics by plain name (a scaling subset's "[100] co-bps" becomes "co-bps").</summary>
    internal static Dictionary<string, double> Metrics(IReadOnlyList<DatasetScores> scores) =>
        scores.Single().Metrics.ToDictionary(m => NlbEvaluator.PlainMetricName(m.Key), m => m.Value);

    /// <summary>State shared by the runs of one experiment.</summary>
    private sealed class Context(TrainingData data, NlbDatasetTarget target, string targetPath, ValidationData? validation,
        BundleDataDescription bundleData, GroundTruthLatents? groundTruth, IExperimentObserver? observer, CancellationToken cancellation)
    {
        private readonly HashSet<string> _warned = [];

        /// <summary>NLB's smoothing baseline, fitted once (it has no seed) into <c>smoothing/</c>.</summary>
        public ModelRun Smoothing(string experimentFolder, DatasetSource source, double binMs, TrainingOptions training)
        {
            observer?.Note("Fitting NLB's smoothing baseline (Gaussian kernel and GLM α chosen on validation co-bps)");
            var options = new SmoothingOptions { Threads = training.Threads > 0 ? training.Threads : Environment.ProcessorCount };
            var result = SmoothingReference.FitAndWrite(source, binMs, training, Path.Combine(experimentFolder, SmoothingReference.ModelName),
                options, warn: Warn, cancellation: cancellation);
            var run = SmoothingReference.Run(result, SmoothingReference.ModelName, training.Seed);
            string scores = string.Join(", ", run.Metrics.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key} {m.Value:F4}")));
            observer?.Note(string.Create(CultureInfo.InvariantCulture,
                $"smoothing baseline: {SmoothingReference.Describe(result.Fit.Chosen)}: {scores} ({result.Seconds:F1} s)"));
            return run;
        }

        public ModelRun Train(string experimentFolder, string relative, ExperimentStep step, NeuralDynamicsModel model,
            TrainingConfig config, ITrainingObjective? objective)
        {
            var run = new RunFolder(Path.Combine(experimentFolder, relative));
            Directory.CreateDirectory(run.Path);
            AtomicFile.WriteAllText(run.Config, config.ToYaml());
            var clock = Stopwatch.StartNew();
            TrainingResult result;
            using (var trainer = new Trainer(model, data, config.Training, objective))
            using (var tensorBoard = new TensorBoardWriter(run.TensorBoard))
            {
                var progress = observer?.Starting(step);
                ITrainingObserver board = new TensorBoardObserver(tensorBoard);
                result = trainer.Run(new TrainingRunOptions
                {
                    CheckpointFolder = run.Checkpoints,
                    MetricsFile = run.Metrics,
                    Observer = progress is null ? board : new Both(progress, board),
                    Cancellation = cancellation,
                });
            }
            if (result.Reason == StopReason.Cancelled) throw new OperationCanceledException("the experiment was interrupted");
            Trainer.LoadModel(run.BestCheckpoint, model);
            var rates = RatePrediction.Submission(model, data, config.Training.BatchSize, config.Training.InferencePasses);
            var submission = new NlbSubmission(data.Name, rates);
            submission.Write(run.Submission);
            var eval = new NlbEvalTarget();
            eval.Datasets[data.Name] = target;
            var scores = NlbEvaluator.Evaluate(eval, submission, targetPath, run.Submission, Warn);
            EvaluationJson.Write(run.Scores, scores);
            var metrics = Metrics(scores);
            if (WriteLatents(run.Path, model, config.Training.BatchSize) is double latentR2) metrics[LatentR2.MetricName] = latentR2;
            // The deployable model: baselines and students (a teacher needs behavior, which deployment does not have).
            if (step.Role != ModelRole.Teacher)
                ModelBundle.Write(Path.Combine(run.Path, ModelBundle.FolderName), model, config, data.Layout, bundleData, step.Model,
                    ConfigSection<TrainingOptions>.SnakeCase(step.Role.ToString()), result.BestEpoch,
                    Array3.ConcatChannels(rates.TrainRatesHeldin, rates.TrainRatesHeldout));
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
                ValidationMetrics = validation?.Score(rates),
            };
            observer?.Finished(step, modelRun);
            return modelRun;
        }

        /// <summary>
        /// Writes the model's latents of the eval trials to <c>latents.h5</c> (<c>eval/&lt;name&gt;</c>, trials × bins ×
        /// width; a teacher's with the trials' behavior) and, on synthetic data, returns the latent R² of its first latent
        /// against the true latents (ridge fitted on the training trials' main bins).
        /// </summary>
        private double? WriteLatents(string runFolder, NeuralDynamicsModel model, int batchSize)
        {
            bool teacher = model.BehaviorDims > 0;
            var eval = LatentPrediction.Predict(model, data.Layout, data.EvalSpikes, teacher ? data.EvalBehavior : null, batchSize);
            var writer = new NlbFileWriter();
            foreach (var (name, values) in eval) writer.AddFloat32($"eval/{name}", values);
            writer.Write(Path.Combine(runFolder, LatentsFile));
            if (groundTruth is null) return null;
            var train = LatentPrediction.Predict(model, data.Layout, data.TrainSpikes, teacher ? data.TrainBehavior : null, batchSize);
            int main = data.Layout.MainBins;
            return LatentR2.Score(train[0].Values.SliceTime(0, main), groundTruth.Train, eval[0].Values.SliceTime(0, main), groundTruth.Eval);
        }

        private void Warn(string message)
        {
            if (_warned.Add(message)) observer?.Note($"warning: {message}");
        }
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

    private sealed class Both(ITrainingObserver first, ITrainingObserver second) : ITrainingObserver
    {
        public void EpochCompleted(int epoch, int totalEpochs)
        {
            first.EpochCompleted(epoch, totalEpochs);
            second.EpochCompleted(epoch, totalEpochs);
        }

        public void Validated(ValidationRecord record)
        {
            first.Validated(record);
            second.Validated(record);
        }
    }
}
