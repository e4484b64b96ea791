using Blend.Distillation;
using Blend.Evaluation.Results;
namespace Blend.Experiments;

/// <summary>One replicate of a recipe: a seed and, for tasks that hold data out per fold, the fold.</summary>
/// <param name="Index">0-based position among <paramref name="Count"/> replicates.</param>
/// <param name="Count">How many replicates the recipe runs.</param>
/// <param name="Seed">The training seed of every model of the replicate.</param>
/// <param name="Fold">What the replicate holds out (the identity task's left-out mouse), or null.</param>
/// <param name="Folder">The replicate's folder, relative to the experiment folder.</param>
public sealed record BlendReplicate(int Index, int Count, int Seed, string? Fold, string Folder);

/// <summary>One model of one replicate, as the recipe runs it.</summary>
/// <param name="Index">0-based position among all <paramref name="Total"/> trained models of the recipe.</param>
/// <param name="Total">Trained models in the whole recipe (replicates × (2 + strategies)).</param>
/// <param name="Replicate">The replicate the model belongs to.</param>
/// <param name="Role">Baseline, teacher or student.</param>
/// <param name="Model">The model's name in tables and its folder (baseline, teacher, student-&lt;strategy&gt;).</param>
/// <param name="Strategy">A student's distillation strategy; null for the baseline and the teacher.</param>
public sealed record RecipeStep(int Index, int Total, BlendReplicate Replicate, ModelRole Role, string Model, StrategySpec? Strategy)
{
    /// <summary>The baseline's name in tables and folders.</summary>
    public const string BaselineName = "baseline";
    /// <summary>The teacher's name in tables and folders.</summary>
    public const string TeacherName = "teacher";

    /// <summary>The replicate's training seed.</summary>
    public int Seed => Replicate.Seed;

    /// <summary>
    /// When this model's training must stop (its best checkpoint is then scored), set where the model trains apart from
    /// the recipe (<see cref="RecipeWorkers"/>) and its share of a time limit is decided by whoever started it; null: the
    /// task's own time limit applies.
    /// </summary>
    public DateTime? Deadline { get; init; }
}

/// <summary>How the recipe ran, for its results: the seeds, libtorch's thread count and the wall time.</summary>
public sealed record RecipeRecord(IReadOnlyList<int> Seeds, int Threads, TimeSpan Elapsed);
