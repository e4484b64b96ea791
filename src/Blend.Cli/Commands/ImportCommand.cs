using System.CommandLine;
using System.Globalization;
using Blend.Data;
using Spectre.Console;

namespace Blend.Cli.Commands;

/// <summary>
/// <c>blend import</c>: a continuous recording (.npy spikes, optional .npy behaviour) → NLB train input, eval input,
/// eval target and dataset.json in a new folder.
/// </summary>
public static class ImportCommand
{
    public static Command Create(TextWriter stdout)
    {
        var spikes = CliOptions.Required<FileInfo>("--spikes", "Spike counts, time bins × neurons (.npy; integer or float counts ≥ 0).");
        var behavior = CliOptions.Optional<FileInfo?>("--behavior", "Behaviour, time bins × dims (.npy), same rows as --spikes; NaN marks unknown values.");
        var binMs = CliOptions.Required<double>("--bin-ms", "Bin width of the arrays in ms (recorded in dataset.json; nothing is resampled).");
        var window = CliOptions.Required<int>("--window", "Time bins per window (trial) that models see, after --rebin.");
        var forward = CliOptions.Required<int>("--forward", "Bins after each window kept as forward-prediction targets (*_forward tensors); 0 for none.");
        var overlap = CliOptions.Optional<int?>("--overlap", "Bins shared by consecutive training windows (default: a quarter of --window). Validation and eval windows never overlap.");
        var rebin = CliOptions.WithDefault<int>("--rebin", 1, "Sum spikes (average behaviour) over this many bins first; a trailing partial block is dropped.");
        var heldoutFraction = CliOptions.WithDefault<double>("--heldout-fraction", 0.25, "Fraction of neurons held out for co-smoothing, chosen by a seeded shuffle.");
        var splits = CliOptions.WithDefault<string>("--splits", SplitFractions.Default.ToString(), "Fractions of contiguous time for train,validation,eval, in that order.");
        var seed = CliOptions.WithDefault<int>("--seed", 0, "Seed of the held-out neuron shuffle.");
        var name = CliOptions.Optional<string?>("--name", "Dataset name (eval-target group): letters, digits, '_', starting with a letter. Default: from the spikes file name.");
        var output = CliOptions.Required<DirectoryInfo>("--out", "Output folder to create (must not exist, or be empty).", "-o");
        var command = new Command("import",
            "Import a continuous recording (.npy) as NLB tensor files: contiguous train/validation/eval blocks, each chopped into windows, with held-out neurons.")
        {
            spikes, behavior, binMs, window, forward, overlap, rebin, heldoutFraction, splits, seed, name, output,
        };
        command.SetAction(parsed =>
        {
            var options = new ContinuousImportOptions
            {
                BinMs = parsed.GetValue(binMs),
                WindowBins = parsed.GetValue(window),
                ForwardBins = parsed.GetValue(forward),
                OverlapBins = parsed.GetValue(overlap),
                Rebin = parsed.GetValue(rebin),
                HeldoutFraction = parsed.GetValue(heldoutFraction),
                Splits = SplitFractions.Parse(parsed.GetValue(splits)!),
                Seed = parsed.GetValue(seed),
                Name = parsed.GetValue(name),
            };
            return Run(parsed.GetValue(spikes)!.ToString(), parsed.GetValue(behavior)?.ToString(), options,
                parsed.GetValue(output)!.ToString(), stdout);
        });
        return command;
    }

    private static int Run(string spikesFile, string? behaviorFile, ContinuousImportOptions options, string folder, TextWriter stdout)
    {
        var dataset = ContinuousImport.FromNpy(spikesFile, behaviorFile, options);
        dataset.Write(folder);
        Render(dataset, folder, stdout);
        return ExitCodes.Success;
    }

    private static void Render(DatasetFileSet dataset, string folder, TextWriter stdout)
    {
        var m = dataset.Manifest;
        var console = Terminal.For(stdout);
        string rebin = m.Rebin > 1 ? $" (×{m.Rebin} of {Number(m.SourceBinMs ?? m.BinMs)} ms)" : "";
        console.WriteLine($"Imported '{m.Name}': {m.Bins} bins of {Number(m.BinMs)} ms{rebin}, windows of {m.WindowBins} + {m.ForwardBins} forward bins");

        var splits = new Table().Border(TableBorder.Rounded)
            .AddColumn("split").AddColumn(new TableColumn("bins").RightAligned())
            .AddColumn(new TableColumn("windows").RightAligned()).AddColumn(new TableColumn("overlap").RightAligned());
        foreach (var (splitName, split) in m.Splits!.Named())
            splits.AddRow(new Text(splitName), new Text($"{split.StartBin}–{split.EndBin}"),
                new Text(Number(split.WindowStarts.Length)), new Text(Number(split.OverlapBins)));
        console.Write(splits);

        var facts = new Table().Border(TableBorder.Rounded).AddColumn("").AddColumn("");
        facts.HideHeaders();
        facts.AddRow("neurons", $"{m.HeldinNeurons.Length} held-in, {m.HeldoutNeurons.Length} held-out (seed {m.Seed})");
        facts.AddRow("behaviour", m.BehaviorDims == 0 ? "none" : $"{m.BehaviorDims} dims");
        facts.AddRow("files", string.Join("\n", dataset.FilePaths(folder).Select(p => Markup.Escape(p))));
        console.Write(facts);
    }

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
