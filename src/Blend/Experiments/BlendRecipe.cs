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
    /// <summary>
    /// Runs <paramref name="task"/> for <paramref name="seeds"/> into <paramref name="outputFolder"/> (new or empty). The work
    /// happens in <c>&lt;output&gt;.incomplete</c>, renamed when done; an interrupted or crashed recipe keeps it, and
    /// <paramref name="resume"/> continues there: finished models (<see cref="IBlendTask{TModel, TRun, TResult}.Completed"/>)
    /// are reused, the interrupted one continues from its last checkpoint, and the results equal an uninterrupted run's.
    /// </summary>
    public static TResult Run<TModel, TRun, TResult>(IBlendTask<TModel, TRun, TResult> task, IReadOnlyList<int> seeds, string outputFolder,
        CancellationToken cancellation = default, bool resume = false) where TModel : class, IDisposable
    {
        ArgumentNullException.ThrowIfNull(task);
        if (resume && !task.Resumable) throw new ArgumentException("this task cannot resume", nameof(resume));
        if (seeds.Count == 0) throw new ArgumentException("the recipe needs at least one seed", nameof(seeds));
        var clock = Stopwatch.StartNew();
        var strategies = task.Strategies;
        var replicates = task.Replicates(seeds);
        int perReplicate = 2 + strategies.Count;
        int total = replicates.Count * perReplicate;
        int finished = 0;
        TResult result = default!;
        ResumableDirectory.Write(outputFolder, resume, folder =>
        {
            var runs = new List<TRun>(task.Begin(folder));
            foreach (var replicate in replicates)
            {
                cancellation.ThrowIfCancellationRequested();
                RecipeStep Step(int position, ModelRole role, string model, StrategySpec? strategy) =>
                    new(replicate.Index * perReplicate + position, total, replicate, role, model, strategy);
                TRun TrainOrReuse(RecipeStep step, TModel? teacher, out TModel? trained)
                {
                    trained = null;
                    if (task.Completed(folder, step) is { } done) return done;
                    trained = Create(task, folder, step);
                    try
                    {
                        var run = task.Train(folder, step, trained, teacher);
                        finished++;
                        return run;
                    }
                    catch
                    {
                        trained.Dispose();
                        trained = null;
                        throw;
                    }
                }

                runs.Add(TrainOrReuse(Step(0, ModelRole.Baseline, RecipeStep.BaselineName, null), null, out var baseline));
                baseline?.Dispose();

                var teacherStep = Step(1, ModelRole.Teacher, RecipeStep.TeacherName, null);
                runs.Add(TrainOrReuse(teacherStep, null, out var trainedTeacher));
                using var frozen = task.Freeze(folder, teacherStep, trainedTeacher);
                for (int s = 0; s < strategies.Count; s++)
                {
                    var studentStep = Step(2 + s, ModelRole.Student, strategies[s].ModelName, strategies[s]);
                    runs.Add(TrainOrReuse(studentStep, frozen, out var student));
                    student?.Dispose();
                }
            }
            result = task.Finish(folder, runs, new RecipeRecord(seeds, TorchSharp.torch.get_num_threads(), clock.Elapsed));
        }, error => task.Resumable && (error is OperationCanceledException || finished > 0));
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
