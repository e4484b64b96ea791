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

namespace Blend.Experiments.Identity;

/// <summary>What <see cref="IdentityExperiment.Run"/> runs.</summary>
public sealed record IdentityRequest
{
    public required string DataFolder { get; init; }
    public required string OutputFolder { get; init; }
    public IdentityConfig Config { get; init; } = new();
    /// <summary>The command that started the run, recorded in results.json and report.md.</summary>
    public string CommandLine { get; init; } = "";
}

/// <summary>Receives an identity experiment's progress.</summary>
public interface IIdentityObserver
{
    /// <summary>A training or re-fit epoch of <paramref name="model"/> finished.</summary>
    void Epoch(string model, int seed, string? heldOutMouse, NeuprintEpoch epoch) { }

    /// <summary>A line worth showing (stage started, classifier scores).</summary>
    void Note(string message) { }
}

/// <summary>
/// BLEND on the transcriptomic-identity task of NeuPRINT (Mi et al. 2023). For each seed (and, with
/// the per-fold protocol, each held-out mouse) it trains NeuPRINT three ways — the neural-only baseline (behaviour
/// channels zero-filled), the behaviour-aware teacher, and one student per distillation strategy distilled from that
/// teacher — then re-fits a fresh Φ for every identity with each frozen model and classifies Φ (kNN, linear, MLP)
/// leave-one-mouse-out for cell class and subclass. The linear probes are scored beside them as rails.
/// Writes config.yaml, identities.csv, results.json, report.md, figures/ (confusion matrices) and each model's Φ
/// under seed&lt;k&gt;/, all into a temporary folder renamed at the end.
/// </summary>
public static class IdentityExperiment
{
    public const string ResultsFile = "results.json";
    public const string ReportFile = "report.md";
    public const string ConfigFile = "config.yaml";
    public const string IdentitiesFile = "identities.csv";
    public const string FiguresFolder = "figures";
    public const string BaselineName = "baseline";
    public const string TeacherName = "teacher";

    public static IdentityResults Run(IdentityRequest request, IIdentityObserver? observer = null, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        var config = request.Config;
        config.Validate();
        var strategies = config.StrategyList;
        if (Directory.Exists(request.OutputFolder) && Directory.EnumerateFileSystemEntries(request.OutputFolder).Any())
            throw new BlendInputException($"{request.OutputFolder}: output folder exists and is not empty; choose a new folder");
        var dataset = IdentityDataset.Load(request.DataFolder, config.Data);
        var summary = Summarize(dataset);
        Check(dataset, summary, config);
        observer?.Note($"{summary.Sessions} sessions of {summary.Mice.Count} mice, {summary.Neurons} neuron-sessions, {summary.Identities} identities " +
            $"({summary.RecordIdentities} record; subclasses {string.Join(", ", summary.SubclassCounts.Select(p => $"{p.Key} {p.Value}"))})");
        if (config.Training.Threads > 0) set_num_threads(config.Training.Threads);

        var seeds = Enumerable.Range(config.Experiment.Seed, config.Experiment.Seeds).ToArray();
        var modelNames = new List<string> { BaselineName, TeacherName };
        modelNames.AddRange(strategies.Select(s => s.ModelName));
        var folds = config.Experiment.Protocol == DynamicsProtocol.Shared ? [null] : dataset.Mice.Select(m => (string?)m).ToArray();
        var features = new Dictionary<(string Model, int Seed, string? Fold), RowMatrix>();
        var training = modelNames.ToDictionary(m => m, _ => new List<IdentityTrainingRun>());
        IdentityResults? results = null;

        var sessionTensors = dataset.Sessions.Select(s => new SessionTensors(s, dataset.Neurons)).ToArray();
        try
        {
            AtomicDirectory.Write(request.OutputFolder, folder =>
            {
                AtomicFile.WriteAllText(Path.Combine(folder, ConfigFile), config.ToYaml());
                AtomicFile.WriteAllText(Path.Combine(folder, IdentitiesFile), IdentitiesCsv(dataset.Neurons));
                foreach (int seed in seeds)
                    foreach (string? fold in folds)
                    {
                        var trainOn = sessionTensors.Where(s => fold is null || s.Session.Mouse != fold).ToArray();
                        var runner = new FoldRunner(config, dataset, trainOn, sessionTensors, seed, fold, folder, observer, cancellation);
                        foreach (var (name, run, matrix) in runner.TrainAll(strategies))
                        {
                            features[(name, seed, fold)] = matrix;
                            training[name].Add(run);
                        }
                    }

                var classifiers = ClassifierList.Create(config.Experiment.Classifiers, config.Classifier);
                var options = new IdentityClassificationOptions { TrainFraction = config.Experiment.ClassifierTrainFraction };
                var models = new List<IdentityModelResult>();
                foreach (string name in modelNames)
                {
                    observer?.Note($"classifying Φ of {name}");
                    var classification = IdentityClassification.Run(dataset.Neurons,
                        (mouse, seed) => features[(name, seed, config.Experiment.Protocol == DynamicsProtocol.Shared ? null : mouse)],
                        classifiers, seeds, options);
                    models.Add(new IdentityModelResult
                    {
                        Name = name, Role = name == BaselineName ? IdentityModelRole.Baseline : name == TeacherName ? IdentityModelRole.Teacher : IdentityModelRole.Student,
                        Classification = classification, Training = training[name],
                    });
                    observer?.Note(Headline(name, classification, config.Experiment.PrimaryClassifier));
                }
                if (config.Experiment.Probes)
                    foreach (var probe in new[] { IdentityProbe.BehaviorAware, IdentityProbe.NeuralOnly })
                    {
                        var classification = IdentityProbes.Evaluate(dataset, probe, seeds, options);
                        string name = ProbeName(probe);
                        models.Add(new IdentityModelResult { Name = name, Role = IdentityModelRole.Probe, Classification = classification, Training = [] });
                        observer?.Note(Headline(name, classification, "logistic"));
                    }

                results = new IdentityResults
                {
                    Command = request.CommandLine, Data = summary, Protocol = config.Experiment.Protocol, Seeds = seeds,
                    PrimaryClassifier = config.Experiment.PrimaryClassifier, Models = models, Seconds = clock.Elapsed.TotalSeconds,
                };
                var figures = IdentityFigures.Write(Path.Combine(folder, FiguresFolder), results);
                AtomicFile.WriteAllText(Path.Combine(folder, ResultsFile), results.ToJson());
                AtomicFile.WriteAllText(Path.Combine(folder, ReportFile), IdentityReport.Markdown(results, figures));
            });
        }
        finally
        {
            foreach (var tensors in sessionTensors) tensors.Dispose();
        }
        return results!;
    }

