using Blend.Distillation;
namespace Blend.Experiments;

/// <summary>
/// What <see cref="BlendRecipe"/> needs from a task to run BLEND on it: the replicates, a fresh model for each role,
/// training with the role's objective (a student's against the frozen teacher, with its distillation strategy),
/// prediction and scoring, and aggregation. The recipe owns the order (baseline → teacher → frozen teacher → one
/// student per strategy), the seeding of model construction and the output folder; the task owns its data, models,
/// metrics and report. Two tasks implement it: <see cref="NlbBlendTask"/> (population dynamics, NLB metrics) and
/// <see cref="Identity.IdentityBlendTask"/> (NeuPRINT, transcriptomic identity).
/// </summary>
/// <typeparam name="TModel">A trainable model as the task holds it (disposed by the recipe).</typeparam>
/// <typeparam name="TRun">One trained and scored model of one replicate.</typeparam>
/// <typeparam name="TResult">What the whole recipe produced (results.json's content).</typeparam>
public interface IBlendTask<TModel, TRun, TResult> where TModel : IDisposable
{
    /// <summary>
    /// Whether an interrupted recipe of this task keeps its finished models for <c>--resume</c> (the task implements
    /// <see cref="Completed"/>); otherwise an interrupted recipe leaves nothing behind.
    /// </summary>
    bool Resumable { get; }

    /// <summary>The distillation strategies, one student each, in order.</summary>
    IReadOnlyList<StrategySpec> Strategies { get; }

    /// <summary>The replicates for <paramref name="seeds"/> (one per seed, or one per seed and held-out fold), each with its folder.</summary>
    IReadOnlyList<BlendReplicate> Replicates(IReadOnlyList<int> seeds);

    /// <summary>Writes what precedes the replicates into the experiment folder (its config, fixed reference models) and returns those references' runs.</summary>
    IEnumerable<TRun> Begin(string folder);

    /// <summary>
    /// The run of <paramref name="step"/> when a resumed recipe finds it finished in <paramref name="folder"/> (it is then
    /// not trained again); null to train it — continuing from its last checkpoint where the task keeps one.
    /// </summary>
    TRun? Completed(string folder, RecipeStep step);

    /// <summary>A resumed recipe reuses <paramref name="run"/>, which <see cref="Completed"/> found finished before the interruption.</summary>
    void Reused(RecipeStep step, TRun run) { }

    /// <summary>
    /// Whether <paramref name="step"/>'s model starts from its replicate's trained baseline (a warm start), so it must wait
    /// for the baseline when models train in parallel (<see cref="RecipeWorkers"/>).
    /// </summary>
    bool WarmStartsFromBaseline(RecipeStep step) => false;

    /// <summary>A fresh model for <paramref name="step"/>'s role; the recipe has seeded construction with the replicate's seed.</summary>
    TModel Create(string folder, RecipeStep step);

    /// <summary>
    /// Trains <paramref name="model"/> with its role's objective (a student: distilled from <paramref name="teacher"/> with
    /// <see cref="RecipeStep.Strategy"/>), selects, predicts and scores it, and writes its run folder.
    /// </summary>
    TRun Train(string folder, RecipeStep step, TModel model, TModel? teacher);

    /// <summary>
    /// The frozen teacher the replicate's students learn from. Takes ownership of the trained teacher: returns it as it
    /// is, or a fresh model holding its selected checkpoint (disposing the trained one). <paramref name="trained"/> is null
    /// when a resumed recipe found the teacher finished (<see cref="Completed"/>): the task restores it from the folder.
    /// </summary>
    TModel Freeze(string folder, RecipeStep step, TModel? trained);

    /// <summary>Aggregates every run (references first, then replicate by replicate), writes results and report, returns the results.</summary>
    TResult Finish(string folder, IReadOnlyList<TRun> runs, RecipeRecord record);
}
