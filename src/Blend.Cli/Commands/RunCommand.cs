using System.CommandLine;
using System.Globalization;
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
        var config = CliOptions.Optional<FileInfo?>("--config", "YAML config: model:, training: (as blend train) and distillation:, experiment: sections (see configs/blend-demo.yaml).", "-c");
        var set = CliOptions.Optional<string[]>("--set", "Override one config key, e.g. --set training.epochs=50 --set distillation.alpha=0.3 (repeatable).");
        set.Arity = ArgumentArity.ZeroOrMore;
        var model = CliOptions.Optional<string?>("--model", $"Model family of the baseline, teacher and students ({string.Join(", ", ModelFactory.Architectures)}); = --set model.architecture=…");
        var strategies = CliOptions.Optional<string?>("--strategies", "Distillation strategies, one student each: hard, soft, correlation, feature, or weighted sums such as 0.5*hard+0.5*soft (comma-separated; default all four).");
        var seeds = CliOptions.Optional<int?>("--seeds", "Replicates (default 3); replicate k trains every model with training.seed + k.");
        var alpha = CliOptions.Optional<double?>("--alpha", "Student loss = α·masked Poisson NLL + (1 − α)·distillation (default 0.5).");
        var temperature = CliOptions.Optional<double?>("--temperature", "Temperature τ of the soft strategy (default 2).");
        var softScaling = CliOptions.Optional<string?>("--soft-scaling", "Soft term scaling: per_bin_mean (default; on the masked NLL's scale) or reference (the reference's sum over bins).");
        softScaling.AcceptOnlyFromAmong("per_bin_mean", "reference");
        var threads = CliOptions.Optional<int?>("--threads", "Torch CPU threads (= --set training.threads=N; 0: libtorch's default).");

        var command = new Command("run",
            "Run the BLEND experiment: baseline, behavior-seeing teacher and distilled students for several seeds; table, results.json, report.md with figures.")
        {
            data, output, config, set, model, strategies, seeds, alpha, temperature, softScaling, threads,
        };
        command.SetAction(parsed =>
        {
            var overrides = new List<string>(parsed.GetValue(set) ?? []);
            var inv = CultureInfo.InvariantCulture;
            if (parsed.GetValue(model) is { } m) overrides.Add($"model.architecture={m}");
            if (parsed.GetValue(strategies) is { } s)
            {
                if (!StrategySpec.TryParseList(s, out _, out string? error)) throw new BlendInputException($"--strategies: {error}");
                overrides.Add($"distillation.strategies={s}");
            }
            if (parsed.GetValue(seeds) is { } n)
            {
                if (n is < 1 or > 100) throw new BlendInputException($"--seeds must be in 1..100, got {n}");
                overrides.Add($"experiment.seeds={n}");
            }
            if (parsed.GetValue(alpha) is { } a)
            {
                if (!(a >= 0 && a <= 1)) throw new BlendInputException($"--alpha must be in [0, 1], got {a.ToString(inv)}");
                overrides.Add($"distillation.alpha={a.ToString("R", inv)}");
            }
            if (parsed.GetValue(temperature) is { } t)
            {
                if (!(t > 0) || !double.IsFinite(t)) throw new BlendInputException($"--temperature must be greater than 0, got {t.ToString(inv)}");
                overrides.Add($"distillation.temperature={t.ToString("R", inv)}");
            }
            if (parsed.GetValue(softScaling) is { } scaling) overrides.Add($"distillation.soft_scaling={scaling}");
            if (parsed.GetValue(threads) is { } th)
            {
                if (th < 0) throw new BlendInputException($"--threads must be at least 0, got {th}");
                overrides.Add($"training.threads={th}");
            }
            var experimentConfig = ExperimentConfig.Load(parsed.GetValue(config)?.ToString(), overrides);
            string folder = parsed.GetValue(output)?.ToString()
                            ?? Path.Combine("runs", $"blend-{DateTime.Now.ToString("yyyyMMdd-HHmmss", inv)}");
            var request = new ExperimentRequest
            {
                DataFolder = parsed.GetValue(data)!.ToString(),
                OutputFolder = folder,
                Config = experimentConfig,
                CommandLine = CommandLine(parsed.Tokens.Select(token => token.Value)),
            };
            return Execute(request, stdout, stderr);
        });
        return command;
    }

    /// <summary>Runs an experiment with progress, Ctrl-C handling and the result table.</summary>
    internal static int Execute(ExperimentRequest request, TextWriter stdout, TextWriter stderr)
    {
        var config = request.Config;
        var strategies = config.StrategyList;
        int seeds = config.Experiment.Seeds;
        stdout.WriteLine($"BLEND on {request.DataFolder}: {seeds} seed{(seeds == 1 ? "" : "s")} × (baseline, teacher, " +
                         $"{strategies.Count} student{(strategies.Count == 1 ? "" : "s")}: {string.Join(", ", strategies.Select(s => s.Name))}) = " +
                         $"{seeds * (2 + strategies.Count)} {config.Training.Architecture} runs of at most {config.Training.Training.Epochs} epochs → {request.OutputFolder}");
        if (config.Training.Training.Protocol == SelectionProtocol.Reference)
            stderr.WriteLine("warning: reference protocol: every model is selected on the eval split that is then scored, as the BLEND reference does");

        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            if (cancellation.IsCancellationRequested) return; // a second Ctrl-C ends the process
            e.Cancel = true;
            cancellation.Cancel();
        };
        bool ownsConsole = ReferenceEquals(stdout, Console.Out);
        if (ownsConsole) Console.CancelKeyPress += onCancel;
        ExperimentResults results;
        try
        {
            results = ExperimentProgress.Run(stdout, observer => BlendExperiment.Run(request, observer, cancellation.Token));
        }
        catch (OperationCanceledException)
        {
            stdout.WriteLine($"Interrupted; nothing was written to {request.OutputFolder}");
            return ExitCodes.Interrupted;
        }
        finally
        {
            if (ownsConsole) Console.CancelKeyPress -= onCancel;
        }
        ExperimentOutput.Write(results, request.OutputFolder, stdout);
        return ExitCodes.Success;
    }

    /// <summary>The command as typed, quoted where a shell would need it.</summary>
    internal static string CommandLine(IEnumerable<string> args) =>
        "blend " + string.Join(" ", args.Select(a => a.Length > 0 && a.All(c => char.IsLetterOrDigit(c) || "-_./=,:@+".Contains(c)) ? a : $"'{a.Replace("'", "'\\''")}'"));
}
