using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Blend.Data;
using Blend.Deployment;
using Blend.Training.Identity;
using Spectre.Console;

namespace Blend.Cli.Commands;

/// <summary>
/// The identity half of <c>blend predict</c>: a NeuPRINT bundle of <c>blend identity</c> applied to a new recording in
/// the Bugeon layout — Φ of every neuron re-fitted with the model frozen, mean final-layer features, cell class and
/// subclass predicted from Φ, scored against the recording's own t-types where it has both labels.
/// </summary>
internal static class PredictIdentities
{
    public static int Run(string bundleFolder, string data, string output, int threads, TextWriter stdout, TextWriter stderr)
    {
        var clock = Stopwatch.StartNew();
        var bundle = IdentityBundle.Read(bundleFolder);
        var m = bundle.Manifest;
        TorchThreads.Apply(threads);
        using var ctrlC = new CtrlC(stdout);
        using var predictor = new IdentityPredictor(bundle);
        var dataset = predictor.Load(data);
        foreach (string warning in dataset.Warnings) stderr.WriteLine($"warning: {warning}");
        stdout.WriteLine($"Applying NeuPRINT {m.Model} (seed {m.Seed}{(m.HeldOutMouse is null ? "" : $", without {m.HeldOutMouse}")}, trained on {m.Identities} identities " +
                         $"of {m.Mice.Length} mice) to {data}: {dataset.Sessions.Count} session(s) of {dataset.Mice.Count} mice, {dataset.Neurons.Count} identities");
        stdout.WriteLine($"Fitting Φ of every identity with the model frozen ({m.Training.RefitSteps} steps)");
        var progress = new EpochLines(stderr);
        var predictions = predictor.Predict(dataset, progress, ctrlC.Token);

        IReadOnlyList<PredictionWriter.WrittenArray> written = [];
        AtomicDirectory.Write(output, folder =>
        {
            written = IdentityPredictionWriter.Write(folder, predictions);
            var summary = new JsonObject
            {
                ["bundle"] = Path.GetFullPath(bundle.Folder),
                ["model"] = m.Model,
                ["architecture"] = "neuprint",
                ["input"] = data,
                ["kind"] = "Identity",
                ["sessions"] = dataset.Sessions.Count,
                ["identities"] = dataset.Neurons.Count,
                ["refit_steps"] = m.Training.RefitSteps,
                ["refit_loss"] = double.IsFinite(predictions.RefitLoss) ? predictions.RefitLoss : null,
                ["arrays"] = new JsonArray(written.Select(a => (JsonNode)new JsonObject
                {
                    ["file"] = a.File, ["hdf5_key"] = a.Key, ["shape"] = new JsonArray(a.Shape.Select(s => (JsonNode)s).ToArray()), ["axes"] = a.Axes,
                }).ToArray()),
            };
            PredictionWriter.WriteSummary(folder, summary);
        });

        foreach (var array in written) stdout.WriteLine($"  {array.File,-32} {string.Join(" × ", array.Shape),-18} {array.Axes}");
        var scored = predictions.CellTypes.Where(c => c.Scores is not null).ToList();
        if (scored.Count > 0)
        {
            var inv = CultureInfo.InvariantCulture;
            var table = new Table().Border(TableBorder.Rounded).Title($"{m.Model} on {data}, against the recording's neuron.ttype.txt")
                .AddColumn("task").AddColumn(new TableColumn("identities").RightAligned()).AddColumn(new TableColumn("balanced accuracy").RightAligned())
                .AddColumn(new TableColumn("macro-F1").RightAligned()).AddColumn(new TableColumn("accuracy").RightAligned())
                .AddColumn(new TableColumn("majority").RightAligned());
            foreach (var c in scored)
                table.AddRow(IdentityPredictionWriter.TaskName(c), c.Samples.ToString(inv), c.Scores!.BalancedAccuracy.ToString("F4", inv),
                    c.Scores.MacroF1.ToString("F4", inv), c.Scores.Accuracy.ToString("F4", inv), c.Scores.MajorityAccuracy.ToString("F4", inv));
            Terminal.For(stdout).Write(table);
        }
        foreach (var missing in new[] { ("class", m.ClassClassifier), ("subclass", m.SubclassClassifier) }.Where(x => x.Item2 is null))
            stdout.WriteLine($"No {missing.Item1} classifier in the bundle: its training data had fewer than two {missing.Item1} labels");
        stdout.WriteLine($"Wrote {output} ({clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s): {PredictionWriter.PredictionsFile}, " +
                         $"{IdentityPredictionWriter.IdentitiesFile}, {(scored.Count > 0 ? IdentityPredictionWriter.ScoresFile + ", " : "")}{PredictionWriter.SummaryFile} and the .npy files above");
        return ExitCodes.Success;
    }

    /// <summary>One stderr line per re-fit epoch, with an ETA.</summary>
    private sealed class EpochLines(TextWriter stderr) : IProgress<NeuprintEpoch>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public void Report(NeuprintEpoch epoch)
        {
            double elapsed = _clock.Elapsed.TotalSeconds;
            double eta = elapsed / epoch.Step * (epoch.TotalSteps - epoch.Step);
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  refit step {epoch.Step}/{epoch.TotalSteps}: loss {epoch.Loss:F4} ({elapsed:F0} s, about {eta:F0} s left)"));
        }
    }
}
