namespace Blend.Experiments;

/// <summary>
/// Runs a set of recipe steps on a fixed number of slots, each step once every step it depends on has finished, in the
/// order given (a replicate's baseline and teacher before its students; earlier replicates first). The first failure
/// cancels the steps still running and is rethrown once they have stopped; cancellation of the caller's token stops them
/// all and throws <see cref="OperationCanceledException"/>.
/// </summary>
public static class StepScheduler
{
    /// <summary>
    /// Runs every step of <paramref name="steps"/> through <paramref name="run"/>, at most <paramref name="slots"/> at a time;
    /// a step waits for those of <paramref name="prerequisites"/> that are among <paramref name="steps"/> (the others are
    /// done already). <paramref name="finished"/> is told of each step that completed.
    /// </summary>
    public static void Run(IReadOnlyList<RecipeStep> steps, Func<RecipeStep, IEnumerable<RecipeStep>> prerequisites, int slots,
        Func<RecipeStep, CancellationToken, Task> run, CancellationToken cancellation, Action<RecipeStep>? finished = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        var pending = new List<RecipeStep>(steps);
        var scheduled = steps.Select(s => s.Index).ToHashSet();
        var waitingFor = steps.ToDictionary(s => s.Index, s => prerequisites(s).Select(p => p.Index).Where(scheduled.Contains).ToHashSet());
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var running = new Dictionary<Task, RecipeStep>();
        Exception? failure = null;
        while (pending.Count > 0 || running.Count > 0)
        {
            if (failure is null && !stop.IsCancellationRequested)
            {
                foreach (var step in pending.Where(s => waitingFor[s.Index].Count == 0).Take(slots - running.Count).ToList())
                {
                    pending.Remove(step);
                    running[Task.Run(() => run(step, stop.Token))] = step;
                }
            }
            if (running.Count == 0)
            {
                if (failure is not null || stop.IsCancellationRequested) break;
                throw new InvalidOperationException($"steps {string.Join(", ", pending.Select(s => s.Index))} wait for steps that never run");
            }
            var done = Task.WhenAny(running.Keys).GetAwaiter().GetResult();
            var doneStep = running[done];
            running.Remove(done);
            if (done.IsCompletedSuccessfully)
            {
                foreach (var waits in waitingFor.Values) waits.Remove(doneStep.Index);
                finished?.Invoke(doneStep);
                continue;
            }
            var error = done.Exception?.InnerException ?? new OperationCanceledException();
            // The first real failure wins over the cancellations it caused.
            if (failure is null || (failure is OperationCanceledException && error is not OperationCanceledException)) failure = error;
            stop.Cancel();
        }
        cancellation.ThrowIfCancellationRequested();
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
    }
}
