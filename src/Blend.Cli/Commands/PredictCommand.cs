using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Blend.Data;
using Blend.Data.Nwb;
using Blend.Deployment;
using Blend.Evaluation;
using Blend.Reporting;

namespace Blend.Cli.Commands;

/// <summary>
/// <c>blend predict</c>: applies a trained model bundle to new neural data — an NLB file set, an NWB file or folder, or a
/// continuous .npy recording — and writes rates for every neuron, latents and decoded behavior (.npy and HDF5), plus an
/// NLB submission (scored when the input has an eval target) for trial-aligned input. A NeuPRINT bundle of
/// <c>blend identity</c> reads a Bugeon-layout folder instead (<see cref="PredictIdentities"/>).
/// </summary>
public static class PredictCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var model = CliOptions.Required<string>("--model", "A model bundle: the model/ folder that blend train, blend run and blend identity write into every run folder (or that run folder).", "-m");
        var data = CliOptions.Required<string>("--data", "The new data: an NLB dataset folder, an .nwb file or folder of them, or a continuous .npy recording (time bins × neurons); for an identity bundle, a Bugeon-layout folder (MOUSE/DATE/ sessions).", "-d");
        var output = CliOptions.Required<DirectoryInfo>("--out", "Output folder (new or empty).", "-o");
        var behavior = CliOptions.Optional<FileInfo?>("--behavior", "Continuous input only: the recording's behavior (.npy, rows × channels), to score the decoded behavior (R²).");
        var dataset = CliOptions.Optional<string?>("--dataset", "NWB input: the NLB dataset whose nlb_tools parameters apply (default: from the model's training dataset name).");
        var phase = CliOptions.WithDefault<string>("--phase", "val", "NWB input: val (train → val) or test (train + val → test: an EvalAI submission).");
        phase.AcceptOnlyFromAmong("val", "test");
        var threads = CliOptions.WithDefault("--threads", 0, "libtorch threads (0: one per core).");
        var command = new Command("predict",
            "Apply a trained model (baseline or student bundle) to new neural data: rates for all neurons, latents and decoded behavior, on the input's own time axis and neuron order.")
        {
            model, data, output, behavior, dataset, phase, threads,
        };
        command.SetAction(parsed => Run(new Arguments(parsed.GetValue(model)!, parsed.GetValue(data)!, parsed.GetValue(output)!.ToString(),
            parsed.GetValue(behavior)?.ToString(), parsed.GetValue(dataset), parsed.GetValue(phase) == "test" ? NlbPhase.Test : NlbPhase.Val,
            parsed.GetValue(threads)), stdout, stderr));
        return command;
    }

    private sealed record Arguments(string Model, string Data, string Out, string? Behavior, string? Dataset, NlbPhase Phase, int Threads);

    private static int Run(Arguments args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Threads < 0) throw new BlendInputException($"--threads must be at least 0, got {args.Threads}");
        if (AtomicDirectory.DestinationProblem(args.Out) is string problem) throw new BlendInputException($"{args.Out}: {problem}");
        string bundleFolder = BundleFolder.Resolve(args.Model);
        if (BundleFolder.FormatOf(bundleFolder) == IdentityBundleManifest.Format)
        {
            if (args.Behavior is not null || args.Dataset is not null || args.Phase != NlbPhase.Val)
                throw new BlendInputException($"{args.Model}: an identity (NeuPRINT) bundle reads a Bugeon-layout folder; --behavior, --dataset and --phase are for NLB models");
            return PredictIdentities.Run(bundleFolder, args.Data, args.Out, args.Threads, stdout, stderr);
        }
        var clock = Stopwatch.StartNew();
        var bundle = ModelBundle.Read(bundleFolder);
        var m = bundle.Manifest;
        using var ctrlC = new CtrlC(stdout);
        // An NWB input is converted first: a progress bar per stage on a terminal, as blend nwb shows.
        var input = NwbCommand.WithProgress(stdout, conversion => PredictionInput.Read(args.Data, bundle,
            new PredictionInputOptions { NwbDataset = args.Dataset, Phase = args.Phase }, conversion, ctrlC.Token));
        if (args.Behavior is not null && input.Kind != PredictionInputKind.Continuous)
            throw new BlendInputException($"--behavior {args.Behavior}: only for a continuous .npy recording (trial-aligned input is scored with its eval target)");
        var behavior = args.Behavior is null ? null : NpyFile.ReadMatrix(args.Behavior);
        if (behavior is not null) RecordingChecks.SameRows(input.Recording!, args.Data, behavior, args.Behavior!);

        TorchThreads.Apply(args.Threads);
        using var predictor = new BundlePredictor(bundle);
        stdout.WriteLine($"Applying {m.Model} ({m.Architecture}, trained on '{m.Dataset}': {m.HeldinCount}+{m.HeldoutCount} neurons, " +
                         $"{m.MainBins}+{m.ForwardBins} bins{Bin(m.BinMs)}) to {args.Data} ({Describe(input)})");
        var progress = new ProgressLine(stderr);
        var summary = new JsonObject
        {
            ["bundle"] = Path.GetFullPath(bundle.Folder),
            ["model"] = m.Model,
            ["architecture"] = m.Architecture,
            ["trained_on"] = m.Dataset,
            ["input"] = args.Data,
            ["kind"] = input.Kind.ToString(),
        };
        IReadOnlyList<DatasetScores>? scores = null;
        double? behaviorR2 = null, unseenR2 = null;
        (int From, int To) unseenRows = default;
        IReadOnlyList<PredictionWriter.WrittenArray> written = [];
        if (input.Kind == PredictionInputKind.Continuous)
        {
            var predictions = predictor.PredictContinuous(input.Recording!, args.Data, progress.For("windows"), ctrlC.Token);
            if (behavior is not null && predictions.Behavior is { } decoded)
            {
                behaviorR2 = BehaviorR2(behavior, decoded, args.Behavior!);
                // The recording the model was trained on: also score the rows it never saw (its eval block).
                if (m.SourceEvalRows is [int from, int to] && to > from && m.SourceRows == behavior.Rows && m.SourceSpikesFile is { } source
                    && Path.GetFileName(source) == Path.GetFileName(args.Data))
                {
                    unseenRows = (from, to);
                    unseenR2 = BehaviorR2(behavior.SliceRows(from, to - from), decoded.SliceRows(from, to - from), args.Behavior!);
                    summary["eval_rows"] = new JsonArray(from, to);
                    summary["eval_rows_behavior_r2"] = unseenR2;
                }
            }
            summary["rows"] = input.Recording!.Rows;
            summary["windows"] = predictions.WindowStarts.Length;
            summary["window_bins"] = m.MainBins;
            summary["overlap_bins"] = m.ChopOverlapBins;
            summary["rebin"] = m.Rebin;
            if (behaviorR2 is double r2) summary["behavior_r2"] = r2;
            AtomicDirectory.Write(args.Out, folder =>
            {
                written = PredictionWriter.WriteContinuous(folder, m, predictions);
                Finish(folder, summary, written);
            });
        }
        else
        {
            var splits = input.Splits.Select(s => (s.Name, predictor.PredictTrials(s.HeldinSpikes, args.Data, progress.For($"{s.Name} trials"), ctrlC.Token))).ToList();
            var submission = new NlbSubmission(input.Name, Submission(splits[0].Item2, splits[1].Item2, m));
            if (input.Target is { } target && target.Datasets.TryGetValue(input.Name, out var truth))
            {
                scores = NlbEvaluator.Evaluate(target, submission, input.TargetPath ?? args.Data, "submission", w => stderr.WriteLine($"warning: {w}"));
                // vel R² refits a decoder on the new data's training trials; the bundle's own decoder is what deployment has.
                if (splits[1].Item2.Behavior is { } decodedEval && truth.EvalBehavior is { } recordedEval && !truth.BehaviorIs2D
                    && recordedEval.Trials == decodedEval.Trials && recordedEval.Time == decodedEval.Time && recordedEval.Channels == decodedEval.Channels)
                    behaviorR2 = BehaviorR2(RowMatrix.FromArray3(recordedEval), RowMatrix.FromArray3(decodedEval), input.TargetPath ?? args.Data);
            }
            summary["dataset"] = input.Name;
            summary["trials"] = new JsonObject(splits.Select(s => KeyValuePair.Create(s.Name, (JsonNode?)s.Item2.Rates.Trials)));
            if (behaviorR2 is double evalR2) summary["eval_behavior_r2"] = evalR2;
            AtomicDirectory.Write(args.Out, folder =>
            {
                written = PredictionWriter.WriteTrials(folder, m, splits, submission);
                if (scores is not null) EvaluationJson.Write(Path.Combine(folder, "scores.json"), scores);
                Finish(folder, summary, written);
            });
        }

        foreach (var array in written)
            stdout.WriteLine($"  {array.File,-32} {string.Join(" × ", array.Shape),-18} {array.Axes}");
        if (behaviorR2 is double value)
        {
            string r2 = value.ToString("F4", CultureInfo.InvariantCulture);
            stdout.WriteLine(input.Kind == PredictionInputKind.Continuous
                ? $"Decoded behavior vs {args.Behavior}: R² {r2} over all rows (the bundle's ridge decoder, fitted on the model's training trials)" +
                  (unseenR2 is double u ? $"; R² {u.ToString("F4", CultureInfo.InvariantCulture)} on rows {unseenRows.From}–{unseenRows.To}, the eval block of the recording the model was trained on, which no model saw" : "")
                : $"Decoded behavior vs the eval trials' behavior: R² {r2} (the bundle's ridge decoder, fitted on the model's training trials; vel R² below refits one on this data's training trials, as NLB does)");
        }
        if (scores is not null) ScoreTable.Write(scores, stdout, $"{m.Model} on {input.Name}, eval split");
        else if (input.Kind != PredictionInputKind.Continuous)
            stdout.WriteLine($"No eval target for '{input.Name}': {PredictionWriter.SubmissionFile} is ready to submit (NLB layout; EvalAI for the test phase)");
        stdout.WriteLine($"Wrote {args.Out} ({clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s): {PredictionWriter.PredictionsFile}, " +
                         $"{(input.Kind == PredictionInputKind.Continuous ? "" : PredictionWriter.SubmissionFile + ", ")}{PredictionWriter.SummaryFile} and the .npy files above");
        return ExitCodes.Success;
    }

    private static void Finish(string folder, JsonObject summary, IReadOnlyList<PredictionWriter.WrittenArray> written)
    {
        summary["arrays"] = new JsonArray(written.Select(a => (JsonNode)new JsonObject
        {
            ["file"] = a.File,
            ["hdf5_key"] = a.Key,
            ["shape"] = new JsonArray(a.Shape.Select(s => (JsonNode)s).ToArray()),
            ["axes"] = a.Axes,
        }).ToArray());
        PredictionWriter.WriteSummary(folder, summary);
    }

    /// <summary>The NLB submission of trial-aligned predictions (model order: held-in then held-out, as NLB files are).</summary>
    private static NlbDatasetRates Submission(TrialPredictions train, TrialPredictions eval, BundleManifest m)
    {
        int main = m.MainBins, forward = m.ForwardBins, heldin = m.HeldinCount, heldout = m.HeldoutCount;
        return new NlbDatasetRates
        {
            TrainRatesHeldin = train.Rates.Slice(0, main, 0, heldin),
            TrainRatesHeldout = train.Rates.Slice(0, main, heldin, heldout),
            EvalRatesHeldin = eval.Rates.Slice(0, main, 0, heldin),
            EvalRatesHeldout = eval.Rates.Slice(0, main, heldin, heldout),
            EvalRatesHeldinForward = forward > 0 ? eval.Rates.Slice(main, forward, 0, heldin) : null,
            EvalRatesHeldoutForward = forward > 0 ? eval.Rates.Slice(main, forward, heldin, heldout) : null,
        };
    }

    /// <summary>R² (uniform over channels) of decoded against recorded behavior, over rows where both are known.</summary>
    private static double BehaviorR2(RowMatrix recorded, RowMatrix decoded, string file)
    {
        if (recorded.Cols != decoded.Cols)
            throw new BlendInputException($"{file}: {recorded.Cols} behavior channels {recorded.ShapeText}, but the model decodes {decoded.Cols}");
        var keep = Enumerable.Range(0, recorded.Rows).Select(r => !double.IsNaN(recorded[r, 0]) && !double.IsNaN(decoded[r, 0])).ToArray();
        return R2Score.UniformAverage(recorded.SelectRows(keep), decoded.SelectRows(keep));
    }

    private static string Describe(PredictionInput input) => input.Kind switch
    {
        PredictionInputKind.Continuous => $"continuous recording {input.Recording!.ShapeText}",
        _ => $"{(input.Kind == PredictionInputKind.Nwb ? "NWB, converted as '" + input.Name + "'" : "NLB set '" + input.Name + "'")}: " +
             string.Join(", ", input.Splits.Select(s => $"{s.HeldinSpikes.Trials} {s.Name} trials")),
    };

    private static string Bin(double? binMs) => binMs is double b ? $" of {b.ToString(CultureInfo.InvariantCulture)} ms" : "";

    /// <summary>A line on stderr every 10 % of a long prediction, with the elapsed time and an ETA.</summary>
    private sealed class ProgressLine(TextWriter stderr)
    {
        public IProgress<(int Done, int Total)> For(string what)
        {
            var clock = Stopwatch.StartNew();
            int lastDecile = 0;
            return new Reporter(update =>
            {
                if (update.Total < 1000 || update.Done == 0) return; // short inputs finish before a line would help
                int decile = (int)(10L * update.Done / update.Total);
                if (decile <= lastDecile) return;
                lastDecile = decile;
                double elapsed = clock.Elapsed.TotalSeconds;
                double eta = elapsed / update.Done * (update.Total - update.Done);
                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {what}: {update.Done}/{update.Total} ({elapsed:F0} s, about {eta:F0} s left)"));
            });
        }

        private sealed class Reporter(Action<(int Done, int Total)> report) : IProgress<(int Done, int Total)>
        {
            public void Report((int Done, int Total) value) => report(value);
        }
    }
}
