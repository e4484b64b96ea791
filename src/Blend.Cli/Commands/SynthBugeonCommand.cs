using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Blend.Data.Identity.Synthetic;
using Spectre.Console;

namespace Blend.Cli.Commands;

/// <summary><c>blend synth bugeon</c>: the SynthBugeon identity dataset, in the Bugeon et al. (2022) file layout.</summary>
public static class SynthBugeonCommand
{
    public static Command Create(TextWriter stdout)
    {
        var defaults = SynthBugeonOptions.ForSize(SynthBugeonOptions.Full);
        var output = CliOptions.Required<DirectoryInfo>("--out", "Output folder (new or empty; parent folders are created).", "-o");
        var size = CliOptions.WithDefault<string>("--size", defaults.Size,
            "ci (4 mice × 2 sessions, 150 neurons, 1200 frames), dev (4 × 3, 200, 2000) or full (4 × 4, 500, 3600).");
        size.AcceptOnlyFromAmong([.. SynthBugeonOptions.Sizes]);
        var seed = CliOptions.WithDefault<int>("--seed", defaults.Seed, "Random seed; the same seed gives identical files.");
        var sigmaW = CliOptions.WithDefault<double>("--sigma-w", defaults.SigmaW,
            "Within-subclass SD of the behaviour coefficients (the main difficulty dial; larger is harder).");
        var lambdaN = CliOptions.WithDefault<double>("--lambda-n", defaults.LambdaN,
            "Neural-only cue strength: the share of subclass differences in rate and neural coupling interneurons keep.");
        var kappa = CliOptions.WithDefault<double>("--kappa", defaults.Kappa, "Gain on the behaviour coupling.");
        var rho = CliOptions.WithDefault<double>("--rho", defaults.Rho, "Weight of arousal (pupil) in the global latent: behaviour leakage into the population.");

        var command = new Command("bugeon",
            "Generate SynthBugeon: calcium imaging sessions with running, pupil and brain states, EC/IN classes and labelled interneuron subclasses, in the Bugeon et al. (2022) folder layout.")
        {
            output, size, seed, sigmaW, lambdaN, kappa, rho,
        };
        command.SetAction(parsed =>
        {
            var options = SynthBugeonOptions.ForSize(parsed.GetValue(size)!) with
            {
                Seed = parsed.GetValue(seed),
                SigmaW = parsed.GetValue(sigmaW),
                LambdaN = parsed.GetValue(lambdaN),
                Kappa = parsed.GetValue(kappa),
                Rho = parsed.GetValue(rho),
            };
            return Run(options, parsed.GetValue(output)!.ToString(), stdout);
        });
        return command;
    }

    private static int Run(SynthBugeonOptions options, string folder, TextWriter stdout)
    {
        options.Validate();
        var console = Terminal.For(stdout);
        var clock = Stopwatch.StartNew();
        console.MarkupLine($"Generating [bold]SynthBugeon ({options.Size})[/]: {options.Mice} mice × {options.SessionsPerMouse} sessions, " +
            $"{options.Neurons} neurons × {options.Frames} frames of {Format(options.FramePeriodSeconds, "0.###")} s, seed {options.Seed}");
        var data = SynthBugeonDataset.Generate(options);
        var summary = SynthBugeonSummary.Of(data);
        SynthBugeonWriter.Write(data, summary, folder);

        var table = new Table().Border(TableBorder.Rounded).Title("Cell types")
            .AddColumn("type").AddColumn(new TableColumn("labelled cells").RightAligned())
            .AddColumn(new TableColumn("state modulation (run − sync)/(run + sync)").RightAligned());
        foreach (var (type, modulation) in summary.StateModulationByType)
        {
            string cells = summary.UniqueLabelledByType.TryGetValue(type, out int count) ? count.ToString(CultureInfo.InvariantCulture) : "—";
            table.AddRow(new Text(type), new Text(cells), new Text(Format(modulation, "+0.000;−0.000")));
        }
        console.Write(table);
        var states = summary.StateFractions;
        console.WriteLine($"States: running {Format(states[0], "0.000")}, stationary desynchronised {Format(states[1], "0.000")}, " +
            $"stationary synchronised {Format(states[2], "0.000")} of frames");
        console.WriteLine($"Wrote {folder} ({clock.Elapsed.TotalSeconds:F1} s): {summary.Sessions} sessions, {summary.NeuronSessions} neuron-sessions, " +
            $"{summary.UniqueLabelledCells} labelled cells; test mouse {data.TestMouse.Name}");
        return ExitCodes.Success;
    }

    private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
