using System.CommandLine;
using System.Globalization;
using Blend.Data;
using Blend.Experiments;
using Blend.Models.Smoothing;
using Blend.Training;

namespace Blend.Cli.Commands;

/// <summary>
/// <c>blend smooth</c>: NLB's smoothing baseline on a dataset folder — kernel σ and GLM α chosen on validation co-bps
/// (the validation trials blend train carves by default), refitted on all training trials, scored on the eval split.
/// Writes submission.h5, smoothing.json (the chosen cell and the whole grid) and, with an eval target, scores.json.
/// </summary>
public static class SmoothCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var data = CliOptions.Required<DirectoryInfo>("--data", "Dataset folder (dataset.json, or NLB train_input.h5 + eval_input.h5 [+ eval_target.h5]).", "-d");
        var output = CliOptions.Required<DirectoryInfo>("--out", "Output folder (new or empty).", "-o");
        var binMs = CliOptions.Optional<double?>("--bin-ms",
            "Bin width in ms; needed only where the folder does not say (no dataset.json and not an NLB group name such as mc_maze_20).");
        var threads = CliOptions.WithDefault("--threads", 0, "Held-out neurons fitted in parallel (0: one per core); the result does not depend on it.");
        var command = new Command("smooth",
            "NLB's smoothing baseline: Gaussian-smoothed held-in spikes, a Poisson GLM per held-out neuron, kernel and α chosen on validation co-bps.")
        {
            data, output, binMs, threads,
        };
        command.SetAction(parsed => Run(parsed.GetValue(data)!.ToString(), parsed.GetValue(output)!.ToString(), parsed.GetValue(binMs),
            parsed.GetValue(threads), stdout, stderr));
        return command;
    }

    private static int Run(string dataFolder, string output, double? binMsOption, int threads, TextWriter stdout, TextWriter stderr)
    {
        if (binMsOption is double given && !(given > 0 && double.IsFinite(given))) throw new BlendInputException($"--bin-ms must be positive, got {given}");
        if (threads < 0) throw new BlendInputException($"--threads must be at least 0, got {threads}");
        if (File.Exists(output)) throw new BlendInputException($"{output}: cannot write here: a file has that name");
        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any())
            throw new BlendInputException($"{output}: output folder exists and is not empty; choose a new folder");
        var source = DatasetSource.Read(dataFolder);
        double binMs = binMsOption ?? source.BinMs
            ?? throw new BlendInputException($"{dataFolder}: the bin width of '{source.Name}' is unknown (no dataset.json, not an NLB group name); give --bin-ms");
        var options = new SmoothingOptions { Threads = threads > 0 ? threads : Environment.ProcessorCount };
        using var ctrlC = new CtrlC(stdout);
        SmoothingReference.Result? result = null;
        AtomicDirectory.Write(output, folder => result = SmoothingReference.FitAndWrite(source, binMs, new TrainingOptions(), folder, options,
            progress: line => stderr.WriteLine(line), warn: w => stderr.WriteLine($"warning: {w}"), cancellation: ctrlC.Token));

        var inv = CultureInfo.InvariantCulture;
        var fit = result!.Fit;
        stdout.WriteLine($"Chosen on {fit.ValidationTrials} validation trials: {SmoothingReference.Describe(fit.Chosen)}, validation " +
                         string.Join(", ", fit.ValidationMetrics.Select(m => $"{m.Key} {m.Value.ToString("F4", inv)}")));
        if (result.Scores is { } scores) ScoreTable.Write(scores, stdout, "smoothing baseline, eval split");
        stdout.WriteLine($"Wrote {output}: submission.h5, {SmoothingReference.SummaryFile}{(result.Scores is not null ? ", scores.json" : "")}");
        return ExitCodes.Success;
    }
}
