using System.CommandLine;
using System.Globalization;
using Blend.Data;
using Blend.Data.Synthetic;
using Blend.Experiments;
using Blend.Training;

namespace Blend.Cli.Commands;

/// <summary>
/// <c>blend demo</c>: builds the demo dataset (a small synthetic Lorenz population with a weakly encoded reach, see
/// <see cref="DemoDataset"/>) and runs the BLEND experiment on it with the built-in configs/blend-demo.yaml: baseline,
/// teacher and two students (hard, soft) for three seeds, sized to finish within about ten minutes on two CPU cores.
/// </summary>
public static class DemoCommand
{
    public const string ConfigResource = "blend-demo.yaml";

    /// <summary>The built-in demo config of a model family (its descriptor's <see cref="ModelFamily.DemoConfig"/>: configs/blend-demo.yaml for NDT, configs/blend-demo-&lt;family&gt;.yaml for the others).</summary>
    public static string? ConfigResourceFor(string architecture) => ModelFactory.Family(architecture)?.DemoConfig;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var output = CliOptions.WithDefault<DirectoryInfo>("--out", new DirectoryInfo("demo"), "Demo folder: the dataset goes to <out>/data (reused when there), the experiment to <out>/run-<date>-<time>.", "-o");
        var set = CliOptions.Optional<string[]>("--set", "Override a key of the built-in demo config (configs/blend-demo.yaml), e.g. --set experiment.seeds=1 (repeatable).");
        set.Arity = ArgumentArity.ZeroOrMore;
        var threads = CliOptions.Optional<int?>("--threads", "Torch CPU threads per model (default 1, the config's; --workers trains several models at once).");
        var model = CliOptions.WithDefault<string>("--model", "ndt",
            "Model family, or several comma-separated (ndt,stndt,lfads) for one table over all; each uses its built-in demo config (configs/blend-demo[-<family>].yaml).");
        var resume = CliOptions.Optional<bool>("--resume", "Continue the most recent interrupted demo experiment in <out> (run-<date>-<time>.incomplete): finished models are reused, the interrupted one continues from its last checkpoint.");
        var timeLimit = CliOptions.TimeLimit("Time budget of the whole demo (e.g. 8m): each model gets an equal share of what is left and keeps its best checkpoint when its share runs out.");
        var workers = CliOptions.Workers();
        var command = new Command("demo",
            "The BLEND demo: synthetic data with known rates → baseline, teacher (sees behavior) and distilled students for 3 seeds → table and report (≈10 min on 2 cores per model family).")
        {
            output, set, threads, model, timeLimit, resume, workers,
        };
        command.SetAction(parsed =>
        {
            string folder = parsed.GetValue(output)!.ToString();
            var options = new RunCommand.TypedOptions(null, null, null, null, null, parsed.GetValue(threads));
            var families = parsed.GetValue(model)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            return Run(folder, families, parsed.GetValue(set) ?? [], options, parsed.GetValue(timeLimit), parsed.GetValue(resume), parsed.GetValue(workers),
                parsed.Tokens.Select(t => t.Value), stdout, stderr);
        });
        return command;
    }

    /// <summary>A demo config as shipped (configs/blend-demo*.yaml, embedded in the library: <see cref="BuiltInConfigs"/>).</summary>
    public static string ConfigText(string resource = ConfigResource) =>
        ModelFactory.Families.Where(f => f.DemoConfig == resource).Select(f => BuiltInConfigs.Find(f.Name)?.Yaml).OfType<string>().FirstOrDefault()
        ?? throw new InvalidOperationException($"embedded resource {resource} is missing");

    /// <summary>The built-in demo config of <paramref name="architecture"/> with <paramref name="overrides"/> applied.</summary>
    public static ExperimentConfig LoadConfig(string architecture, IReadOnlyList<string> overrides)
    {
        if (BuiltInConfigs.Find(architecture) is null)
            throw new BlendInputException($"--model: no built-in demo config for {architecture} (demo families: {string.Join(", ", BuiltInConfigs.Families)})");
        return BuiltInConfigs.Load(architecture, overrides);
    }

    private static int Run(string folder, IReadOnlyList<string> families, IReadOnlyList<string> overrides, RunCommand.TypedOptions options,
        TimeSpan? timeLimit, bool resume, int? workers, IEnumerable<string> tokens, TextWriter stdout, TextWriter stderr)
    {
        if (File.Exists(folder)) throw new BlendInputException($"{folder}: cannot use as the demo folder: a file has that name");
        if (families.Count == 0) throw new BlendInputException("--model: no model family given");
        // Parse the configs first, so a bad --set fails before any work.
        var configs = families.Select(f => options.ApplyTo(LoadConfig(f, overrides))).ToArray();

        string data = Path.Combine(folder, "data");
        var dataOptions = DemoDataset.Options;
        string manifest = Path.Combine(data, DatasetManifest.FileName);
        if (File.Exists(manifest))
        {
            // Reuse the folder only when it holds this version's demo dataset.
            var generator = DatasetManifest.Read(manifest).Generator;
            if (generator is null || !System.Text.Json.Nodes.JsonNode.DeepEquals(generator, SyntheticDatasetWriter.GeneratorJson(dataOptions)))
                throw new BlendInputException($"{data}: holds a dataset other than this version's demo dataset; remove it, or choose another --out");
            stdout.WriteLine($"Using the demo dataset in {data}");
        }
        else if (Directory.Exists(data) && Directory.EnumerateFileSystemEntries(data).Any())
        {
            throw new BlendInputException($"{data}: exists and is not a dataset; remove it, or choose another --out");
        }
        else
        {
            stdout.WriteLine($"Generating the demo dataset: {dataOptions.TrainTrials} train + {dataOptions.EvalTrials} eval trials, " +
                             $"{dataOptions.HeldinNeurons}+{dataOptions.HeldoutNeurons} neurons, {dataOptions.MainBins}+{dataOptions.ForwardBins} bins of " +
                             $"{dataOptions.BinMs.ToString(CultureInfo.InvariantCulture)} ms, seed {dataOptions.Seed} → {data}");
            SyntheticDatasetWriter.Write(SyntheticDataset.Generate(dataOptions), data);
        }
        string output = Path.Combine(folder, $"run-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
        if (resume)
        {
            if (configs.Length > 1) throw new BlendInputException("--resume continues one model family's demo; a comparison across families starts afresh");
            // The most recent interrupted demo experiment (run folder names sort by time).
            string? incomplete = Directory.Exists(folder)
                ? Directory.GetDirectories(folder, "run-*" + ResumableDirectory.IncompleteSuffix).Order(StringComparer.Ordinal).LastOrDefault()
                : null;
            output = incomplete?[..^ResumableDirectory.IncompleteSuffix.Length]
                     ?? throw new BlendInputException($"{folder}: no interrupted demo to resume (no run-<date>-<time>{ResumableDirectory.IncompleteSuffix} in it)");
            stdout.WriteLine($"Resuming {incomplete}");
        }
        string commandLine = RunCommand.CommandLine(tokens);
        if (configs.Length == 1)
            return RunCommand.Execute(new ExperimentRequest
            {
                DataFolder = data, OutputFolder = output, Config = configs[0], CommandLine = commandLine, TimeLimit = timeLimit, Resume = resume,
            }, stdout, stderr, workers, resumeHint: $"blend demo --out {folder} --resume (and the same --set / --model / --threads)");
        return RunCommand.ExecuteComparison(new ComparisonRequest
        {
            DataFolder = data, OutputFolder = output, Configs = configs, CommandLine = commandLine, TimeLimit = timeLimit,
        }, stdout, stderr, workers);
    }
}
