using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Blend.Data;
using Blend.Data.Identity;

namespace Blend.Deployment;

/// <summary>
/// Writes what an identity bundle gave for a recording: <c>embeddings.npy</c> (Φ, identities × E),
/// <c>features.npy</c> (mean final-layer features, identities × D), <c>&lt;task&gt;_probabilities.npy</c>, all of them
/// in <c>predictions.h5</c>, <c>identities.csv</c> (one row per identity: where it was recorded, its labels from
/// <c>neuron.ttype.txt</c>, the predictions and probabilities) and, where the recording's labels allow,
/// <c>scores.json</c>. Rows are identities in the order <see cref="IdentityDataset"/> numbers them.
/// </summary>
public static class IdentityPredictionWriter
{
    /// <summary>One row per identity: where it was recorded, its labels, predictions and probabilities.</summary>
    public const string IdentitiesFile = "identities.csv";
    /// <summary>Per task, the predictions' scores against the recording's own labels (written only when some task has them).</summary>
    public const string ScoresFile = "scores.json";

    /// <summary>
    /// Writes <paramref name="p"/> into <paramref name="folder"/> (the .npy files, <c>predictions.h5</c>,
    /// <c>identities.csv</c> and maybe <c>scores.json</c>); returns the arrays written, with their shapes.
    /// </summary>
    public static IReadOnlyList<PredictionWriter.WrittenArray> Write(string folder, IdentityPredictions p)
    {
        var arrays = new List<(PredictionWriter.WrittenArray Entry, RowMatrix Values)>
        {
            (new("embeddings.npy", "embeddings", [p.Embeddings.Rows, p.Embeddings.Cols], "identities × Φ dims (re-fitted with the model frozen)"), p.Embeddings),
            (new("features.npy", "features", [p.Features.Rows, p.Features.Cols], "identities × final-layer feature dims (mean over whole windows)"), p.Features),
        };
        foreach (var cellType in p.CellTypes)
        {
            string task = TaskName(cellType);
            arrays.Add((new($"{task}_probabilities.npy", $"{task}/probabilities", [cellType.Probabilities.Rows, cellType.Probabilities.Cols],
                $"identities × {string.Join(" / ", cellType.Classifier.LabelNames)}"), cellType.Probabilities));
        }
        var h5 = new NlbFileWriter();
        foreach (var (entry, values) in arrays)
        {
            NpyFile.Write(Path.Combine(folder, entry.File), values.Values, entry.Shape, asFloat32: true);
            h5.AddFloat32(entry.Key, values.Values, entry.Shape);
        }
        foreach (var cellType in p.CellTypes) h5.AddInt32($"{TaskName(cellType)}/predicted", cellType.Predicted);
        h5.Write(Path.Combine(folder, PredictionWriter.PredictionsFile));
        AtomicFile.WriteAllText(Path.Combine(folder, IdentitiesFile), IdentitiesCsv(p));
        if (p.CellTypes.Any(c => c.Scores is not null)) AtomicFile.WriteAllText(Path.Combine(folder, ScoresFile), ScoresJson(p));
        return arrays.Select(a => a.Entry).ToList();
    }

    /// <summary>The task's name in file names and keys: <c>class</c> or <c>subclass</c>.</summary>
    public static string TaskName(CellTypePrediction cellType) => cellType.Classifier.Task.ToString().ToLowerInvariant();

    /// <summary>
    /// id, mouse, sessions (DATE:column, ';'-separated), unique_id, ttype, class and subclass from the file, then per
    /// classifier the predicted label and each label's probability.
    /// </summary>
    private static string IdentitiesCsv(IdentityPredictions p)
    {
        var inv = CultureInfo.InvariantCulture;
        var where = new List<string>[p.Dataset.Neurons.Count];
        foreach (var session in p.Dataset.Sessions)
            for (int column = 0; column < session.NeuronIds.Length; column++)
                (where[session.NeuronIds[column]] ??= []).Add($"{session.Date}:{column}");
        var header = new StringBuilder("id,mouse,sessions,unique_id,ttype,class,subclass");
        foreach (var cellType in p.CellTypes)
        {
            string task = TaskName(cellType);
            header.Append($",predicted_{task}");
            foreach (string label in cellType.Classifier.LabelNames) header.Append($",p_{label}");
        }
        var text = new StringBuilder(header.Append('\n').ToString());
        foreach (var n in p.Dataset.Neurons)
        {
            text.Append(inv, $"{n.Id},{n.Mouse},{string.Join(';', where[n.Id] ?? [])},{n.UniqueId?.ToString("R", inv) ?? ""},{n.TType},");
            text.Append(CellLabels.Name(n.Class)).Append(',').Append(n.Subclass is { } s ? CellLabels.Name(s) : "");
            foreach (var cellType in p.CellTypes)
            {
                text.Append(',').Append(cellType.Classifier.LabelNames[cellType.Predicted[n.Id]]);
                for (int label = 0; label < cellType.Probabilities.Cols; label++)
                    text.Append(',').Append(cellType.Probabilities[n.Id, label].ToString("0.######", inv));
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    private static string ScoresJson(IdentityPredictions p)
    {
        var root = new JsonObject();
        foreach (var cellType in p.CellTypes)
        {
            if (cellType.Scores is not { } s) continue;
            root[TaskName(cellType)] = new JsonObject
            {
                ["samples"] = cellType.Samples,
                ["accuracy"] = s.Accuracy,
                ["balanced_accuracy"] = s.BalancedAccuracy,
                ["macro_f1"] = s.MacroF1,
                ["majority_accuracy"] = s.MajorityAccuracy,
            };
        }
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
