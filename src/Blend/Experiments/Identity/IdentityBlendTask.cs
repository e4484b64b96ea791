using System.Diagnostics;
using System.Globalization;
using System.Text;
using Blend.Data;
using Blend.Data.Identity;
using Blend.Deployment;
using Blend.Distillation;
using Blend.Evaluation.Identity;
using Blend.Models;
using Blend.Reporting;
using Blend.Training;
using Blend.Training.Identity;
using static TorchSharp.torch;
using Blend.Evaluation.Results;

namespace Blend.Experiments.Identity;

/// <summary>A NeuPRINT model as the identity task trains it: the dynamics model f and the per-identity embeddings Φ it learns with.</summary>
public sealed class NeuprintModels(NeuprintModel model, NeuronEmbeddingTable embeddings) : IDisposable
{
    /// <summary>The dynamics model f (a teacher also reads the behaviour channels).</summary>
    public NeuprintModel Model { get; } = model;
    /// <summary>The per-identity embeddings Φ learned with f.</summary>
    public NeuronEmbeddingTable Embeddings { get; } = embeddings;

    /// <summary>Releases f and Φ.</summary>
    public void Dispose()
    {
        Model.Dispose();
        Embeddings.Dispose();
    }
}

/// <summary>One trained NeuPRINT model of one replicate: its training record and every identity's re-fitted Φ.</summary>
public sealed record IdentityStepRun(string Model, ModelRole Role, IdentityTrainingRun Run, RowMatrix Features);

/// <summary>
/// BLEND's transcriptomic-identity task (<c>blend identity</c>) for <see cref="BlendRecipe"/>, on NeuPRINT (Mi et al.
/// 2023). For each seed (and, with the per-fold protocol, each held-out mouse) the recipe trains NeuPRINT three ways — the
/// neural-only baseline (behaviour channels zero-filled), the behaviour-aware teacher, and one student per distillation
/// strategy distilled from that teacher; this task then re-fits a fresh Φ for every identity with each frozen model and,
/// at the end, classifies Φ (kNN, linear, MLP) leave-one-mouse-out for cell class and subclass, with the linear probes
/// scored beside them as rails. Writes config.yaml, identities.csv, results.json, report.md, figures/ (confusion
/// matrices) and each model's Φ and deployable bundle under seed&lt;seed&gt;/.
/// </summary>
public sealed class IdentityBlendTask : IBlendTask<NeuprintModels, IdentityStepRun, IdentityResults>, IDisposable
{
    private readonly IdentityRequest _request;
    private readonly IdentityConfig _config;
    private readonly IdentityDataset _dataset;
    private readonly IdentityDataSummary _summary;
    private readonly SessionTensors[] _sessions;
    private readonly IIdentityObserver? _observer;
    private readonly CancellationToken _cancellation;
    private readonly DataFingerprint _fingerprint;
    private readonly DateTime? _deadline;
    private int _modelsLeft;

    /// <summary>Loads and checks the dataset (at least two mice, labelled subclasses, windows that fit every session).</summary>
    public IdentityBlendTask(IdentityRequest request, IIdentityObserver? observer = null, CancellationToken cancellation = default)
    {
        _request = request;
        _config = request.Config;
        _config.Validate();
        _observer = observer;
        _cancellation = cancellation;
        Strategies = _config.StrategyList;
        _deadline = request.TimeLimit is { } limit ? DateTime.UtcNow + limit : null;
        _dataset = IdentityDataset.Load(request.DataFolder, _config.Data);
        _fingerprint = DataFingerprint.OfFolder(request.DataFolder, request.OutputFolder, request.OutputFolder + ResumableDirectory.IncompleteSuffix);
        foreach (string warning in _dataset.Warnings) observer?.Note($"warning: {warning}");
        _summary = Summarize(_dataset);
        Check(_dataset, _summary, _config);
        observer?.Note($"{_summary.Sessions} sessions of {_summary.Mice.Count} mice, {_summary.Neurons} neuron-sessions, {_summary.Identities} identities " +
            $"({_summary.RecordIdentities} record; subclasses {string.Join(", ", _summary.SubclassCounts.Select(p => $"{p.Key} {p.Value}"))})");
        _sessions = [.. _dataset.Sessions.Select(s => new SessionTensors(s, _dataset.Neurons))];
    }

