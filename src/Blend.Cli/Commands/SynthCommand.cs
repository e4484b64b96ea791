using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Blend.Data.Synthetic;
using Blend.Experiments;
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
        var populationSeed = CliOptions.Optional<int?>("--population-seed",
            "Seed of the population (dynamics, conditions, each neuron's tuning) when it should differ from --seed, which then draws only the trials: new trials of the same neurons, for a model trained on another seed (default: --seed).");
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
        var preset = CliOptions.WithDefault<string>("--preset", "default",
            "Starting values of every option: default (the MC_Maze-sized set) or demo (blend demo's dataset: 450 + 100 trials, 60 + 20 neurons, 35 + 10 bins of 20 ms); options given override them.");
        preset.AcceptOnlyFromAmong("default", "demo");

        var command = new Command("synth",
            "Generate a synthetic dataset with known rates and latents (default: the built-in MC_Maze-sized Lorenz demo set) as NLB files.")
        {
            generator, output, seed, populationSeed, trainTrials, evalTrials, conditions, heldin, heldout, bins, forwardBins, binMs, lagMs, reachFraction, reachGain, name, preset,
        };
        command.Subcommands.Add(SynthBugeonCommand.Create(stdout));
        command.Subcommands.Add(SynthNwbCommand.Create(stdout));
        command.SetAction(parsed =>
        {
            var start = parsed.GetValue(preset) == "demo" ? DemoDataset.Options : new SyntheticOptions();
            // An option given on the command line overrides the preset; one left out keeps the preset's value.
            T Pick<T>(Option<T> option, T fromPreset) => parsed.GetResult(option) is { Implicit: false } ? parsed.GetValue(option)! : fromPreset;
            var options = new SyntheticOptions
            {
                Generator = Pick(generator, start.Generator),
                Seed = Pick(seed, start.Seed),
                PopulationSeed = parsed.GetValue(populationSeed) ?? start.PopulationSeed,
                TrainTrials = Pick(trainTrials, start.TrainTrials),
                EvalTrials = Pick(evalTrials, start.EvalTrials),
                Conditions = Pick(conditions, start.Conditions),
                HeldinNeurons = Pick(heldin, start.HeldinNeurons),
                HeldoutNeurons = Pick(heldout, start.HeldoutNeurons),
                MainBins = Pick(bins, start.MainBins),
                ForwardBins = Pick(forwardBins, start.ForwardBins),
                BinMs = Pick(binMs, start.BinMs),
                LagMs = Pick(lagMs, start.LagMs),
                ReachNeuronFraction = Pick(reachFraction, start.ReachNeuronFraction),
                ReachGain = Pick(reachGain, start.ReachGain),
                Name = parsed.GetValue(name) ?? start.Name,
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
            $"{options.HeldinNeurons}+{options.HeldoutNeurons} neurons, {options.MainBins}+{options.ForwardBins} bins of {options.BinMs.ToString(CultureInfo.InvariantCulture)} ms, seed {options.Seed}" +
            (options.PopulationSeed is int population && population != options.Seed ? $" (population of seed {population})" : ""));
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
