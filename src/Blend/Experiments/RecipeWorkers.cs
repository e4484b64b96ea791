namespace Blend.Experiments;

/// <summary>
/// Runs a recipe's models outside the recipe's process, several at once (<c>blend run --workers N</c>): the recipe hands
/// each model that is not finished yet to <see cref="TrainStep"/> once the models it learns from are finished, at most
/// <see cref="Count"/> at a time, then collects every model from its folder as a resumed recipe does. A model trained
/// this way equals the one the in-process recipe trains (construction is seeded per model, and each model's training
/// uses only its own state), as long as the worker uses the same libtorch thread count.
/// </summary>
/// <param name="Count">How many models train at once (≥ 1).</param>
/// <param name="TrainStep">
/// Trains one model into the experiment's working folder (second argument) — typically a worker process running
/// <see cref="BlendRecipe.RunStep{TModel, TRun, TResult}"/> — and completes when its run record is written; throws when
/// the model failed, <see cref="OperationCanceledException"/> when the token interrupted it (its checkpoints stay).
/// </param>
public sealed record RecipeWorkers(int Count, Func<RecipeStep, string, CancellationToken, Task> TrainStep)
{
    /// <summary>
    /// Whether this process has plug-ins registered (model families, strategies, run metrics): a worker process knows
    /// only the built-in ones, so such an experiment trains its models here.
    /// </summary>
    public static bool PluginsRegistered => RegistrationHandle.Live > 0;
}
