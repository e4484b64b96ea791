using System.CommandLine;
using System.Globalization;
using Blend.Data;
using Blend.Data.Synthetic;
using Blend.Experiments;

namespace Blend.Cli.Commands;

/// <summary>
/// <c>blend demo</c>: builds the demo dataset (a small synthetic Lorenz population with a weakly encoded reach, see
/// <see cref="DemoDataset"/>) and runs the BLEND experiment on it with the built-in configs/blend-demo.yaml: baseline,
/// teacher and two students (hard, soft) for three seeds, sized to finish within about ten minutes on two CPU cores.
/// </summary>
public static class DemoCommand
{
    public const string ConfigResource = "blend-demo.yaml";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var output = CliOptions.WithDefault<DirectoryInfo>("--out", new DirectoryInfo("demo"), "Demo folder: the dataset goes to <out>/data (reused when there), the experiment to <out>/run-<date>-<time>.", "-o");
        var set = CliOptions.Optional<string[]>("--set", "Override a key of the built-in demo config (configs/blend-demo.yaml), e.g. --set experiment.seeds=1 (repeatable).");
        set.Arity = ArgumentArity.ZeroOrMore;
        var threads = CliOptions.Optional<int?>("--threads", "Torch CPU threads (default 2, the config's).");
        var command = new Command("demo",
            "The BLEND demo: synthetic data with known rates → baseline, teacher (sees behavior) and distilled students for 3 seeds → table and report (≈10 min on 2 cores).")
        {
            output, set, threads,
        };
        command.SetAction(parsed =>
        {
            string folder = parsed.GetValue(output)!.ToString();
            var overrides = new List<string>(parsed.GetValue(set) ?? []);
            if (parsed.GetValue(threads) is { } th)
            {
                if (th < 0) throw new BlendInputException($"--threads must be at least 0, got {th}");
                overrides.Add($"training.threads={th}");
            }
            return Run(folder, overrides, parsed.Tokens.Select(t => t.Value), stdout, stderr);
        });
        return command;
    }

    /// <summary>The demo config as shipped (configs/blend-demo.yaml, embedded in the CLI).</summary>
    public static string ConfigText()
    {
        using var stream = typeof(DemoCommand).Assembly.GetManifestResourceStream(ConfigResource)
                           ?? throw new InvalidOperationException($"embedded resource {ConfigResource} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static int Run(string folder, IReadOnlyList<string> overrides, IEnumerable<string> tokens, TextWriter stdout, TextWriter stderr)
    {
        if (File.Exists(folder)) throw new BlendInputException($"{folder}: cannot use as the demo folder: a file has that name");
        // Parse the config first, so a bad --set fails before any work.
        string configPath = Path.Combine(Path.GetTempPath(), $"blend-demo-{Guid.NewGuid():N}.yaml");
        ExperimentConfig config;
        try
        {
            File.WriteAllText(configPath, ConfigText());
            config = ExperimentConfig.Load(configPath, overrides);
        }
        catch (BlendInputException e)
        {
            throw new BlendInputException(e.Message.Replace(configPath, "configs/blend-demo.yaml"), e);
        }
        finally
        {
            File.Delete(configPath);
        }

        string data = Path.Combine(folder, "data");
        var options = DemoDataset.Options;
        string manifest = Path.Combine(data, DatasetManifest.FileName);
        if (File.Exists(manifest))
        {
            // Reuse the folder only when it holds this version's demo dataset.
            var generator = DatasetManifest.Read(manifest).Generator;
            if (generator is null || !System.Text.Json.Nodes.JsonNode.DeepEquals(generator, SyntheticDatasetWriter.GeneratorJson(options)))
                throw new BlendInputException($"{data}: holds a dataset other than this version's demo dataset; remove it, or choose another --out");
            stdout.WriteLine($"Using the demo dataset in {data}");
        }
        else if (Directory.Exists(data) && Directory.EnumerateFileSystemEntries(data).Any())
        {
            throw new BlendInputException($"{data}: exists and is not a dataset; remove it, or choose another --out");
        }
        else
        {
            stdout.WriteLine($"Generating the demo dataset: {options.TrainTrials} train + {options.EvalTrials} eval trials, " +
                             $"{options.HeldinNeurons}+{options.HeldoutNeurons} neurons, {options.MainBins}+{options.ForwardBins} bins of " +
                             $"{options.BinMs.ToString(CultureInfo.InvariantCulture)} ms, seed {options.Seed} → {data}");
            SyntheticDatasetWriter.Write(SyntheticDataset.Generate(options), data);
        }
        var request = new ExperimentRequest
        {
            DataFolder = data,
            OutputFolder = Path.Combine(folder, $"run-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}"),
            Config = config,
            CommandLine = RunCommand.CommandLine(tokens),
        };
        return RunCommand.Execute(request, stdout, stderr);
    }
}
