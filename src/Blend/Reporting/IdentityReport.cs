using System.Globalization;
using System.Text;
using Blend.Evaluation.Identity;
using Blend.Evaluation.Results;

namespace Blend.Reporting;

/// <summary>report.md of <c>blend identity</c>: the data, the headline table, every classifier, per-fold scores, training losses and figures.</summary>
public static class IdentityReport
{
    /// <summary>The text of report.md for <paramref name="results"/>, with the confusion-matrix <paramref name="figures"/> linked under <c>figures/</c>.</summary>
    public static string Markdown(IdentityResults results, IReadOnlyList<ExperimentFigures.Figure> figures)
    {
        var text = new StringBuilder("# BLEND transcriptomic-identity experiment\n\n");
        var data = results.Data;
        text.Append(CultureInfo.InvariantCulture,
            $"Data: `{data.Folder}` — {data.Mice.Count} mice ({string.Join(", ", data.Mice)}), {data.Sessions} sessions, {data.Neurons} neuron-sessions, " +
            $"{data.Identities} identities ({data.RecordIdentities} record neurons), {data.MinFrames}–{data.MaxFrames} frames per session.\n");
        text.Append($"Classes: {Counts(data.ClassCounts)}. Subclasses: {Counts(data.SubclassCounts)}.\n\n");
        text.Append(results.Protocol == DynamicsProtocol.Shared
            ? "Protocol: each seed's dynamics models were trained once on every session (they never see a label); Φ of every identity was re-fitted with the frozen model; classifiers were evaluated leave-one-mouse-out.\n"
            : "Protocol: per held-out mouse, dynamics models were trained on the other mice only and the held-out mouse's Φ fitted with the frozen model (NeuPRINT's cross-animal test); classifiers leave-one-mouse-out.\n");
        text.Append(CultureInfo.InvariantCulture, $"Seeds: {string.Join(", ", results.Seeds)}. Wall time {results.Seconds:F0} s.\n");
        if (results.Command.Length > 0) text.Append($"Command: `{results.Command}`\n");

        text.Append($"\n## Results ({results.PrimaryClassifier} on Φ; probes: class-balanced logistic regression)\n\n");
        Table(text, IdentityTable.Columns, IdentityTable.Rows(results));
        text.Append('\n').Append(IdentityTable.MajorityLine(results)).Append(
            " \"vs baseline\": relative change of the subclass balanced accuracy against the neural-only baseline; " +
            "\"gap recovered\": (student − baseline) / (teacher − baseline).\n");

        text.Append("\n## Every classifier (balanced accuracy, subclass / class)\n\n");
        var classifiers = results.Models.SelectMany(m => m.Classification.Results.Select(r => r.Classifier)).Distinct().ToArray();
        var rows = results.Models.Select(m => (IReadOnlyList<string>)[m.Name, .. classifiers.Select(c => Pair(m, c))]).ToArray();
        Table(text, ["model", .. classifiers], rows);

        text.Append("\n## Per held-out mouse (subclass balanced accuracy, mean over seeds)\n\n");
        var mice = data.Mice;
        var foldRows = results.Models.Select(m =>
        {
            var result = m.Classification.Get(IdentityTask.Subclass, IdentityTable.ClassifierOf(results, m));
            return (IReadOnlyList<string>)[m.Name, .. mice.Select(mouse => FoldMean(result, mouse))];
        }).ToArray();
        Table(text, ["model", .. mice], foldRows);

        var trained = results.Models.Where(m => m.Training.Count > 0).ToArray();
        if (trained.Length > 0)
        {
            text.Append("\n## Training (mean over runs)\n\n");
            Table(text, ["model", "runs", "train objective", "held-out-time reconstruction", "Φ re-fit reconstruction", "seconds"],
                trained.Select(m => (IReadOnlyList<string>)[
                    m.Name, m.Training.Count.ToString(CultureInfo.InvariantCulture),
                    F(m.Training.Average(r => r.TrainLoss)), F(m.Training.Average(r => r.ValidationLoss)),
                    F(m.Training.Average(r => r.RefitLoss)), m.Training.Average(r => r.Seconds).ToString("F0", CultureInfo.InvariantCulture)]).ToArray());
            text.Append("\nReconstruction losses are Σ mask·(prediction − activity)² over all entries (≈ mask ratio × the MSE at masked entries); " +
                "the teacher's is lower when behaviour helps predict activity.\n");
        }

        foreach (var figure in figures)
            text.Append($"\n## {figure.Title}\n\n![{figure.Title}]({ReportFiles.Figures}/{figure.File})\n\n{figure.Caption}\n");
        return text.ToString();
    }

    private static string Pair(IdentityModelResult model, string classifier)
    {
        var subclass = model.Classification.Results.FirstOrDefault(r => r.Task == IdentityTask.Subclass && r.Classifier == classifier);
        var cellClass = model.Classification.Results.FirstOrDefault(r => r.Task == IdentityTask.Class && r.Classifier == classifier);
        return subclass is null || cellClass is null ? ""
            : $"{IdentityTable.Format(subclass.BalancedAccuracy)} / {IdentityTable.Format(cellClass.BalancedAccuracy)}";
    }

    private static string FoldMean(IdentityTaskResult result, string mouse)
    {
        var scores = result.Runs.SelectMany(r => r.Folds).Where(f => f.HeldOutMouse == mouse && f.Scores is not null).Select(f => f.Scores!.BalancedAccuracy).ToArray();
        return scores.Length == 0 ? "" : F(scores.Average());
    }

    private static string Counts(IReadOnlyDictionary<string, int> counts) => string.Join(", ", counts.Select(p => $"{p.Key} {p.Value}"));

    private static string F(double value) => value.ToString("F3", CultureInfo.InvariantCulture);

    private static void Table(StringBuilder text, IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        text.Append("| ").AppendJoin(" | ", columns).Append(" |\n|").AppendJoin("|", columns.Select((_, i) => i == 0 ? "---" : "---:")).Append("|\n");
        foreach (var row in rows) text.Append("| ").AppendJoin(" | ", row).Append(" |\n");
    }
}
