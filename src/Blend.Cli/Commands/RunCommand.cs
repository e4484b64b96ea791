using System.CommandLine;
using System.Globalization;
using Blend.Distillation;
using Blend.Experiments;
using Blend.Training;

namespace Blend.Cli.Commands;

/// <summary>
/// <c>blend run</c>: the BLEND experiment on a dataset folder — baseline, teacher and one student per distillation
/// strategy for each seed, all scored on the eval split — with a table, results.json, report.md and figures.
/// </summary>
public static class RunCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var data = CliOptions.Required<DirectoryInfo>("--data", "Dataset folder with behavior (blend synth / blend import, or NLB files train_input.h5 + eval_input.h5 + eval_target.h5).", "-d");
        var output = CliOptions.Optional<DirectoryInfo?>("--out", "Experiment folder (new or empty; default runs/blend-<date>-<time>).", "-o");
        var config = CliOptions.Optional<FileInfo[]>("--config", "YAML config: model:, training:, stndt:/lfads: (as blend train) and distillation:, experiment: sections (see configs/blend-demo.yaml). Repeat it to compare model families, one config each. Without one: the family's CPU config (configs/blend-demo*.yaml) with its schedule scaled to the data size, said at the start.", "-c");
        config.Arity = ArgumentArity.ZeroOrMore;
        var set = CliOptions.Optional<string[]>("--set", "Override one config key, e.g. --set training.epochs=50 --set distillation.alpha=0.3 (repeatable).");
        set.Arity = ArgumentArity.ZeroOrMore;
        var model = CliOptions.Optional<string?>("--model", $"Model family of the baseline, teacher and students ({string.Join(", ", ModelFactory.Architectures)}); several, comma-separated (e.g. ndt,stndt,lfads), run one experiment each and one table over all.");
        var strategies = CliOptions.Optional<string?>("--strategies", "Distillation strategies, one student each: hard, soft, correlation, feature, or weighted sums such as 0.5*hard+0.5*soft (comma-separated; default all four).");
        var seeds = CliOptions.Optional<int?>("--seeds", "Replicates (default 3); replicate k trains every model with training.seed + k.");
        var alpha = CliOptions.Optional<double?>("--alpha", "Student loss = α·masked Poisson NLL + (1 − α)·distillation (default 0.5).");
        var temperature = CliOptions.Optional<double?>("--temperature", "Temperature τ of the soft strategy (default 2).");
        var softScaling = CliOptions.Enum<SoftDistillationScaling>("--soft-scaling", "Soft term scaling: per_bin_mean (default; on the masked NLL's scale) or reference (the reference's sum over bins).");
        var threads = CliOptions.Optional<int?>("--threads", "Torch CPU threads (= --set training.threads=N; 0: libtorch's default).");
        var timeLimit = CliOptions.TimeLimit("Time budget of the whole experiment (e.g. 30m, 2h): each model gets an equal share of what is left and keeps its best checkpoint when its share runs out.");
        var resume = CliOptions.Optional<bool>("--resume", "Continue the interrupted experiment in <out>.incomplete (same data and options): finished models are reused, the interrupted one continues from its last checkpoint.");
        var workers = CliOptions.Workers();

        var command = new Command("run",
            "Run the BLEND experiment: baseline, behavior-seeing teacher and distilled students for several seeds; table, results.json, report.md with figures.")
        {
            data, output, config, set, model, strategies, seeds, alpha, temperature, softScaling, threads, timeLimit, resume, workers,
        };
        command.SetAction(parsed =>
        {
            var options = new TypedOptions(parsed.GetValue(strategies), parsed.GetValue(seeds), parsed.GetValue(alpha), parsed.GetValue(temperature),
                parsed.GetValue(softScaling), parsed.GetValue(threads));
            var configs = Configs(parsed.GetValue(config) ?? [], parsed.GetValue(model), parsed.GetValue(set) ?? []).Select(options.ApplyTo).ToArray();
            CliOptions.CheckResumeHasOut(parsed.GetValue(resume), parsed.GetValue(output));
            string folder = parsed.GetValue(output)?.ToString()
                            ?? Path.Combine("runs", $"blend-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
            string dataFolder = parsed.GetValue(data)!.ToString();
            string commandLine = CommandLine(parsed.Tokens.Select(token => token.Value));
            bool chooseBudget = (parsed.GetValue(config) ?? []).Length == 0 && BuiltInConfigs.ScheduleIsDefault(parsed.GetValue(set) ?? []);
            if (configs.Length == 1)
                return Execute(new ExperimentRequest
                {
                    DataFolder = dataFolder, OutputFolder = folder, Config = configs[0], CommandLine = commandLine, TimeLimit = parsed.GetValue(timeLimit),
                    Resume = parsed.GetValue(resume), ChooseBudget = chooseBudget,
                }, stdout, stderr, parsed.GetValue(workers));
            if (parsed.GetValue(resume)) throw new BlendInputException("--resume continues one model family's experiment; a comparison across families starts afresh");
            return ExecuteComparison(new ComparisonRequest
            {
                DataFolder = dataFolder, OutputFolder = folder, Configs = configs, CommandLine = commandLine, TimeLimit = parsed.GetValue(timeLimit),
                ChooseBudget = chooseBudget,
            }, stdout, stderr, parsed.GetValue(workers));
        });
        return command;
    }

    /// <summary>
    /// <c>blend run</c>'s own options as typed values (null: not given), applied to a loaded config after the file and
    /// <c>--set</c>; each is checked against the same rules as a config file, in an error that names the option.
    /// </summary>
    internal sealed record TypedOptions(string? Strategies, int? Seeds, double? Alpha, double? Temperature, SoftDistillationScaling? SoftScaling, int? Threads)
    {
        public ExperimentConfig ApplyTo(ExperimentConfig config)
        {
            var inv = CultureInfo.InvariantCulture;
            if (Strategies is { } strategies)
                config = Checked(config with { Distillation = config.Distillation with { Strategies = strategies } }, $"--strategies {strategies}");
            if (Seeds is { } seeds) config = Checked(config with { Experiment = config.Experiment with { Seeds = seeds } }, $"--seeds {seeds}");
            if (Alpha is { } alpha) config = Checked(config with { Distillation = config.Distillation with { Alpha = alpha } }, $"--alpha {alpha.ToString(inv)}");
            if (Temperature is { } t) config = Checked(config with { Distillation = config.Distillation with { Temperature = t } }, $"--temperature {t.ToString(inv)}");
            if (SoftScaling is { } scaling) config = config with { Distillation = config.Distillation with { SoftScaling = scaling } };
            if (Threads is { } threads)
                config = Checked(config with { Training = config.Training with { Training = config.Training.Training with { Threads = threads } } }, $"--threads {threads}");
            return config;
        }

        private static ExperimentConfig Checked(ExperimentConfig config, string option)
        {
            config.Validate(option);
            return config;
        }
    }

    /// <summary>
    /// One experiment config per model family: each --config file (its own model.architecture), or the one config (or
    /// the defaults) for each family named by --model; --set and the other options apply to every family.
    /// </summary>
    internal static IReadOnlyList<ExperimentConfig> Configs(IReadOnlyList<FileInfo> files, string? models, IReadOnlyList<string> overrides)
    {
        var families = models?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (models is not null && families.Length == 0) throw new BlendInputException("--model: no model family given");
        return BuiltInConfigs.ForFamilies([.. files.Select(f => f.ToString())], families, overrides, "--model", "--config");
    }

    /// <summary>Runs an experiment with progress, Ctrl-C handling and the result table.</summary>
    /// <summary>How an interrupted <c>blend run</c> is continued.</summary>
    private const string SameCommandWithResume = "the same command and --resume";

    internal static int Execute(ExperimentRequest request, TextWriter stdout, TextWriter stderr, int? workers, string resumeHint = SameCommandWithResume)
    {
        var config = request.Config;
        int threads = config.Training.Training.Threads;
        int workerCount = CliOptions.Workers(workers, threads);
        var strategies = config.StrategyList;
        int seeds = config.Experiment.Seeds;
        stdout.WriteLine($"BLEND on {request.DataFolder}: {seeds} seed{(seeds == 1 ? "" : "s")} × (baseline, teacher, " +
                         $"{strategies.Count} student{(strategies.Count == 1 ? "" : "s")}: {string.Join(", ", strategies.Select(s => s.Name))}) = " +
                         $"{seeds * (2 + strategies.Count)} {config.Training.Architecture} runs of " +
                         (request.ChooseBudget ? "a schedule chosen for the data size" : $"at most {config.Training.Training.Epochs} epochs") +
                         AtOnce(workerCount, threads) + $" → {request.OutputFolder}");
        if (config.Training.Training.Protocol == SelectionProtocol.Reference)
            stderr.WriteLine("warning: reference protocol: every model is selected on the eval split that is then scored, as the BLEND reference does");

        TorchThreads.Apply(threads);
        var results = Cancellable(stdout, request.OutputFolder, token => ExperimentProgress.Run(stdout, observer =>
        {
            if (workerCount <= 1) return BlendExperiment.Run(request, observer, token);
            var shared = new SynchronizedObserver(observer);
            return BlendExperiment.Run(request with { Workers = new WorkerProcesses(request.DataFolder, shared).For(workerCount) }, shared, token);
        }), resumeHint);
        if (results is null) return ExitCodes.ForInterruption();
        ExperimentOutput.Write(results, request.OutputFolder, stdout);
        return results.Warnings.Count == 0 ? ExitCodes.Success : ExitCodes.IncompleteScores;
    }

    /// <summary>A comparison across model families: one experiment per family, then one table over all.</summary>
    internal static int ExecuteComparison(ComparisonRequest request, TextWriter stdout, TextWriter stderr, int? workers)
    {
        // One process, one libtorch thread pool: the largest of the families' training.threads.
        int threads = request.Configs.Max(c => c.Training.Training.Threads);
        int workerCount = CliOptions.Workers(workers, threads);
        stdout.WriteLine($"BLEND on {request.DataFolder} for {request.Configs.Count} model families ({string.Join(", ", request.Configs.Select(c => c.Training.Architecture))}): " +
                         $"{string.Join(" + ", request.Configs.Select(c => $"{c.Experiment.Seeds * (2 + c.StrategyList.Count)} {c.Training.Architecture} runs"))}" +
                         AtOnce(workerCount, threads) + $" → {request.OutputFolder}");
        if (request.Configs.Any(c => c.Training.Training.Protocol == SelectionProtocol.Reference))
            stderr.WriteLine("warning: reference protocol: models are selected on the eval split that is then scored, as the BLEND reference does");
        TorchThreads.Apply(threads);
        var results = Cancellable(stdout, request.OutputFolder, token => ExperimentProgress.Run(stdout, observer =>
        {
            if (workerCount <= 1) return ModelComparison.Run(request, observer, token);
            var shared = new SynchronizedObserver(observer);
            return ModelComparison.Run(request with { Workers = new WorkerProcesses(request.DataFolder, shared).For(workerCount) }, shared, token);
        }));
        if (results is null) return ExitCodes.ForInterruption();
        ExperimentOutput.Write(results, request.OutputFolder, stdout);
        return results.Families.All(f => f.Warnings.Count == 0) ? ExitCodes.Success : ExitCodes.IncompleteScores;
    }

    /// <summary>", 2 at once (2 worker processes × 1 thread)" when models train in parallel, else nothing.</summary>
    private static string AtOnce(int workers, int threads) =>
        workers > 1 ? $", {workers} at once ({workers} worker processes × {threads} thread{(threads == 1 ? "" : "s")})" : "";

    /// <summary>Runs <paramref name="work"/> with Ctrl-C wired to its cancellation token; null when it was interrupted (nothing written).</summary>
    internal static T? Cancellable<T>(TextWriter stdout, string outputFolder, Func<CancellationToken, T> work, string resumeHint = SameCommandWithResume)
        where T : class
    {
        using var ctrlC = new CtrlC(stdout);
        try
        {
            return work(ctrlC.Token);
        }
        catch (OperationCanceledException)
        {
            string incomplete = Blend.Data.ResumableDirectory.IncompletePath(outputFolder);
            stdout.WriteLine(Directory.Exists(incomplete)
                ? $"Interrupted; the finished models and the interrupted one's checkpoints are kept in {incomplete}; continue with {resumeHint}"
                : $"Interrupted; nothing was written to {outputFolder}");
            return null;
        }
    }

    /// <summary>The command as typed, quoted where a shell would need it.</summary>
    internal static string CommandLine(IEnumerable<string> args) =>
        "blend " + string.Join(" ", args.Select(a => a.Length > 0 && a.All(c => char.IsLetterOrDigit(c) || "-_./=,:@+".Contains(c)) ? a : $"'{a.Replace("'", "'\\''")}'"));
}
