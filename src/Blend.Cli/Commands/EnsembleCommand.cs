using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Blend.Data;
using Blend.Evaluation;
using Blend.Reporting;
using Blend.Training;

namespace Blend.Cli.Commands;

/// <summary>
/// <c>blend ensemble</c>: averages the rates of several trained runs (any model family; STNDT's ensembling): members
/// ranked by validation co-bps, the top k averaged for k = 1 … max size, the k with the best validation co-bps kept.
/// Writes submission.h5, ensemble.json and, with an eval target, scores.json.
/// </summary>
public static class EnsembleCommand
{
    public const string SummaryFile = "ensemble.json";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var data = CliOptions.Required<DirectoryInfo>("--data", "The dataset folder the runs were trained on.", "-d");
        var runs = CliOptions.Required<DirectoryInfo[]>("--runs", "Run folders of blend train (or of blend run: seed<k>/<model>), each with config.yaml and submission.h5.");
        runs.AllowMultipleArgumentsPerToken = true;
        var output = CliOptions.Required<DirectoryInfo>("--out", "Output folder (new or empty).", "-o");
        var maxSize = CliOptions.WithDefault("--max-size", 5, "Largest ensemble tried (the released STNDT script: 2).");
        var command = new Command("ensemble",
            "Average the rates of several trained models: members ranked by validation co-bps, the ensemble size chosen on validation, scored on the eval split.")
        {
            data, runs, output, maxSize,
        };
        command.SetAction(parsed => Run(parsed.GetValue(data)!.ToString(), [.. parsed.GetValue(runs)!.Select(r => r.ToString())],
            parsed.GetValue(output)!.ToString(), parsed.GetValue(maxSize), stdout, stderr));
        return command;
    }

    private static int Run(string dataFolder, IReadOnlyList<string> runFolders, string output, int maxSize, TextWriter stdout, TextWriter stderr)
    {
        if (maxSize < 1) throw new BlendInputException($"--max-size must be at least 1, got {maxSize}");
        if (runFolders.Count == 0) throw new BlendInputException("--runs: no run folder given");
        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any())
            throw new BlendInputException($"{output}: output folder exists and is not empty; choose a new folder");
        var source = DatasetSource.Read(dataFolder);
        var members = new List<EnsembleMember>();
        TrainingOptions? split = null;
        string? splitRun = null;
        foreach (string folder in runFolders)
        {
            var run = new RunFolder(folder);
            foreach (string file in new[] { run.Config, run.Submission })
                if (!File.Exists(file)) throw new BlendInputException($"{file}: not found (is {folder} a finished blend train run?)");
            var options = TrainingConfig.Load(run.Config).Training;
            var submission = NlbSubmission.Read(run.Submission);
            if (!submission.Datasets.TryGetValue(source.Name, out var rates))
                throw new BlendInputException($"{run.Submission}: no '{source.Name}' group (has {string.Join(", ", submission.Datasets.Keys)}): trained on another dataset?");
            // Members must have been selected on the same validation trials, which then rank them.
            if (split is null) (split, splitRun) = (options, folder);
            else if (options.Protocol != split.Protocol || options.ValidationSeed != split.ValidationSeed || options.ValidationFraction != split.ValidationFraction)
                throw new BlendInputException(
                    $"{run.Config}: validation split (protocol, validation_seed, validation_fraction) differs from {splitRun}'s; ensemble members must share it");
            members.Add(new EnsembleMember(folder, rates));
        }

        var validation = Validation(source, split!);
        var result = RateEnsemble.Select(members, validation, maxSize);
        var ensemble = new NlbSubmission(source.Name, result.Rates);
        IReadOnlyList<DatasetScores>? scores = null;
        if (source.EvalTarget is { } target && target.Datasets.ContainsKey(source.Name))
            scores = NlbEvaluator.Evaluate(target, ensemble, source.TargetPath ?? "eval target", Path.Combine(output, "submission.h5"), w => stderr.WriteLine($"warning: {w}"));

        AtomicDirectory.Write(output, folder =>
        {
            ensemble.Write(Path.Combine(folder, "submission.h5"));
            if (scores is not null) EvaluationJson.Write(Path.Combine(folder, "scores.json"), scores);
            AtomicFile.WriteAllText(Path.Combine(folder, SummaryFile), Summary(result, split!));
        });

        var inv = CultureInfo.InvariantCulture;
        stdout.WriteLine($"Validation co-bps ({(split!.Protocol == SelectionProtocol.Reference ? "eval split: reference protocol" : "validation trials")}):");
        foreach (var (name, coBps) in result.Ranked) stdout.WriteLine($"  {coBps.ToString("F4", inv)}  {name}");
        stdout.WriteLine("Mean rates of the top k: " + string.Join(", ", result.CoBpsBySize.Select((c, i) => $"k={i + 1}: {c.ToString("F4", inv)}")) +
                         $" → k = {result.Size}");
        if (scores is not null) ScoreTable.Write(scores, stdout, $"ensemble of {result.Size}, eval split");
        stdout.WriteLine($"Wrote {output}: submission.h5, {SummaryFile}{(scores is not null ? ", scores.json" : "")}");
        return ExitCodes.Success;
    }

    /// <summary>The validation trials' held-out rates and spikes: carved from the training trials (clean) or the eval split (reference).</summary>
    private static EnsembleValidation Validation(DatasetSource source, TrainingOptions options)
    {
        if (options.Protocol == SelectionProtocol.Reference)
        {
            var spikes = source.Target?.EvalSpikesHeldout
                         ?? throw new BlendInputException($"{source.Folder}: the runs used the reference protocol, which ranks on the eval split, and there is no eval target");
            return new EnsembleValidation(r => r.EvalRatesHeldout, spikes);
        }
        int[] trials = TrainingData.ValidationTrials(source, options);
        return new EnsembleValidation(r => RateEnsemble.SelectTrials(r.TrainRatesHeldout, trials), RateEnsemble.SelectTrials(source.TrainInput.SpikesHeldout, trials));
    }

    private static string Summary(EnsembleResult result, TrainingOptions split) => JsonSerializer.Serialize(new
    {
        protocol = split.Protocol == SelectionProtocol.Reference ? "reference" : "clean",
        members = result.Ranked.Select(r => new { run = r.Name, validation_co_bps = r.CoBps }),
        validation_co_bps_by_size = result.CoBpsBySize,
        size = result.Size,
        chosen = result.Ranked.Take(result.Size).Select(r => r.Name),
    }, new JsonSerializerOptions { WriteIndented = true }) + "\n";
}
