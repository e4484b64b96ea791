using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Blend.Data.Synthetic;
using Spectre.Console;

namespace Blend.Cli.Commands;

/// <summary><c>blend synth</c>: a synthetic dataset with ground truth, as an NLB file set (<c>blend synth bugeon</c>: the
/// identity-task stand-in, see <see cref="SynthBugeonCommand"/>; <c>blend synth nwb</c>: an NLB session as an NWB file,
/// see <see cref="SynthNwbCommand"/>).</summary>
public static class SynthCommand
{
    public static Command Create(TextWriter stdout)
    {
        var defaults = new SyntheticOptions();
        var generator = CliOptions.WithDefault<string>("--generator", defaults.Generator, $"Latent dynamics: {LatentDynamicsRegistry.Described}.", "-g");
        generator.AcceptOnlyFromAmong([.. LatentDynamicsRegistry.Names]);
        var output = CliOptions.Required<DirectoryInfo>("--out", "Output folder (new or empty; parent folders are created).", "-o");
        var seed = CliOptions.WithDefault<int>("--seed", defaults.Seed, "Random seed; the same seed gives identical files.");
        var trainTrials = CliOptions.WithDefault<int>("--train-trials", defaults.TrainTrials, "Training trials.");
        var evalTrials = CliOptions.WithDefault<int>("--eval-trials", defaults.EvalTrials, "Evaluation trials.");
        var conditions = CliOptions.WithDefault<int>("--conditions", defaults.Conditions, "Conditions (initial states / reach directions).");
        var heldin = CliOptions.WithDefault<int>("--heldin", defaults.HeldinNeurons, "Held-in neurons (model input).");
        var heldout = CliOptions.WithDefault<int>("--heldout", defaults.HeldoutNeurons, "Held-out neurons (co-smoothing targets).");
        var bins = CliOptions.WithDefault<int>("--bins", defaults.MainBins, "Bins in the main window.");
        var forwardBins = CliOptions.WithDefault<int>("--forward-bins", defaults.ForwardBins, "Forward-prediction bins after the main window.");
        var binMs = CliOptions.WithDefault<double>("--bin-ms", defaults.BinMs, "Bin width in ms.");
        var lagMs = CliOptions.WithDefault<double>("--lag-ms", defaults.LagMs, "Behavior lag after neural activity, ms.");
        var reachFraction = CliOptions.WithDefault<double>("--reach-fraction", defaults.ReachNeuronFraction, "Fraction of neurons that see the reach latent.");
        var reachGain = CliOptions.WithDefault<double>("--reach-gain", defaults.ReachGain, "Log-rate change per unit reach in the reach neurons (how strongly they see it).");
        var name = CliOptions.Optional<string?>("--name", "Dataset (group) name; default synth_<generator>.");

        var command = new Command("synth",
            "Generate a synthetic dataset with known rates and latents (default: the built-in MC_Maze-sized Lorenz demo set) as NLB files.")
        {
            generator, output, seed, trainTrials, evalTrials, conditions, heldin, heldout, bins, forwardBins, binMs, lagMs, reachFraction, reachGain, name,
        };
        command.Subcommands.Add(SynthBugeonCommand.Create(stdout));
        command.Subcommands.Add(SynthNwbCommand.Create(stdout));
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
                ReachNeuronFraction = parsed.GetValue(reachFraction),
                ReachGain = parsed.GetValue(reachGain),
                Name = parsed.GetValue(name),
            };
            return Run(options, parsed.GetValue(output)!.ToString(), stdout);
        });
        return command;
    }


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