    /// <summary>An interrupted experiment keeps its finished models (<c>run.json</c> in each model folder) and the interrupted one's checkpoint for <c>blend identity --resume</c>.</summary>
    public bool Resumable => true;

    /// <inheritdoc/>
    public IReadOnlyList<StrategySpec> Strategies { get; }

    /// <summary>One replicate per seed, or per seed and held-out mouse under the per-fold protocol.</summary>
    public IReadOnlyList<BlendReplicate> Replicates(IReadOnlyList<int> seeds)
    {
        var folds = _config.Experiment.Protocol == DynamicsProtocol.Shared ? [null] : _dataset.Mice.Select(m => (string?)m).ToArray();
        var pairs = seeds.SelectMany(seed => folds.Select(fold => (seed, fold))).ToArray();
        _modelsLeft = pairs.Length * (2 + Strategies.Count);
        return [.. pairs.Select((p, i) => new BlendReplicate(i, pairs.Length, p.seed, p.fold,
            p.fold is null ? $"seed{p.seed}" : Path.Combine($"seed{p.seed}", $"without-{p.fold}")))];
    }

    /// <inheritdoc/>
    public IEnumerable<IdentityStepRun> Begin(string folder)
    {
        // A resumed experiment: the same config and data, or nothing.
        ExperimentRecord.Write(folder, Path.Combine(folder, IdentityExperiment.ConfigFile), _config.ToYaml(), _fingerprint, _request.DataFolder);
        AtomicFile.WriteAllText(Path.Combine(folder, IdentityExperiment.IdentitiesFile), IdentitiesCsv(_dataset.Neurons));
        return [];
    }

    /// <summary>f (seeded by the recipe: every model of a seed starts from the same weights) and Φ from its own seeded stream.</summary>
    public NeuprintModels Create(string folder, RecipeStep step)
    {
        _observer?.Note($"seed {step.Seed}{Where(step)}: training {step.Model}");
        return Build(step);
    }

    private NeuprintModels Build(RecipeStep step)
    {
        var model = new NeuprintModel(_config.Model, step.Role == ModelRole.Teacher, _config.Training.Window);
        var initGenerator = new Generator((ulong)TrainingRandom.For(step.Seed, "neuprint-embedding-init").NextUInt64() >> 1);
        return new NeuprintModels(model, new NeuronEmbeddingTable(_dataset.Neurons.Count, _config.Model.EmbeddingDim, initGenerator));
    }

    /// <summary>A model whose folder holds its <c>run.json</c> was trained, re-fitted and written completely: its record and Φ are read back.</summary>
    public IdentityStepRun? Completed(string folder, RecipeStep step)
    {
        if (ExperimentRecord.ReadRun<IdentityTrainingRun>(Path.Combine(folder, ModelFolder(step))) is not { } run) return null;
        var features = NpyFile.ReadMatrix(Path.Combine(folder, run.Embeddings));
        return new IdentityStepRun(step.Model, step.Role, run, features);
    }

    /// <inheritdoc/>
    public void Reused(RecipeStep step, IdentityStepRun run)
    {
        _modelsLeft--;
        _observer?.Note($"reusing {step.Model} of seed {step.Seed}{Where(step)}, finished before the interruption ({ModelFolder(step).Replace(Path.DirectorySeparatorChar, '/')})");
    }

    /// <summary>Each finished model's <see cref="IdentityTrainingRun"/>: its presence marks the model done for <c>--resume</c>.</summary>
    public const string RunRecordFile = ExperimentRecord.RunFile;

    /// <summary>The checkpoint of a model's joint training, relative to its folder: written every epoch, kept when it is done (a teacher is restored from it).</summary>
    public static readonly string CheckpointFile = Path.Combine("checkpoints", "last.pt");

