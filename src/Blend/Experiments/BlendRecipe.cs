using System.Diagnostics;
using Blend.Data;
using Blend.Training;
using Blend.Distillation;
using Blend.Evaluation.Results;

namespace Blend.Experiments;

/// <summary>
/// BLEND (Guo et al., ICLR 2025) as one procedure over any <see cref="IBlendTask{TModel, TRun, TResult}"/>: for each
/// replicate, train the neural-only baseline, then the teacher that also sees behavior (privileged information), freeze
/// the teacher's selected checkpoint, and train one fresh student per distillation strategy against it; then aggregate
/// the replicates with paired statistics. Every model of a replicate is built from the generator seeded with the
/// replicate's seed (<see cref="TorchGlobalState.Seeded"/> — the recipe's one touch of libtorch's global state), so
/// baseline, teacher and students start alike and the same seeds give the same results. The thread count is the caller's
/// (the CLI sets it from <c>training.threads</c>) and is recorded. Everything is written into a temporary folder renamed
/// at the end: a failed or interrupted recipe leaves nothing behind.
/// </summary>
public static class BlendRecipe
{
    /// <summary>Runs <paramref name="task"/> for <paramref name="seeds"/> into <paramref name="outputFolder"/> (new or empty).</summary>
    public static TResult Run<TModel, TRun, TResult>(IBlendTask<TModel, TRun, TResult> task, IReadOnlyList<int> seeds, string outputFolder,
        CancellationToken cancellation = default) where TModel : class, IDisposable
    {
        ArgumentNullException.ThrowIfNull(task);
        if (seeds.Count == 0) throw new ArgumentException("the recipe needs at least one seed", nameof(seeds));
        if (AtomicDirectory.DestinationProblem(outputFolder) is string problem) throw new BlendInputException($"{outputFolder}: {problem}");
        var clock = Stopwatch.StartNew();
        var strategies = task.Strategies;
        var replicates = task.Replicates(seeds);
        int perReplicate = 2 + strategies.Count;
        int total = replicates.Count * perReplicate;
        TResult result = default!;
        AtomicDirectory.Write(outputFolder, folder =>
        {
            var runs = new List<TRun>(task.Begin(folder));
            foreach (var replicate in replicates)
            {
                cancellation.ThrowIfCancellationRequested();
                RecipeStep Step(int position, ModelRole role, string model, StrategySpec? strategy) =>
                    new(replicate.Index * perReplicate + position, total, replicate, role, model, strategy);

                var baselineStep = Step(0, ModelRole.Baseline, RecipeStep.BaselineName, null);
                using (var baseline = Create(task, folder, baselineStep))
                    runs.Add(task.Train(folder, baselineStep, baseline, null));

                var teacherStep = Step(1, ModelRole.Teacher, RecipeStep.TeacherName, null);
                var trained = Create(task, folder, teacherStep);
                try
                {
                    runs.Add(task.Train(folder, teacherStep, trained, null));
                }
                catch
                {
                    trained.Dispose();
                    throw;
                }
                using var frozen = task.Freeze(folder, teacherStep, trained);
                for (int s = 0; s < strategies.Count; s++)
                {
                    var studentStep = Step(2 + s, ModelRole.Student, strategies[s].ModelName, strategies[s]);
                    using var student = Create(task, folder, studentStep);
                    runs.Add(task.Train(folder, studentStep, student, frozen));
                }
            }
            result = task.Finish(folder, runs, new RecipeRecord(seeds, TorchSharp.torch.get_num_threads(), clock.Elapsed));
        });
        return result;
    }

    /// <summary>
    /// BLEND on a population-dynamics dataset folder (NLB files with behavior, as <c>blend synth</c>, <c>blend import</c> or
    /// <c>blend nwb</c> write them) — the library form of <c>blend run</c>: <paramref name="config"/> (default: the built-in
    /// defaults; <see cref="ExperimentConfig.Load"/> or <see cref="ExperimentConfig.Parse"/> read YAML) chooses the family,
    /// strategies and seeds. Writes the experiment into <paramref name="outputFolder"/> and returns its scores and models.
    /// libtorch's thread count is the caller's to set.
    /// </summary>
    public static BlendFit Fit(string dataFolder, string outputFolder, ExperimentConfig? config = null, IExperimentObserver? observer = null,
        CancellationToken cancellation = default)
    {
        var results = BlendExperiment.Run(new ExperimentRequest
        {
            DataFolder = dataFolder, OutputFolder = outputFolder, Config = config ?? new ExperimentConfig(), CommandLine = "BlendRecipe.Fit",
        }, observer, cancellation);
        return new BlendFit(Path.GetFullPath(outputFolder), results);
    }

    private static TModel Create<TModel, TRun, TResult>(IBlendTask<TModel, TRun, TResult> task, string folder, RecipeStep step)
        where TModel : class, IDisposable =>
        TorchGlobalState.Seeded(step.Seed, () => task.Create(folder, step));
}
