using System.Globalization;
using Blend.Data;
using Blend.Evaluation.Identity;
using Blend.Reporting;
using Blend.Training.Identity;
using Blend.Evaluation.Results;

namespace Blend.Experiments.Identity;

/// <summary>What <see cref="IdentityExperiment.Run"/> runs.</summary>
public sealed record IdentityRequest
{
    /// <summary>The dataset folder: one <c>MOUSE/DATE/</c> folder per session in the Bugeon layout (see <c>IdentityDataset.Load</c>).</summary>
    public required string DataFolder { get; init; }
    /// <summary>Where the results go; it must be new or empty (everything is written to a temporary folder renamed at the end).</summary>
    public required string OutputFolder { get; init; }
    /// <summary>The experiment's config (default: every key at the released NeuPRINT code's value, as configs/identity.yaml lists them).</summary>
    public IdentityConfig Config { get; init; } = new();
    /// <summary>The command that started the run, recorded in results.json and report.md.</summary>
    public string CommandLine { get; init; } = "";

    /// <summary>
    /// The whole experiment's time budget (null: none): each model gets an equal share of what is left when it starts,
    /// split between training and the Φ re-fit by their steps; a model whose share runs out stops there (stop reason
    /// <c>time_limit</c> in results.json) and is classified as it is.
    /// </summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>Continue the interrupted experiment in <c>&lt;output&gt;.incomplete</c>: finished models are reused, the interrupted one continues from its last checkpoint.</summary>
    public bool Resume { get; init; }
}

/// <summary>Receives an identity experiment's progress.</summary>
public interface IIdentityObserver
{
    /// <summary>A training or re-fit epoch of <paramref name="model"/> finished.</summary>
    void Epoch(string model, int seed, string? heldOutMouse, NeuprintEpoch epoch) { }

    /// <summary>A line worth showing (stage started, classifier scores).</summary>
    void Note(string message) { }
}

/// <summary>
/// BLEND on the transcriptomic-identity task of NeuPRINT (Mi et al. 2023): <see cref="BlendRecipe"/> over
/// <see cref="IdentityBlendTask"/> for <c>experiment.seeds</c> seeds from <c>experiment.seed</c>.
/// </summary>
public static class IdentityExperiment
{
    /// <summary>File name of the results JSON (<c>results.json</c>) in the output folder: every score, training run and setting.</summary>
    public const string ResultsFile = ReportFiles.Results;
    /// <summary>File name of the markdown report (<c>report.md</c>) in the output folder.</summary>
    public const string ReportFile = ReportFiles.Report;
    /// <summary>File name of the resolved config (<c>config.yaml</c>, every key written) in the output folder.</summary>
    public const string ConfigFile = "config.yaml";
    /// <summary>File name of the identity table (<c>identities.csv</c>: id, mouse, class, subclass, unique_id, ttype), one row per identity, i.e. per row of Φ.</summary>
    public const string IdentitiesFile = "identities.csv";
    /// <summary>Name of the folder of the confusion-matrix figures (<c>figures</c>, PNG) in the output folder.</summary>
    public const string FiguresFolder = ReportFiles.Figures;
    /// <summary>Model name (results row and run folder) of the neural-only NeuPRINT baseline, trained with the behaviour channels zero-filled.</summary>
    public const string BaselineName = RecipeStep.BaselineName;
    /// <summary>Model name (results row and run folder) of the behaviour-aware NeuPRINT teacher the students are distilled from.</summary>
    public const string TeacherName = RecipeStep.TeacherName;

    /// <summary>
    /// Runs the experiment for <c>experiment.seeds</c> seeds from <c>experiment.seed</c> into the output folder of <paramref name="request"/>
    /// and returns the results also written there. A non-empty output folder or unusable data is a <see cref="BlendInputException"/> before
    /// any training; <paramref name="observer"/> receives progress, and <paramref name="cancellation"/> stops the run, leaving nothing behind.
    /// </summary>
    public static IdentityResults Run(IdentityRequest request, IIdentityObserver? observer = null, CancellationToken cancellation = default)
    {
        if (AtomicDirectory.DestinationProblem(request.OutputFolder) is string problem) throw new BlendInputException($"{request.OutputFolder}: {problem}");
        using var task = new IdentityBlendTask(request, observer, cancellation);
        var seeds = Enumerable.Range(request.Config.Experiment.Seed, request.Config.Experiment.Seeds).ToArray();
        return BlendRecipe.Run(task, seeds, request.OutputFolder, cancellation, request.Resume);
    }

    /// <summary>The probe rows' names.</summary>
    public static string ProbeName(IdentityProbe probe) => probe == IdentityProbe.BehaviorAware ? "probe-A (behaviour)" : "probe-B (neural)";

    internal static string Headline(string model, IdentityClassificationResult classification, string classifier)
    {
        var subclass = classification.Get(IdentityTask.Subclass, classifier);
        var cellClass = classification.Get(IdentityTask.Class, classifier);
        return string.Create(CultureInfo.InvariantCulture,
            $"{model}: subclass balanced accuracy {subclass.BalancedAccuracy.Mean:F3} ± {subclass.BalancedAccuracy.Std:F3}, " +
            $"class balanced accuracy {cellClass.BalancedAccuracy.Mean:F3} ± {cellClass.BalancedAccuracy.Std:F3} ({classifier})");
    }
}