    /// <summary>The probe rows' names.</summary>
    public static string ProbeName(IdentityProbe probe) => probe == IdentityProbe.BehaviorAware ? "probe-A (behaviour)" : "probe-B (neural)";

    private static string Headline(string model, IdentityClassificationResult classification, string classifier)
    {
        var subclass = classification.Get(IdentityTask.Subclass, classifier);
        var cellClass = classification.Get(IdentityTask.Class, classifier);
        return string.Create(CultureInfo.InvariantCulture,
            $"{model}: subclass balanced accuracy {subclass.BalancedAccuracy.Mean:F3} ± {subclass.BalancedAccuracy.Std:F3}, " +
            $"class balanced accuracy {cellClass.BalancedAccuracy.Mean:F3} ± {cellClass.BalancedAccuracy.Std:F3} ({classifier})");
    }

    /// <summary>Trains every model of one (seed, fold) and re-fits their Φ.</summary>
    private sealed class FoldRunner(
        IdentityConfig config, IdentityDataset dataset, SessionTensors[] trainOn, SessionTensors[] all, int seed, string? fold,
        string folder, IIdentityObserver? observer, CancellationToken cancellation)
    {
        public IEnumerable<(string Name, IdentityTrainingRun Run, RowMatrix Features)> TrainAll(IReadOnlyList<StrategySpec> strategies)
        {
            var trained = new List<(string, IdentityTrainingRun, RowMatrix)>();
            using (var baseline = Train(BaselineName, seesBehavior: false, teacher: null, strategy: null, out var run, out var matrix))
                trained.Add((BaselineName, run, matrix));
            var teacherModel = Train(TeacherName, seesBehavior: true, teacher: null, strategy: null, out var teacherRun, out var teacherMatrix, keepEmbeddings: true);
            trained.Add((TeacherName, teacherRun, teacherMatrix));
            var teacher = new NeuprintTeacher(teacherModel.Model, teacherModel.Embeddings!);
            try
            {
                foreach (var spec in strategies)
                {
                    var strategy = spec.Build(name => Strategy(name, config.Model));
                    using var student = Train(spec.ModelName, seesBehavior: false, teacher, strategy, out var run, out var matrix);
                    trained.Add((spec.ModelName, run, matrix));
                    if (strategy is IDisposable disposable) disposable.Dispose();
                }
            }
            finally
            {
                teacherModel.Dispose();
            }
            return trained;
        }

        private static IDistillationStrategy Strategy(string name, NeuprintOptions model)
        {
            int width = model.TokenWidth;
            return name switch
            {
                "hard" => new HardDistillation(),
                "soft" => new MaskedPredictionDistillation(),
                "correlation" => new CorrelationDistillation(),
                "feature" => new FeatureDistillation(width, width, layers: 1),
                _ => throw new BlendInputException($"unknown distillation strategy '{name}'"),
            };
        }

        private TrainedModel Train(string name, bool seesBehavior, NeuprintTeacher? teacher, IDistillationStrategy? strategy,
            out IdentityTrainingRun run, out RowMatrix features, bool keepEmbeddings = false)
        {
            var clock = Stopwatch.StartNew();
            string where = fold is null ? "" : $" without {fold}";
            observer?.Note($"seed {seed}{where}: training {name}");
            // Every model of a seed starts from the same weights and Φ, so differences come from what it learns from.
            random.manual_seed(seed);
            var model = new NeuprintModel(config.Model, seesBehavior, config.Training.Window);
            var initGenerator = new Generator((ulong)TrainingRandom.For(seed, "neuprint-embedding-init").NextUInt64() >> 1);
            var embeddings = new NeuronEmbeddingTable(dataset.Neurons.Count, config.Model.EmbeddingDim, initGenerator);
            var progress = new Progress(name, seed, fold, observer);
            var history = NeuprintTrainer.Train(model, embeddings, trainOn, config.Training, seed, teacher, strategy, progress, cancellation);
            observer?.Note($"seed {seed}{where}: re-fitting Φ of every identity with the frozen {name}");
            var refitProgress = new Progress(name, seed, fold, observer);
            using var refit = NeuprintTrainer.Refit(model, dataset.Neurons.Count, all, config.Training, seed, refitProgress, cancellation);
            features = new RowMatrix(refit.Identities, refit.Width, refit.ToArray());
            string relative = Path.Combine($"seed{seed}", fold is null ? name : Path.Combine($"without-{fold}", name), "embeddings.npy");
            string path = Path.Combine(folder, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            NpyFile.WriteMatrix(path, features, asFloat32: true);
            if (!seesBehavior) WriteBundle(Path.Combine(Path.GetDirectoryName(path)!, BundleFolder.Name), name, teacher is null ? "baseline" : "student", model, features);
            var last = history[^1];
            run = new IdentityTrainingRun(seed, fold, last.Loss, last.ValidationLoss, refitProgress.LastLoss, relative, clock.Elapsed.TotalSeconds);
            if (!keepEmbeddings)
            {
                embeddings.Dispose();
                return new TrainedModel(model, null);
            }
            return new TrainedModel(model, embeddings);
        }

        /// <summary>
        /// The deployable model: f, the config sections a new recording needs, and class / subclass classifiers of Φ fitted
        /// on every labelled identity's re-fitted Φ (<see cref="CellTypeClassifier"/>).
        /// </summary>
        private void WriteBundle(string folder, string name, string role, NeuprintModel model, RowMatrix embeddings)
        {
            IdentityBundle.Write(folder, model, new IdentityBundleManifest
            {
                Model = name, Role = role, Seed = seed, HeldOutMouse = fold, Dataset = Path.GetFullPath(dataset.Folder), Mice = [.. dataset.Mice],
                Sessions = dataset.Sessions.Count, Identities = dataset.Neurons.Count, EmbeddingDim = config.Model.EmbeddingDim,
                FeatureDim = config.Model.TokenWidth, ModelOptions = config.Model, Training = config.Training, Data = config.Data,
                ClassClassifier = CellTypeClassifier.Fit(IdentityTask.Class, embeddings, dataset.Neurons),
                SubclassClassifier = CellTypeClassifier.Fit(IdentityTask.Subclass, embeddings, dataset.Neurons),
            });
        }
    }

    private sealed record TrainedModel(NeuprintModel Model, NeuronEmbeddingTable? Embeddings) : IDisposable
    {
        public void Dispose()
        {
            Model.Dispose();
            Embeddings?.Dispose();
        }
    }

    /// <summary>Forwards epochs to the observer synchronously (System.Progress would post them to a thread pool).</summary>
    private sealed class Progress(string model, int seed, string? fold, IIdentityObserver? observer) : IProgress<NeuprintEpoch>
    {
        public double LastLoss { get; private set; } = double.NaN;

        public void Report(NeuprintEpoch value)
        {
            LastLoss = value.Loss;
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
