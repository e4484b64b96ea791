using System.Globalization;
using Blend.Evaluation.Identity;
using Blend.Evaluation.Results;
using Blend.Evaluation.Statistics;

namespace Blend.Reporting;

/// <summary>
/// The headline table of an identity experiment, shared by the terminal and report.md: per model, subclass and class
/// scores of the primary classifier (probes: their logistic regression) as mean ± SD over seeds, the change of the
/// subclass balanced accuracy relative to the neural-only baseline, and, for students, the share of the
/// teacher–baseline gap recovered.
/// </summary>
public static class IdentityTable
{
    /// <summary>The column headers, in the order of the cells of each row of <see cref="Rows"/>.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "model", "classifier", "subclass bal. acc", "vs baseline", "gap recovered", "subclass macro-F1", "subclass acc",
        "class bal. acc", "class macro-F1", "class acc",
    ];

    /// <summary>
    /// One row per model, in results order: subclass and class balanced accuracy, macro-F1 and accuracy as mean ± SD over seeds, the
    /// change of the subclass balanced accuracy vs the baseline (teacher and students) and the teacher–baseline gap recovered (students), in %.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> Rows(IdentityResults results)
    {
        var baseline = Subclass(results, IdentityModelRole.Baseline)?.BalancedAccuracy.Mean;
        var teacher = Subclass(results, IdentityModelRole.Teacher)?.BalancedAccuracy.Mean;
        var rows = new List<IReadOnlyList<string>>();
        foreach (var model in results.Models)
        {
            string classifier = ClassifierOf(results, model);
            var subclass = model.Classification.Get(IdentityTask.Subclass, classifier);
            var cellClass = model.Classification.Get(IdentityTask.Class, classifier);
            double balanced = subclass.BalancedAccuracy.Mean;
            string change = baseline is double b && model.Role is IdentityModelRole.Teacher or IdentityModelRole.Student && b > 0
                ? Signed(100 * (balanced - b) / b) + " %" : "";
            string recovered = model.Role == IdentityModelRole.Student && baseline is double b2 && teacher is double t && t != b2
                ? Signed(100 * (balanced - b2) / (t - b2)) + " %" : "";
            rows.Add([
                model.Name, classifier, Format(subclass.BalancedAccuracy), change, recovered, Format(subclass.MacroF1), Format(subclass.Accuracy),
                Format(cellClass.BalancedAccuracy), Format(cellClass.MacroF1), Format(cellClass.Accuracy),
            ]);
        }
        return rows;
    }

    /// <summary>The majority-class baselines of the pooled test sets (the same for every model).</summary>
    public static string MajorityLine(IdentityResults results)
    {
        var first = results.Models[0];
        string classifier = ClassifierOf(results, first);
        var subclass = first.Classification.Get(IdentityTask.Subclass, classifier);
        var cellClass = first.Classification.Get(IdentityTask.Class, classifier);
        return string.Create(CultureInfo.InvariantCulture,
            $"Majority-class baseline: subclass accuracy {subclass.MajorityAccuracy:F3} (balanced accuracy of any constant prediction: {1.0 / subclass.Labels.Count:F3}), " +
            $"class accuracy {cellClass.MajorityAccuracy:F3} (balanced 0.500).");
    }

    /// <summary>The classifier whose scores represent <paramref name="model"/>: logistic regression for the linear probes, otherwise <c>experiment.primary_classifier</c>.</summary>
    public static string ClassifierOf(IdentityResults results, IdentityModelResult model) =>
        model.Role == IdentityModelRole.Probe ? "logistic" : results.PrimaryClassifier;

    private static IdentityTaskResult? Subclass(IdentityResults results, IdentityModelRole role)
    {
        var model = results.Models.FirstOrDefault(m => m.Role == role);
        return model?.Classification.Results.FirstOrDefault(r => r.Task == IdentityTask.Subclass && r.Classifier == results.PrimaryClassifier);
    }

    /// <summary>"0.712 ± 0.031": mean ± SD over seeds at 3 decimals; the mean alone for one seed.</summary>
    public static string Format(MeanStd value) =>
        value.N > 1 ? string.Create(CultureInfo.InvariantCulture, $"{value.Mean:F3} ± {value.Std:F3}")
        : value.Mean.ToString("F3", CultureInfo.InvariantCulture);

    private static string Signed(double value) => value.ToString("+0.0;−0.0;0.0", CultureInfo.InvariantCulture);
}
