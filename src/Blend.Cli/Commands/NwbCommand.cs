using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Blend.Data;
using Blend.Data.Nwb;
using Spectre.Console;

namespace Blend.Cli.Commands;

/// <summary>
/// <c>blend nwb</c>: an NLB NWB file (or a DANDI folder of them) → the NLB tensor files nlb_tools makes, in a new
/// folder that <c>blend train</c>, <c>blend run</c> and <c>blend evaluate</c> read.
/// </summary>
public static class NwbCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var input = new Argument<string>("nwb") { Description = "An NWB file, or a folder whose *.nwb files are loaded in name order (e.g. a DANDI set's train and test files)." };
        var dataset = CliOptions.Required<string>("--dataset", $"Which NLB'21 dataset's nlb_tools parameters apply: {string.Join(", ", NlbDatasetNames.Known)}.");
        dataset.AcceptOnlyFromAmong([.. NlbDatasetNames.Known]);
        var bin = CliOptions.WithDefault<int>("--bin", NlbDatasetNames.DefaultBinMs, "Bin width in ms (the benchmark uses 5 and 20).");
        var output = CliOptions.Required<DirectoryInfo>("--out", "Output folder to create (must not exist, or be empty).", "-o");
        var seed = CliOptions.WithDefault<uint>("--seed", 0, "Seed of nlb_tools' jitter generator (dmfc_rsg only; nlb_tools' default 0).");
        var noPsth = CliOptions.WithDefault<bool>("--no-psth", false, "Skip the PSTHs and condition indices of the eval target (psth R² then cannot be scored).");
        var phase = CliOptions.WithDefault<string>("--phase", "val",
            "nlb_tools' phase: val (train → val, with an eval target to score locally) or test (train + val → test, no eval target: for an EvalAI submission).");
        phase.AcceptOnlyFromAmong("val", "test");
        var command = new Command("nwb",
            "Convert Neural Latents Benchmark NWB files into NLB tensors exactly as nlb_tools does (train input, eval input, eval target with PSTHs).")
        {
            input, dataset, bin, output, seed, noPsth, phase,
        };
        command.SetAction(parsed =>
        {
            var options = new NwbConversionOptions
            {
                Dataset = parsed.GetValue(dataset)!,
                BinMs = parsed.GetValue(bin),
                Seed = parsed.GetValue(seed),
                IncludePsth = !parsed.GetValue(noPsth),
                Phase = parsed.GetValue(phase) == "test" ? NlbPhase.Test : NlbPhase.Val,
            };
            return Run(parsed.GetValue(input)!, options, parsed.GetValue(output)!.ToString(), stdout, stderr);
        });
        return command;
    }

    private static int Run(string input, NwbConversionOptions options, string folder, TextWriter stdout, TextWriter stderr)
    {
        if (AtomicDirectory.DestinationProblem(folder) is string problem) throw new BlendInputException($"{folder}: {problem}");
        using var ctrlC = new CtrlC(stdout);
        var clock = Stopwatch.StartNew();
        var result = WithProgress(stdout, progress => NwbConversion.Convert(input, options, progress, ctrlC.Token));
        result.Dataset.Write(folder);
        foreach (string warning in result.Warnings) stderr.WriteLine($"warning: {warning}");
        Render(result, folder, clock.Elapsed, stdout);
        return ExitCodes.Success;
    }

    /// <summary>
    /// A progress bar per stage on an interactive terminal; otherwise a line when a stage starts and at most every 10 s
    /// within it (a pipe or a cluster log still shows the conversion moving).
    /// </summary>
    internal static T WithProgress<T>(TextWriter stdout, Func<IProgress<NwbConversionProgress>?, T> work) where T : class
    {
        var console = Terminal.For(stdout);
        if (!console.Profile.Capabilities.Interactive)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            string? stage = null;
            var lastLine = TimeSpan.Zero;
            return work(new SynchronousProgress(update =>
            {
                bool newStage = update.Stage != stage;
                if (!newStage && clock.Elapsed - lastLine < PlainValidationLog.Interval) return;
                stage = update.Stage;
                lastLine = clock.Elapsed;
                stdout.WriteLine($"  {update.Stage}: {update.Done}/{update.Total} ({clock.Elapsed.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture)} s)");
            }));
        }
        T? result = null;
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                var progress = new SynchronousProgress(update =>
                {
                    if (!tasks.TryGetValue(update.Stage, out var task))
                    {
                        foreach (var other in tasks.Values) other.Value = other.MaxValue;
                        tasks[update.Stage] = task = context.AddTask(Markup.Escape(update.Stage), maxValue: Math.Max(1, update.Total));
                    }
                    task.MaxValue = Math.Max(1, update.Total);
                    task.Value = update.Done;
                });
                result = work(progress);
            });
        return result!;
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<NwbConversionProgress> report) : IProgress<NwbConversionProgress>
    {
        public void Report(NwbConversionProgress value) => report(value);
    }

    private static void Render(NwbConversionResult result, string folder, TimeSpan elapsed, TextWriter stdout)
    {
        var console = Terminal.For(stdout);
        var m = result.Dataset.Manifest;
        var recording = result.Recording;
        var inv = CultureInfo.InvariantCulture;
        console.WriteLine($"Converted {string.Join(", ", recording.Files.Select(Path.GetFileName))} as '{m.Name}' in {elapsed.TotalSeconds.ToString("F1", inv)} s: " +
            $"{(recording.Samples / 1000.0).ToString("F1", inv)} s of recording, {m.Bins} bins of {m.BinMs.ToString(inv)} ms");
        var table = new Table().Border(TableBorder.Rounded).AddColumn("file").AddColumn("key").AddColumn(new TableColumn("shape").RightAligned());
        var train = result.Dataset.TrainInput;
        var eval = result.Dataset.EvalInput;
        var target = result.Dataset.EvalTarget?[m.Name];
        void Row(string file, string key, Array3? array, bool is2D = false)
        {
            if (array is null) return;
            table.AddRow(file, key, is2D ? $"{array.Trials} × {array.Channels}" : array.ShapeText);
        }
        Row(m.Files.TrainInput, NlbKeys.TrainSpikesHeldin, train.SpikesHeldin);
        Row("", NlbKeys.TrainSpikesHeldout, train.SpikesHeldout);
        Row("", NlbKeys.TrainBehavior, train.Behavior, train.BehaviorIs2D);
        Row("", NlbKeys.TrainSpikesHeldinForward, train.SpikesHeldinForward);
        Row("", NlbKeys.TrainBehaviorForward, train.BehaviorForward);
        Row(m.Files.EvalInput, NlbKeys.EvalSpikesHeldin, eval.SpikesHeldin);
        Row("", NlbKeys.EvalSpikesHeldout, eval.SpikesHeldout);
        Row("", NlbKeys.EvalBehaviorForward, eval.BehaviorForward);
        if (target is not null)
        {
            Row(m.Files.EvalTarget, $"{m.Name}/{NlbKeys.EvalSpikesHeldout}", target.EvalSpikesHeldout);
            Row("", $"{m.Name}/{NlbKeys.EvalBehavior}", target.EvalBehavior, target.BehaviorIs2D);
            Row("", $"{m.Name}/{NlbKeys.Psth}", target.Psth);
        }
        console.Write(table);
        if (m.TestPhase)
            console.WriteLine("Test phase: trained on the 'train' + 'val' trials, eval input = the 'test' trials; no eval target (the EvalAI leaderboard scores the submission)");
        console.WriteLine($"{m.HeldinNeurons.Length} held-in and {m.HeldoutNeurons.Length} held-out units; written to {folder}");
    }
}
