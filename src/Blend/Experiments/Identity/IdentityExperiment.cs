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
    public required string DataFolder { get; init; }
    public required string OutputFolder { get; init; }
    public IdentityConfig Config { get; init; } = new();
    /// <summary>The command that started the run, recorded in results.json and report.md.</summary>
    public string CommandLine { get; init; } = "";
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
    public const string ResultsFile = ReportFiles.Results;
    public const string ReportFile = ReportFiles.Report;
    public const string ConfigFile = "config.yaml";
    public const string IdentitiesFile = "identities.csv";
    public const string FiguresFolder = ReportFiles.Figures;
    public const string BaselineName = RecipeStep.BaselineName;
    public const string TeacherName = RecipeStep.TeacherName;

    public static IdentityResults Run(IdentityRequest request, IIdentityObserver? observer = null, CancellationToken cancellation = default)
    {
        if (AtomicDirectory.DestinationProblem(request.OutputFolder) is string problem) throw new BlendInputException($"{request.OutputFolder}: {problem}");
        using var task = new IdentityBlendTask(request, observer, cancellation);
        var seeds = Enumerable.Range(request.Config.Experiment.Seed, request.Config.Experiment.Seeds).ToArray();
        return BlendRecipe.Run(task, seeds, request.OutputFolder, cancellation);
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
