using System.CommandLine;
using System.Globalization;
using Blend.Experiments.Identity;
using Blend.Reporting;
using Blend.Training.Identity;
using Spectre.Console;
using Blend.Evaluation.Identity;
using Blend.Data;

namespace Blend.Cli.Commands;

/// <summary>
/// <c>blend identity</c>: BLEND on the transcriptomic-identity task — NeuPRINT baseline (neural only), behaviour-aware
/// teacher and distilled students; Φ classified leave-one-mouse-out; table, results.json, report.md, confusion matrices.
/// </summary>
public static class IdentityCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var data = CliOptions.Required<DirectoryInfo>("--data", "Dataset folder in the Bugeon layout (MOUSE/DATE/ session folders; blend synth bugeon writes one).", "-d");
        var output = CliOptions.Optional<DirectoryInfo?>("--out", "Experiment folder (new or empty; default runs/identity-<date>-<time>).", "-o");
        var config = CliOptions.Optional<FileInfo?>("--config", "YAML config with model:, training:, data:, classifier:, experiment: sections (see configs/identity.yaml; configs/identity-synthetic.yaml is sized for a CPU).", "-c");
        var set = CliOptions.Optional<string[]>("--set", "Override one config key, e.g. --set training.steps=500 --set experiment.protocol=per_fold (repeatable).");
        set.Arity = ArgumentArity.ZeroOrMore;
        var strategies = CliOptions.Optional<string?>("--strategies", "Distillation strategies, one student each: hard, soft, correlation, feature, weighted sums such as 0.5*hard+0.5*feature, or none (comma-separated).");
        var seeds = CliOptions.Optional<int?>("--seeds", "Replicates (default 3): replicate k trains every model with experiment.seed + k and splits the classifier data with it.");
        var classifiers = CliOptions.Optional<string?>("--classifiers", "Classifiers of Φ, comma-separated: knn, linear, mlp, logistic (default knn,linear,mlp).");
        var protocol = CliOptions.Enum<DynamicsProtocol>("--protocol", "shared (default: models trained once per seed on every session, label-free) or per_fold (retrained without each held-out mouse, as NeuPRINT's cross-animal test).");
        var threads = CliOptions.Optional<int?>("--threads", "Torch CPU threads (= --set training.threads=N; 0: libtorch's default).");
        var timeLimit = CliOptions.TimeLimit("Time budget of the whole experiment (e.g. 30m, 2h): each model gets an equal share of what is left, split between training and the Φ re-fit, and is classified as it is when its share runs out.");
        var resume = CliOptions.Optional<bool>("--resume", "Continue the interrupted experiment in <out>.incomplete (same data and options): finished models are reused, the interrupted one continues from its last checkpoint.");

        var command = new Command("identity",
            "Transcriptomic identity from neural activity: NeuPRINT baseline, behaviour-aware teacher and distilled students; Φ classified leave-one-mouse-out.")
        {
            data, output, config, set, strategies, seeds, classifiers, protocol, threads, timeLimit, resume,
        };
        command.SetAction(parsed =>
        {
            var identityConfig = Apply(IdentityConfig.Load(parsed.GetValue(config)?.ToString(), parsed.GetValue(set) ?? []),
                parsed.GetValue(strategies), parsed.GetValue(seeds), parsed.GetValue(classifiers), parsed.GetValue(protocol), parsed.GetValue(threads));
            CliOptions.CheckResumeHasOut(parsed.GetValue(resume), parsed.GetValue(output));
            string folder = parsed.GetValue(output)?.ToString()
                            ?? Path.Combine("runs", $"identity-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
            var request = new IdentityRequest
            {
                DataFolder = parsed.GetValue(data)!.ToString(), OutputFolder = folder, Config = identityConfig,
                CommandLine = RunCommand.CommandLine(parsed.Tokens.Select(token => token.Value)),
                TimeLimit = parsed.GetValue(timeLimit), Resume = parsed.GetValue(resume),
            };
            return Execute(request, stdout);
        });
        return command;
    }

    /// <summary>
    /// The typed options (null: not given) applied after the file and <c>--set</c>, then checked once against the config's
    /// rules, the error naming the options.
    /// </summary>
    private static IdentityConfig Apply(IdentityConfig config, string? strategies, int? seeds, string? classifiers, DynamicsProtocol? protocol, int? threads)
    {
        var experiment = config.Experiment with
        {
            Strategies = strategies ?? config.Experiment.Strategies,
            Seeds = seeds ?? config.Experiment.Seeds,
            Classifiers = classifiers ?? config.Experiment.Classifiers,
            Protocol = protocol ?? config.Experiment.Protocol,
        };
        // A primary classifier that is not run would be an error; with --classifiers it defaults to the first one listed.
        if (classifiers is not null && ClassifierList.TryParse(classifiers, out var names, out _) && !names.Contains(experiment.PrimaryClassifier))
            experiment = experiment with { PrimaryClassifier = names[0] };
        var changed = config with { Experiment = experiment, Training = config.Training with { Threads = threads ?? config.Training.Threads } };
        if (changed != config) changed.Validate("--strategies / --seeds / --classifiers / --protocol / --threads");
        return changed;
    }

    private static int Execute(IdentityRequest request, TextWriter stdout)
    {
        var config = request.Config;
        var strategies = config.StrategyList;
        int models = 2 + strategies.Count;
        int folds = config.Experiment.Protocol == DynamicsProtocol.Shared ? 1 : 0;
        stdout.WriteLine($"BLEND identity on {request.DataFolder}: {config.Experiment.Seeds} seed(s) × (baseline, teacher, {strategies.Count} student(s)" +
                         $"{(strategies.Count > 0 ? ": " + string.Join(", ", strategies.Select(s => s.Name)) : "")}) = {config.Experiment.Seeds * models} NeuPRINT models" +
                         $"{(folds == 1 ? "" : " per held-out mouse")} of {config.Training.Steps} steps + {config.Training.RefitSteps} Φ re-fit steps → {request.OutputFolder}");
        var observer = new LineObserver(stdout);
        TorchThreads.Apply(config.Training.Threads);
        var results = RunCommand.Cancellable(stdout, request.OutputFolder, token => IdentityExperiment.Run(request, observer, token));
        if (results is null) return ExitCodes.ForInterruption();

        var table = new Table().Border(TableBorder.Rounded)
            .Title($"Identity from Φ ({results.PrimaryClassifier}; probes: logistic), leave-one-mouse-out, mean ± SD over {results.Seeds.Count} seed(s)");
        foreach (var (column, i) in IdentityTable.Columns.Select((c, i) => (c, i)))
            table.AddColumn(i < 2 ? new TableColumn(column) : new TableColumn(column).RightAligned());
        foreach (var row in IdentityTable.Rows(results)) table.AddRow([.. row.Select(cell => new Text(cell))]);
        var console = Terminal.For(stdout);
        console.Write(table);
        stdout.WriteLine(IdentityTable.MajorityLine(results));
        stdout.WriteLine($"Wrote {request.OutputFolder}: {IdentityExperiment.ResultsFile}, {IdentityExperiment.ReportFile}, {IdentityExperiment.FiguresFolder}/, " +
                         $"each model's Φ under seed<k>/ ({results.Seconds:F0} s)");
        return ExitCodes.Success;
    }

    /// <summary>A line per NeuPRINT epoch, with the time this phase (training or the Φ re-fit) still needs at its pace.</summary>
    private sealed class LineObserver(TextWriter stdout) : IIdentityObserver
    {
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private (string Key, TimeSpan Start, int Step)? _phase;

        public void Note(string message) => stdout.WriteLine(message);

        public void Epoch(string model, int seed, string? heldOutMouse, NeuprintEpoch epoch)
        {
            string key = $"{model}/{seed}/{heldOutMouse}/{epoch.Phase}";
            if (_phase?.Key != key) _phase = (key, _clock.Elapsed, epoch.Step); // the pace is measured from the phase's first report
            var (_, start, firstStep) = _phase.Value;
            string left = epoch.Step > firstStep && epoch.Step < epoch.TotalSteps
                ? "  " + PlainValidationLog.Remaining((_clock.Elapsed - start) / (epoch.Step - firstStep) * (epoch.TotalSteps - epoch.Step))
                : "";
            string validation = double.IsNaN(epoch.ValidationLoss) ? "" : $", held-out time {epoch.ValidationLoss.ToString("F4", CultureInfo.InvariantCulture)}";
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {model} seed {seed}{(heldOutMouse is null ? "" : $" without {heldOutMouse}")} {epoch.Phase} step {epoch.Step}/{epoch.TotalSteps}: loss {epoch.Loss:F4}{validation}{left}"));
        }
    }
}
