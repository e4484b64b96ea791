using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Blend.Data.Synthetic;
using Spectre.Console;

namespace Blend.Cli.Commands;

/// <summary><c>blend synth</c>: a synthetic dataset with ground truth, as an NLB file set.</summary>
public static class SynthCommand
{
    public static Command Create(TextWriter stdout)
    {
        var defaults = new SyntheticOptions();
        var generator = new Option<string>("--generator", "-g")
        {
            Description = "Latent dynamics: lorenz (Lorenz attractor) or rnn (chaotic recurrent network).",
            DefaultValueFactory = _ => defaults.Generator,
        };
        generator.AcceptOnlyFromAmong("lorenz", "rnn");
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Output folder (new or empty).", Required = true };
        var seed = Int("--seed", "Random seed; the same seed gives identical files.", defaults.Seed);
        var trainTrials = Int("--train-trials", "Training trials.", defaults.TrainTrials);
        var evalTrials = Int("--eval-trials", "Evaluation trials.", defaults.EvalTrials);
        var conditions = Int("--conditions", "Conditions (initial states / reach directions).", defaults.Conditions);
        var heldin = Int("--heldin", "Held-in neurons (model input).", defaults.HeldinNeurons);
        var heldout = Int("--heldout", "Held-out neurons (co-smoothing targets).", defaults.HeldoutNeurons);
        var bins = Int("--bins", "Bins in the main window.", defaults.MainBins);
        var forwardBins = Int("--forward-bins", "Forward-prediction bins after the main window.", defaults.ForwardBins);
        var binMs = new Option<double>("--bin-ms") { Description = "Bin width in ms.", DefaultValueFactory = _ => defaults.BinMs };
        var lagMs = new Option<double>("--lag-ms") { Description = "Behavior lag after neural activity, ms.", DefaultValueFactory = _ => defaults.LagMs };
        var name = new Option<string?>("--name") { Description = "Dataset (group) name; default synth_<generator>." };

        var command = new Command("synth",
            "Generate a synthetic dataset with known rates and latents (default: the built-in MC_Maze-sized Lorenz demo set) as NLB files.")
        {
            generator, output, seed, trainTrials, evalTrials, conditions, heldin, heldout, bins, forwardBins, binMs, lagMs, name,
        };
        command.SetAction(parsed =>
        {
            var options = new SyntheticOptions
            {
                Generator = parsed.GetValue(generator)!,
                Seed = parsed.GetValue(seed),
                TrainTrials = parsed.GetValue(trainTrials),
                EvalTrials = parsed.GetValue(evalTrials),
                Conditions = parsed.GetValue(conditions),
                HeldinNeurons = parsed.GetValue(heldin),
                HeldoutNeurons = parsed.GetValue(heldout),
                MainBins = parsed.GetValue(bins),
                ForwardBins = parsed.GetValue(forwardBins),
                BinMs = parsed.GetValue(binMs),
                LagMs = parsed.GetValue(lagMs),
                Name = parsed.GetValue(name),
            };
            return Run(options, parsed.GetValue(output)!.ToString(), stdout);
        });
        return command;
    }

    private static Option<int> Int(string name, string description, int defaultValue) =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue };

    private static int Run(SyntheticOptions options, string folder, TextWriter stdout)
    {
        options.Validate();
        var console = Terminal.For(stdout);
        var clock = Stopwatch.StartNew();
        console.MarkupLine($"Generating [bold]{options.DatasetName}[/]: {options.TrainTrials} train + {options.EvalTrials} eval trials, " +
            $"{options.HeldinNeurons}+{options.HeldoutNeurons} neurons, {options.MainBins}+{options.ForwardBins} bins of {options.BinMs.ToString(CultureInfo.InvariantCulture)} ms, seed {options.Seed}");
        var data = SyntheticDataset.Generate(options);
        var ceiling = SyntheticDatasetWriter.Write(data, folder);

        var table = new Table().Border(TableBorder.Rounded).Title("Ceiling: true rates scored as a submission")
            .AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        foreach (var (metric, value) in ceiling.Metrics)
            table.AddRow(new Text(metric), new Text(value.ToString("F4", CultureInfo.InvariantCulture)));
        console.Write(table);
        console.WriteLine($"Wrote {folder} ({clock.Elapsed.TotalSeconds:F1} s): " +
            string.Join(", ", Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal)));
        return ExitCodes.Success;
    }
}
