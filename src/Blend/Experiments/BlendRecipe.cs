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
    /// With <paramref name="workers"/> the models that are not finished train there, several at once, before the recipe
    /// collects them all from their folders.
    /// </summary>
    public static TResult Run<TModel, TRun, TResult>(IBlendTask<TModel, TRun, TResult> task, IReadOnlyList<int> seeds, string outputFolder,
        CancellationToken cancellation = default, bool resume = false, RecipeWorkers? workers = null) where TModel : class, IDisposable
    {
        ArgumentNullException.ThrowIfNull(task);
        if (resume && !task.Resumable) throw new ArgumentException("this task cannot resume", nameof(resume));
        if (workers is not null && !task.Resumable) throw new ArgumentException("only a task that collects finished models from their folders can use workers", nameof(workers));
        var clock = Stopwatch.StartNew();
        var plan = Plan(task, seeds);
        int finished = 0;
        TResult result = default!;
        ResumableDirectory.Write(outputFolder, resume, folder =>
        {
            var runs = new List<TRun>(task.Begin(folder));
            var trainedByWorkers = new HashSet<int>();
            if (workers is not null)
            {
                var pending = plan.Steps.Where(s => task.Completed(folder, s) is null).ToList();
                StepScheduler.Run(pending, plan.Prerequisites, workers.Count, (step, token) => workers.TrainStep(step, folder, token), cancellation,
                    step => { finished++; trainedByWorkers.Add(step.Index); });
            }
            foreach (var replicate in plan.Replicates)
            {
                cancellation.ThrowIfCancellationRequested();
                TRun TrainOrReuse(RecipeStep step, TModel? teacher, out TModel? trained)
                {
                    trained = null;
                    if (task.Completed(folder, step) is { } done)
                    {
                        if (!trainedByWorkers.Contains(step.Index)) task.Reused(step, done);
                        return done;
                    }
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

                var steps = plan.StepsOf(replicate);
                runs.Add(TrainOrReuse(steps[0], null, out var baseline));
                baseline?.Dispose();

                var teacherStep = steps[1];
                runs.Add(TrainOrReuse(teacherStep, null, out var trainedTeacher));
                // Workers trained every student of the replicate: no need to restore its teacher.
                if (workers is not null && steps.Skip(2).All(s => trainedByWorkers.Contains(s.Index) || task.Completed(folder, s) is not null))
                {
                    trainedTeacher?.Dispose();
                    foreach (var studentStep in steps.Skip(2)) runs.Add(TrainOrReuse(studentStep, null, out _));
                    continue;
                }
                using var frozen = task.Freeze(folder, teacherStep, trainedTeacher);
                foreach (var studentStep in steps.Skip(2))
                {
                    runs.Add(TrainOrReuse(studentStep, frozen, out var student));
                    student?.Dispose();
                }
            }
            result = task.Finish(folder, runs, new RecipeRecord(seeds, TorchSharp.torch.get_num_threads(), clock.Elapsed));
        }, error => task.Resumable && (error is OperationCanceledException || finished > 0));
        return result;
    }

    /// <summary>
    /// Trains the one model <paramref name="stepIndex"/> of the recipe for <paramref name="seeds"/> in the working folder
    /// <paramref name="folder"/> of a recipe that has begun (<see cref="RecipeWorkers"/>' worker side): a student loads its
    /// replicate's finished teacher; an interrupted model continues from its last checkpoint; a finished one is returned as
    /// it is. <paramref name="deadline"/> bounds this model's training (its best checkpoint is scored when it passes).
    /// </summary>
    public static TRun RunStep<TModel, TRun, TResult>(IBlendTask<TModel, TRun, TResult> task, IReadOnlyList<int> seeds, string folder, int stepIndex,
        DateTime? deadline = null) where TModel : class, IDisposable
    {
        ArgumentNullException.ThrowIfNull(task);
        var plan = Plan(task, seeds);
        if (stepIndex < 0 || stepIndex >= plan.Steps.Count)
            throw new BlendInputException($"step {stepIndex}: the recipe has steps 0 to {plan.Steps.Count - 1}");
        if (!Directory.Exists(folder)) throw new BlendInputException($"{folder}: no such experiment folder");
        var step = plan.Steps[stepIndex] with { Deadline = deadline };
        if (task.Completed(folder, step) is { } done) return done;
        foreach (var prerequisite in plan.Prerequisites(step))
            if (task.Completed(folder, prerequisite) is null)
                throw new BlendInputException($"{folder}: {step.Model} of seed {step.Seed} needs {prerequisite.Model} of seed {prerequisite.Seed}, which has not finished");
        TModel? teacher = step.Role == ModelRole.Student ? task.Freeze(folder, plan.StepsOf(step.Replicate)[1], null) : null;
        try
        {
            using var model = Create(task, folder, step);
            return task.Train(folder, step, model, teacher);
        }
        finally
        {
            teacher?.Dispose();
        }
    }

    /// <summary>Every model the recipe trains for <paramref name="seeds"/>, in order, and which ones each waits for.</summary>
    internal static RecipePlan Plan<TModel, TRun, TResult>(IBlendTask<TModel, TRun, TResult> task, IReadOnlyList<int> seeds) where TModel : IDisposable
    {
        if (seeds.Count == 0) throw new ArgumentException("the recipe needs at least one seed", nameof(seeds));
        var strategies = task.Strategies;
        var replicates = task.Replicates(seeds);
        int perReplicate = 2 + strategies.Count;
        int total = replicates.Count * perReplicate;
        var steps = new List<RecipeStep>(total);
        foreach (var replicate in replicates)
        {
            RecipeStep Step(int position, ModelRole role, string model, StrategySpec? strategy) =>
                new(replicate.Index * perReplicate + position, total, replicate, role, model, strategy);
            steps.Add(Step(0, ModelRole.Baseline, RecipeStep.BaselineName, null));
            steps.Add(Step(1, ModelRole.Teacher, RecipeStep.TeacherName, null));
            for (int s = 0; s < strategies.Count; s++) steps.Add(Step(2 + s, ModelRole.Student, strategies[s].ModelName, strategies[s]));
        }
        return new RecipePlan(replicates, steps, perReplicate, step => task.WarmStartsFromBaseline(step));
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
