using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Blend.Data;
using Blend.Deployment;
using Blend.Experiments;
using Blend.Reporting;
using Blend.Training;

namespace Blend.Cli.Commands;

/// <summary>
/// <c>blend train</c>: trains a model on a dataset folder, then writes the best checkpoint's rates as an NLB submission
/// and scores it when the folder has an eval target. Everything is checked (config, data, run folder, model) before
/// the run folder is created, so bad input leaves nothing behind.
/// </summary>
public static class TrainCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var data = CliOptions.Required<DirectoryInfo>("--data", "Dataset folder: dataset.json + NLB files (blend synth / blend import), or train_input.h5 + eval_input.h5 [+ eval_target.h5].", "-d");
        var config = CliOptions.Optional<FileInfo?>("--config", "YAML config with model: and training: sections (default: the family's CPU config, configs/blend-demo*.yaml, with its schedule scaled to the data size; configs/ndt.yaml is the reference's).", "-c");
        var output = CliOptions.Required<DirectoryInfo>("--out", "Run folder (new or empty; with --resume, an earlier run's folder).", "-o");
        var set = CliOptions.Optional<string[]>("--set", "Override one config key, e.g. --set training.lr=5e-4 --set model.layers=2 (repeatable).");
        set.Arity = ArgumentArity.ZeroOrMore;
        var resume = CliOptions.Optional<bool>("--resume", "Continue the run in --out from its last checkpoint (same data and config) to the same result as an uninterrupted run.");
        var protocol = CliOptions.Enum<SelectionProtocol>("--protocol", "Model selection: clean (validation trials carved from the training trials; default) or reference (the BLEND reference: early stopping on the eval split that is scored, which leaks).");
        var model = CliOptions.Optional<string?>("--model", "Model family (ndt, stndt, lfads, conv) = --set model.architecture=…; configs/<family>.yaml holds each family's reference settings.");
        var maxEpochs = CliOptions.Optional<int?>("--max-epochs", "Stop after this many epochs in total (the schedule still spans training.epochs); continue later with --resume.");
        var timeLimit = CliOptions.TimeLimit("Stop training when this much time has passed (e.g. 30m, 2h, 1h30m): the best checkpoint so far is predicted and scored; continue later with --resume.");

        var command = new Command("train",
            "Train a neural population model (NDT, STNDT, LFADS) with its own objective, write its rates as an NLB submission and score them.")
        {
            data, config, output, set, resume, protocol, maxEpochs, model, timeLimit,
        };
        command.SetAction(parsed => Run(new Arguments(
            parsed.GetValue(data)!.ToString(), parsed.GetValue(config)?.ToString(), parsed.GetValue(output)!.ToString(),
            parsed.GetValue(set) ?? [], parsed.GetValue(model), parsed.GetValue(resume), parsed.GetValue(protocol), parsed.GetValue(maxEpochs), parsed.GetValue(timeLimit)), stdout, stderr));
        return command;
    }

    private sealed record Arguments(string Data, string? Config, string Out, string[] Set, string? Model, bool Resume, SelectionProtocol? Protocol, int? MaxEpochs,
        TimeSpan? TimeLimit)
    {
        /// <summary>Whether anything beyond --data/--out/--resume shapes the config.</summary>
        public bool ChangesConfig => Config is not null || Set.Length > 0 || Model is not null || Protocol is not null;

        /// <summary>A new run without a config file whose --set leaves the schedule alone: the schedule is chosen for the data (<see cref="DefaultBudget"/>).</summary>
        public bool ChoosesBudget => !Resume && Config is null && BuiltInConfigs.ScheduleIsDefault(Set);

        /// <summary>The typed --model and --protocol applied after the file and --set, checked once.</summary>
        public TrainingConfig Apply(TrainingConfig config)
        {
            if (Model is null && Protocol is null) return config;
            var changed = config with
            {
                Architecture = Model ?? config.Architecture,
                Training = config.Training with { Protocol = Protocol ?? config.Training.Protocol },
            };
            changed.Validate("--model / --protocol");
            return changed;
        }
    }

    private static int Run(Arguments args, TextWriter stdout, TextWriter stderr)
    {
        var run = new RunFolder(args.Out);
        var config = ResolveConfig(args, run);
        if (args.MaxEpochs is < 1) throw new BlendInputException($"--max-epochs must be at least 1, got {args.MaxEpochs}");
        var options = config.Training;

        var source = DatasetSource.Read(args.Data);
        var fingerprint = source.Fingerprint();
        if (args.Resume) fingerprint.CheckAgainst(run.Path, args.Data); // the same data, or a one-line refusal
        using var data = TrainingData.Load(source, options);
        foreach (string warning in data.Warnings) stderr.WriteLine($"warning: {warning}");
        if (args.ChoosesBudget)
        {
            var (chosen, description) = DefaultBudget.Choose(options, data.Train.Count, data.Layout, options.Threads);
            config = config with { Training = chosen };
            options = chosen;
            stdout.WriteLine($"No --config: {config.Architecture}'s CPU config with {description} {DefaultBudget.OtherSchedules}");
        }
        var target = source.EvalTarget;
        string? targetPath = source.TargetPath;
        var bundleData = BundleDataDescription.From(source, data);
        source = null; // the tensors hold the data now; let the HDF5 arrays go

        TorchThreads.Apply(options.Threads);
        using var model = TorchGlobalState.Seeded(options.Seed, () => ModelFactory.Create(config, data.Layout));
        using var trainer = new Trainer(model, data, options);
        if (args.Resume) Trainer.LoadModel(run.LastCheckpoint, model); // a checkpoint that does not fit fails here, before anything is written

        Directory.CreateDirectory(run.Path);
        if (!args.Resume)
        {
            AtomicFile.WriteAllText(run.Config, config.ToYaml());
            fingerprint.Write(run.Path);
        }

        long parameters = model.parameters().Sum(p => p.numel());
        var l = data.Layout;
        stdout.WriteLine($"Training {config.Architecture} ({parameters:N0} parameters) on {data.Name}: {data.Train.Count} training trials, " +
                          $"{l.HeldinNeurons}+{l.HeldoutNeurons} neurons, {l.MainBins}+{l.ForwardBins} bins; validation: {data.ValidationDescription}");
        if (options.Protocol == SelectionProtocol.Reference)
            stderr.WriteLine("warning: --protocol reference: early stopping and the best checkpoint are chosen on the eval split that is then scored, as the BLEND reference does; its scores are validation-selected, not held-out");

        TrainingResult result;
        var clock = Stopwatch.StartNew();
        using (var ctrlC = new CtrlC(stdout))
        {
            using var tensorBoard = new TensorBoardWriter(run.TensorBoard);
            int end = Math.Min(options.Epochs, args.MaxEpochs ?? int.MaxValue);
            int start = args.Resume ? StartEpoch(run) : 0;
            result = TrainingProgress.Run(stdout, start, end, progress => trainer.Run(new TrainingRunOptions
            {
                CheckpointFolder = run.Checkpoints,
                MetricsFile = run.Metrics,
                Resume = args.Resume,
                MaxEpochs = args.MaxEpochs,
                Deadline = args.TimeLimit is { } limit ? DateTime.UtcNow + limit : null,
                Observer = new TrainingObservers(progress, new TensorBoardObserver(tensorBoard)),
                Cancellation = ctrlC.Token,
            }));
        }

        if (result.History.Count > 0) stdout.WriteLine(TrainingProgress.Line(result.History[^1], options.Epochs));
        stdout.WriteLine(Summary(result, options, clock.Elapsed));
        string resumeHint = $"continue with: blend train --data {args.Data} --out {args.Out} --resume";
        if (result.Reason == StopReason.Cancelled)
        {
            stdout.WriteLine($"Interrupted; {resumeHint}");
            return ExitCodes.ForInterruption();
        }
        if (result.Reason == StopReason.MaxEpochs) stdout.WriteLine($"Stopped by --max-epochs; {resumeHint}");
        if (result.Reason == StopReason.TimeLimit)
            stdout.WriteLine($"Stopped by --time-limit after {result.Epoch} of {options.Epochs} epochs; the best checkpoint so far is the result; {resumeHint}");

        if (!File.Exists(run.BestCheckpoint)) stderr.WriteLine("warning: no validation yet, so no best checkpoint: the rates come from the last state");
        var outputs = NlbRunOutputs.Write(model, data, config, run, result.BestEpoch, bundleData, "model", model.BehaviorDims > 0 ? "teacher" : "model",
            target, targetPath, warning => stderr.WriteLine($"warning: {warning}"));
        string bestText = result.BestEpoch >= 0 ? $"best checkpoint, epoch {result.BestEpoch}" : "last state";
        stdout.WriteLine($"Wrote {run.Submission} ({bestText})");
        string bundle = Path.Combine(run.Path, ModelBundle.FolderName);
        stdout.WriteLine($"Wrote {bundle} (apply it to new data with: blend predict --model {bundle} --data …)");

        if (outputs.Scores is { } scores)
        {
            string title = options.Protocol == SelectionProtocol.Reference
                ? "Eval split (reference protocol: also the validation split)"
                : "Eval split (not seen in training or model selection)";
            ScoreTable.Write(scores, stdout, title);
            stdout.WriteLine($"Wrote {run.Scores}");
            return EvaluateCommand.Completeness(scores, stderr);
        }
        else
        {
            stdout.WriteLine($"Evaluate with: blend evaluate --target {Path.Combine(args.Data, new DatasetFiles().EvalTarget)} --submission {run.Submission}");
        }
        return ExitCodes.Success;
    }

    /// <summary>
    /// The config file plus overrides; on --resume, the run's own config.yaml (and any --config / --set / --protocol given
    /// must agree with it, so a resumed run is the run it continues).
    /// </summary>
    private static TrainingConfig ResolveConfig(Arguments args, RunFolder run)
    {
        if (!args.Resume)
        {
            // Without a config file: the family's shipped CPU config, its schedule scaled to the data once it is loaded (Run).
            var config = args.Apply(args.Config is null
                ? BuiltInConfigs.CpuDefault(args.Model is null ? args.Set : [.. args.Set, $"model.architecture={args.Model}"]).Training
                : TrainingConfig.Load(args.Config, args.Set));
            if (File.Exists(run.Path)) throw new BlendInputException($"{args.Out}: cannot use as a run folder: a file has that name");
            if (Directory.Exists(run.Path) && Directory.EnumerateFileSystemEntries(run.Path).Any())
                throw new BlendInputException($"{args.Out}: run folder exists and is not empty; continue it with --resume, or choose a new folder");
            return config;
        }
        if (!File.Exists(run.LastCheckpoint) || !File.Exists(run.Config))
            throw new BlendInputException($"{args.Out}: nothing to resume (no {Path.GetRelativePath(run.Path, run.LastCheckpoint)} and config.yaml)");
        var saved = TrainingConfig.Load(run.Config);
        if (!args.ChangesConfig) return saved;
        var given = args.Apply(args.Config is null ? saved.With(args.Set) : TrainingConfig.Load(args.Config, args.Set));
        if (given != saved)
        {
            var mine = given.ToYaml().Split('\n');
            var theirs = saved.ToYaml().Split('\n');
            string difference = mine.Zip(theirs).Where(p => p.First != p.Second)
                .Select(p => $"{p.First.Trim()} here, {p.Second.Trim()} there").FirstOrDefault() ?? "?";
            throw new BlendInputException($"{args.Out}: --resume with a different config than {run.Config} ({difference}); resume without --config/--set, or start a new run");
        }
        return saved;
    }

    private static int StartEpoch(RunFolder run)
    {
        var lines = File.Exists(run.Metrics) ? File.ReadLines(run.Metrics).Where(l => l.Length > 0).ToList() : [];
        return lines.Count > 0 ? Trainer.ParseMetricsLine(lines[^1]).Epoch : 0;
    }

    private static string Summary(TrainingResult result, TrainingOptions options, TimeSpan elapsed)
    {
        string why = result.Reason switch
        {
            StopReason.EarlyStopped => $"early stop: no improvement for more than {options.Patience} epochs",
            StopReason.EpochsReached => "all epochs done",
            StopReason.MaxEpochs => "--max-epochs reached",
            StopReason.TimeLimit => "--time-limit reached",
            _ => "interrupted",
        };
        string best = result.BestEpoch >= 0
            ? string.Create(CultureInfo.InvariantCulture, $"best validation loss {result.BestValLoss:F5} at epoch {result.BestEpoch}")
            : "no validation yet";
        return $"Trained {result.Epoch} epochs ({result.Step} steps, {elapsed.TotalSeconds:F1} s this run): {why}; {best}";
    }
}
