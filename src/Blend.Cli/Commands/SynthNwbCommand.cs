using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Blend.Data.Nwb.Synthetic;
using Spectre.Console;

namespace Blend.Cli.Commands;

/// <summary><c>blend synth nwb</c>: a synthetic NLB session as an NWB file laid out like the DANDI training files,
/// to try <c>blend nwb</c> without downloading.</summary>
public static class SynthNwbCommand
{
    public static Command Create(TextWriter stdout)
    {
        var defaults = new SyntheticNwbOptions();
        var dataset = CliOptions.WithDefault<string>("--dataset", defaults.Dataset,
            "mc_maze (trialized delayed reaches, behaviour inside trials only) or mc_rtt (continuous random-target reaches, 600 ms segments).", "-d");
        dataset.AcceptOnlyFromAmong([.. SyntheticNwbOptions.Datasets]);
        var size = CliOptions.WithDefault<string>("--size", defaults.Size,
            "small (tens of trials, ~30 units, a few MB) or large (the DANDI training file's scale: mc_maze 2000 trials, 182 units, ~2 M spikes, a few hundred MB).");
        size.AcceptOnlyFromAmong([.. SyntheticNwbOptions.Sizes]);
        var seed = CliOptions.WithDefault<int>("--seed", defaults.Seed, "Random seed; the same seed gives a byte-identical file.");
        var output = CliOptions.Required<FileInfo>("--out", "Output .nwb file (replaced if it exists; its folder must exist).", "-o");

        var command = new Command("nwb",
            "Generate a synthetic Neural Latents Benchmark session as an NWB file (units, trials, behaviour) in the DANDI layout.")
        {
            dataset, size, seed, output,
        };
        command.SetAction(parsed =>
        {
            var options = new SyntheticNwbOptions
            {
                Dataset = parsed.GetValue(dataset)!,
                Size = parsed.GetValue(size)!,
                Seed = parsed.GetValue(seed),
            };
            return Run(options, parsed.GetValue(output)!.ToString(), stdout);
        });
        return command;
    }

    private static int Run(SyntheticNwbOptions options, string path, TextWriter stdout)
    {
        options.Validate();
        var console = Terminal.For(stdout);
        var clock = Stopwatch.StartNew();
        console.MarkupLine($"Generating [bold]{options.Dataset} ({options.Size})[/], seed {options.Seed}");
        var session = SyntheticNwb.Generate(options);
        double generated = clock.Elapsed.TotalSeconds;
        session.Write(path);
        var summary = session.Summary;

        var table = new Table().Border(TableBorder.Rounded).AddColumn("").AddColumn(new TableColumn("").RightAligned());
        table.HideHeaders();
        table.AddRow("trials", $"{summary.Trials} (" + string.Join(", ", summary.TrialsBySplit.Select(s => $"{s.Split} {s.Trials}")) + ")");
        table.AddRow("units", $"{summary.HeldinUnits + summary.HeldoutUnits} ({summary.HeldinUnits} held-in, {summary.HeldoutUnits} held-out)");
        table.AddRow("spikes", summary.Spikes.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("duration", $"{Format(summary.DurationSeconds, "F1")} s");
        table.AddRow("behaviour", $"{string.Join(", ", summary.BehaviorSeries)} ({summary.BehaviorSamples.ToString("N0", CultureInfo.InvariantCulture)} samples each)");
        console.Write(table);
        long bytes = new FileInfo(path).Length;
        console.WriteLine($"Wrote {path}: {Format(bytes / 1e6, "F1")} MB in {Format(clock.Elapsed.TotalSeconds, "F1")} s " +
            $"(generate {Format(generated, "F1")} s, write {Format(clock.Elapsed.TotalSeconds - generated, "F1")} s)");
        return ExitCodes.Success;
    }

    private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