    private static string ModelFolder(RecipeStep step) => Path.Combine(step.Replicate.Folder, step.Model);

    private static string Where(RecipeStep step) => step.Replicate.Fold is null ? "" : $" without {step.Replicate.Fold}";

    /// <summary>
    /// NeuPRINT trains for a fixed number of steps and has no checkpoint selection: the students learn from the trained
    /// teacher itself, or, when a resumed experiment found the teacher finished, from the weights of its checkpoint.
    /// </summary>
    public NeuprintModels Freeze(string folder, RecipeStep step, NeuprintModels? trained)
    {
        if (trained is not null) return trained;
        var teacher = TorchGlobalState.Seeded(step.Seed, () => Build(step));
        try
        {
            NeuprintCheckpoint.LoadWeights(Path.Combine(folder, ModelFolder(step), CheckpointFile), teacher.Model, teacher.Embeddings);
            teacher.Model.eval();
            return teacher;
        }
        catch
        {
            teacher.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public IdentityStepRun Train(string folder, RecipeStep step, NeuprintModels model, NeuprintModels? teacher)
    {
        var clock = Stopwatch.StartNew();
        var replicate = step.Replicate;
        string where = Where(step);
        var trainOn = _sessions.Where(s => replicate.Fold is null || s.Session.Mouse != replicate.Fold).ToArray();
        int width = _config.Model.TokenWidth;
        var strategy = step.Strategy?.Build(new DistillationPair(width, width, 1, 1, ObservationKind.Continuous), new DistillationOptions());
        string modelFolder = Path.Combine(folder, ModelFolder(step));
        string checkpoint = Path.Combine(modelFolder, CheckpointFile);
        try
        {
            // An interrupted experiment's model continues from its last checkpoint (weights, both optimizers, random streams).
            if (File.Exists(checkpoint))
                _observer?.Note($"continuing {step.Model} of seed {step.Seed}{where} from its last checkpoint ({Path.Combine(ModelFolder(step), CheckpointFile).Replace(Path.DirectorySeparatorChar, '/')})");
            var (trainUntil, refitUntil) = Shares();
            var progress = new Progress(step.Model, step.Seed, replicate.Fold, _observer);
            var history = NeuprintTrainer.Train(model.Model, model.Embeddings, trainOn, _config.Training, step.Seed,
                teacher is null ? null : new NeuprintTeacher(teacher.Model, teacher.Embeddings), strategy, progress, _cancellation, checkpoint, trainUntil);
            _observer?.Note($"seed {step.Seed}{where}: re-fitting Φ of every identity with the frozen {step.Model}");
            var refitProgress = new Progress(step.Model, step.Seed, replicate.Fold, _observer);
            using var refit = NeuprintTrainer.Refit(model.Model, _dataset.Neurons.Count, _sessions, _config.Training, step.Seed, refitProgress, _cancellation, refitUntil);
            var features = new RowMatrix(refit.Identities, refit.Width, refit.ToArray());
            string relative = Path.Combine(ModelFolder(step), "embeddings.npy");
            NpyFile.WriteMatrix(Path.Combine(folder, relative), features, asFloat32: true);
            if (step.Role != ModelRole.Teacher)
                WriteBundle(Path.Combine(modelFolder, BundleFolder.Name), step, model.Model, features);
            var last = history[^1];
            bool stopped = last.Step < _config.Training.Steps || refitProgress.LastStep < _config.Training.RefitSteps;
            if (stopped)
                _observer?.Note($"note: {step.Model} (seed {step.Seed}{where}) used its share of --time-limit after {last.Step} of {_config.Training.Steps} training " +
                                $"and {refitProgress.LastStep} of {_config.Training.RefitSteps} re-fit steps; its Φ is classified as it is");
            var run = new IdentityTrainingRun(step.Seed, replicate.Fold, last.Loss, last.ValidationLoss, refitProgress.LastLoss, relative.Replace(Path.DirectorySeparatorChar, '/'),
                clock.Elapsed.TotalSeconds, stopped ? "time_limit" : "completed");
            ExperimentRecord.WriteRun(modelFolder, run);
            _modelsLeft--;
            return new IdentityStepRun(step.Model, step.Role, run, features);
        }
        finally
        {
            if (strategy is IDisposable disposable) disposable.Dispose();
        }
    }

    /// <inheritdoc/>
    public IdentityResults Finish(string folder, IReadOnlyList<IdentityStepRun> runs, RecipeRecord record)
    {
        var seeds = record.Seeds;
        var shared = _config.Experiment.Protocol == DynamicsProtocol.Shared;
        var features = runs.ToDictionary(r => (r.Model, r.Run.Seed, r.Run.HeldOutMouse), r => r.Features);
        var classifiers = ClassifierList.Create(_config.Experiment.Classifiers, _config.Classifier);
        var options = new IdentityClassificationOptions { TrainFraction = _config.Experiment.ClassifierTrainFraction };
        var models = new List<IdentityModelResult>();
        foreach (var group in runs.GroupBy(r => r.Model))
        {
            string name = group.Key;
            _observer?.Note($"classifying Φ of {name}");
            var classification = IdentityClassification.Run(_dataset.Neurons,
                (mouse, seed) => features[(name, seed, shared ? null : mouse)], classifiers, seeds, options);
            models.Add(new IdentityModelResult
            {
                Name = name, Role = Role(group.First().Role), Classification = classification, Training = [.. group.Select(r => r.Run)],
            });
            _observer?.Note(IdentityExperiment.Headline(name, classification, _config.Experiment.PrimaryClassifier));
        }
        if (_config.Experiment.Probes)
            foreach (var probe in new[] { IdentityProbe.BehaviorAware, IdentityProbe.NeuralOnly })
            {
                var classification = IdentityProbes.Evaluate(_dataset, probe, seeds, options);
                string name = IdentityExperiment.ProbeName(probe);
                models.Add(new IdentityModelResult { Name = name, Role = IdentityModelRole.Probe, Classification = classification, Training = [] });
                _observer?.Note(IdentityExperiment.Headline(name, classification, "logistic"));
            }

        var results = new IdentityResults
        {
            Command = _request.CommandLine, Data = _summary, Protocol = _config.Experiment.Protocol, Seeds = seeds, Threads = record.Threads,
            PrimaryClassifier = _config.Experiment.PrimaryClassifier, Models = models, Seconds = record.Elapsed.TotalSeconds,
        };
        var figures = IdentityFigures.Write(Path.Combine(folder, IdentityExperiment.FiguresFolder), results);
        AtomicFile.WriteAllText(Path.Combine(folder, IdentityExperiment.ResultsFile), results.ToJson());
        AtomicFile.WriteAllText(Path.Combine(folder, IdentityExperiment.ReportFile), IdentityReport.Markdown(results, figures));
        return results;
    }

    /// <summary>Releases the sessions' tensors.</summary>
    public void Dispose()
    {
        foreach (var tensors in _sessions) tensors.Dispose();
    }

    private static IdentityModelRole Role(ModelRole role) => role switch
    {
        ModelRole.Baseline => IdentityModelRole.Baseline,
        ModelRole.Teacher => IdentityModelRole.Teacher,
        _ => IdentityModelRole.Student,
    };

    /// <summary>
    /// The deployable model: f, the config sections a new recording needs, and class / subclass classifiers of Φ fitted
    /// on every labelled identity's re-fitted Φ (<see cref="CellTypeClassifier"/>).
    /// </summary>
    private void WriteBundle(string folder, RecipeStep step, NeuprintModel model, RowMatrix embeddings)
    {
        IdentityBundle.Write(folder, model, new IdentityBundleManifest
        {
            Model = step.Model, Role = ConfigSection<TrainingOptions>.SnakeCase(step.Role.ToString()), Seed = step.Seed, HeldOutMouse = step.Replicate.Fold,
            Dataset = Path.GetFullPath(_dataset.Folder), Mice = [.. _dataset.Mice],
            Sessions = _dataset.Sessions.Count, Identities = _dataset.Neurons.Count, EmbeddingDim = _config.Model.EmbeddingDim,
            FeatureDim = _config.Model.TokenWidth, ModelOptions = _config.Model, Training = _config.Training, Data = _config.Data,
            ClassClassifier = CellTypeClassifier.Fit(IdentityTask.Class, embeddings, _dataset.Neurons),
            SubclassClassifier = CellTypeClassifier.Fit(IdentityTask.Subclass, embeddings, _dataset.Neurons),
        });
    }

    /// <summary>
    /// With <c>--time-limit</c>, when this model's training and re-fit must end: an equal share of what is left for each
    /// model still to train, split between the two phases by their steps. Null without a limit.
    /// </summary>
    private (DateTime? Train, DateTime? Refit) Shares()
    {
        if (_deadline is not { } deadline) return (null, null);
        var now = DateTime.UtcNow;
        var share = (deadline - now) / Math.Max(1, _modelsLeft);
        if (share < TimeSpan.Zero) share = TimeSpan.Zero;
        double trainFraction = (double)_config.Training.Steps / (_config.Training.Steps + _config.Training.RefitSteps);
        return (now + share * trainFraction, now + share);
    }

    /// <summary>Forwards epochs to the observer synchronously (System.Progress would post them to a thread pool).</summary>
    private sealed class Progress(string model, int seed, string? fold, IIdentityObserver? observer) : IProgress<NeuprintEpoch>
    {
        public double LastLoss { get; private set; } = double.NaN;

        /// <summary>The steps done at the last report.</summary>
        public int LastStep { get; private set; }

        public void Report(NeuprintEpoch value)
        {
            LastLoss = value.Loss;
            LastStep = value.Step;
            observer?.Epoch(model, seed, fold, value);
        }
    }

    private static IdentityDataSummary Summarize(IdentityDataset dataset)
    {
        var neurons = dataset.Neurons;
        return new IdentityDataSummary(
            dataset.Folder, dataset.Mice, dataset.Sessions.Count, dataset.Sessions.Sum(s => s.NeuronCount), neurons.Count,
            neurons.Count(n => n.IsRecord),
            neurons.GroupBy(n => CellLabels.Name(n.Class)).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            neurons.Where(n => n.Subclass is not null).GroupBy(n => CellLabels.Name(n.Subclass!.Value)).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count()),
            dataset.Sessions.Min(s => s.Frames), dataset.Sessions.Max(s => s.Frames));
    }

    /// <summary>Refuses data the experiment cannot use, before any training.</summary>
    private static void Check(IdentityDataset dataset, IdentityDataSummary summary, IdentityConfig config)
    {
        if (summary.Mice.Count < 2)
            throw new BlendInputException($"{dataset.Folder}: leave-one-mouse-out needs at least 2 mice, found {summary.Mice.Count} ({string.Join(", ", summary.Mice)})");
        if (summary.SubclassCounts.Count == 0)
            throw new BlendInputException($"{dataset.Folder}: no record neuron has a subclass label (Lamp5, Vip, Pvalb, Sst, Sncg): nothing to classify");
        foreach (var session in dataset.Sessions)
            foreach (bool heldOutTime in new[] { false, true })
                NeuprintBatchSampler.CheckWindowsFit(session, config.Training, heldOutTime);
    }

    private static string IdentitiesCsv(IReadOnlyList<IdentityNeuron> neurons)
    {
        var text = new StringBuilder("id,mouse,class,subclass,unique_id,ttype\n");
        foreach (var n in neurons)
            text.Append(CultureInfo.InvariantCulture,
                $"{n.Id},{n.Mouse},{CellLabels.Name(n.Class)},{(n.Subclass is { } s ? CellLabels.Name(s) : "")},{n.UniqueId?.ToString("R", CultureInfo.InvariantCulture) ?? ""},{n.TType}\n");
        return text.ToString();
    }
}
