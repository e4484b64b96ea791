using Blend.Evaluation.Results;

namespace Blend.Experiments;

/// <summary>
/// Every model a recipe trains, in the recipe's order, and what each must wait for: a student for its replicate's
/// teacher (it distills from it), and any model that starts from the replicate's baseline weights for the baseline.
/// </summary>
/// <param name="Replicates">The recipe's replicates.</param>
/// <param name="Steps">Replicate by replicate: baseline, teacher, one student per strategy; <see cref="RecipeStep.Index"/> is the position here.</param>
/// <param name="PerReplicate">Steps per replicate (2 + strategies).</param>
/// <param name="WarmStartsFromBaseline">Whether a step's model starts from its replicate's trained baseline.</param>
internal sealed record RecipePlan(IReadOnlyList<BlendReplicate> Replicates, IReadOnlyList<RecipeStep> Steps, int PerReplicate,
    Func<RecipeStep, bool> WarmStartsFromBaseline)
{
    /// <summary>The steps of <paramref name="replicate"/>: baseline, teacher, students.</summary>
    public IReadOnlyList<RecipeStep> StepsOf(BlendReplicate replicate) => [.. Steps.Skip(replicate.Index * PerReplicate).Take(PerReplicate)];

    /// <summary>The steps that must finish before <paramref name="step"/> starts.</summary>
    public IEnumerable<RecipeStep> Prerequisites(RecipeStep step)
    {
        var own = StepsOf(step.Replicate);
        if (step.Role != ModelRole.Baseline && WarmStartsFromBaseline(step)) yield return own[0];
        if (step.Role == ModelRole.Student) yield return own[1];
    }
}
