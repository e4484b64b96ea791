using Blend.Deployment;
using Blend.Evaluation.Results;

namespace Blend.Experiments;

/// <summary>
/// What <see cref="BlendRecipe.Fit"/> produced: the experiment folder, every model's scores and paired statistics
/// (<see cref="Results"/>), and the deployable models — the baseline and every student of every replicate, with
/// Distill-Best (the student chosen on validation trials) as the default. The teacher needs behavior, so only its
/// scores are here.
/// </summary>
public sealed class BlendFit(string folder, ExperimentResults results)
{
    /// <summary>The experiment folder (results.json, report.md, figures/, one run folder per model and seed).</summary>
    public string Folder { get; } = folder;

    /// <summary>Every run's scores, the per-model aggregates and the paired statistics against the baseline.</summary>
    public ExperimentResults Results { get; } = results;

    /// <summary>The neural-only baseline's runs and scores.</summary>
    public ModelSummary Baseline => Results.Baseline;

    /// <summary>The teacher's runs and scores (it read behavior at evaluation too: privileged).</summary>
    public ModelSummary Teacher => Results.Teacher;

    /// <summary>One row per distillation strategy (Distill-Best excluded).</summary>
    public IEnumerable<ModelSummary> Students => Results.Students.Where(s => s.Model != ExperimentResults.DistillBestName);

    /// <summary>Distill-Best: per replicate, the student with the best validation score; null with a single strategy or no validation trials.</summary>
    public ModelSummary? DistillBest => Results.Students.FirstOrDefault(s => s.Model == ExperimentResults.DistillBestName);

    /// <summary>The baseline of replicate <paramref name="replicate"/>, ready for new data.</summary>
    public BlendModel LoadBaseline(int replicate = 0) => Load(Baseline, replicate);

    /// <summary>
    /// A student of replicate <paramref name="replicate"/>: the one of <paramref name="strategy"/> (as named in
    /// <c>distillation.strategies</c>), or by default Distill-Best (the only student when one strategy was run).
    /// </summary>
    public BlendModel LoadStudent(string? strategy = null, int replicate = 0)
    {
        var summary = strategy is null
            ? DistillBest ?? Students.Single()
            : Students.FirstOrDefault(s => s.Strategy == strategy)
              ?? throw new BlendInputException($"no student of strategy '{strategy}' (students: {string.Join(", ", Students.Select(s => s.Strategy))})");
        return Load(summary, replicate);
    }

    private BlendModel Load(ModelSummary summary, int replicate)
    {
        var run = summary.Runs.FirstOrDefault(r => r.Replicate == replicate)
                  ?? throw new BlendInputException($"{summary.Model} has no run of replicate {replicate} (replicates 0..{summary.Runs.Count - 1})");
        return BlendModel.Load(Path.Combine(Folder, run.Folder));
    }
}
