using System.Collections.Concurrent;
using Blend.Experiments;
using Blend.Evaluation.Results;

namespace Blend.Tests.Experiments;

/// <summary>
/// <see cref="StepScheduler"/>: at most N steps at once, a student only after its teacher (and a warm start after its
/// baseline), the first failure stops the rest and is rethrown, and the caller's cancellation stops everything.
/// </summary>
public sealed class StepSchedulerTests
{
    private static (List<RecipeStep> Steps, Func<RecipeStep, IEnumerable<RecipeStep>> Prerequisites) Recipe(int replicates, int students, bool warmStart = false)
    {
        int per = 2 + students, total = replicates * per;
        var steps = new List<RecipeStep>();
        for (int r = 0; r < replicates; r++)
        {
            var replicate = new BlendReplicate(r, replicates, 100 + r, null, $"seed{r}");
            steps.Add(new RecipeStep(r * per, total, replicate, ModelRole.Baseline, "baseline", null));
            steps.Add(new RecipeStep(r * per + 1, total, replicate, ModelRole.Teacher, "teacher", null));
            for (int s = 0; s < students; s++) steps.Add(new RecipeStep(r * per + 2 + s, total, replicate, ModelRole.Student, $"student-{s}", null));
        }
        var plan = new RecipePlan([.. steps.Select(s => s.Replicate).Distinct()], steps, per, _ => warmStart);
        return (steps, plan.Prerequisites);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    public void EveryStepRunsOnceAfterItsPrerequisitesWithAtMostNAtOnce(int slots, bool warmStart)
    {
        var (steps, prerequisites) = Recipe(replicates: 3, students: 2, warmStart);
        var finishedAt = new ConcurrentDictionary<int, int>();
        var startedAfter = new ConcurrentDictionary<int, HashSet<int>>();
        int running = 0, most = 0, clock = 0;
        var reported = new List<int>();
        StepScheduler.Run(steps, prerequisites, slots, async (step, token) =>
        {
            lock (finishedAt) startedAfter[step.Index] = [.. finishedAt.Keys];
            int now = Interlocked.Increment(ref running);
            lock (finishedAt) most = Math.Max(most, now);
            await Task.Delay(5 + step.Index % 3 * 5, token);
            Interlocked.Decrement(ref running);
            lock (finishedAt) finishedAt[step.Index] = clock++;
        }, CancellationToken.None, step => reported.Add(step.Index));

        Assert.Equal(steps.Select(s => s.Index).Order(), finishedAt.Keys.Order());
        Assert.Equal(steps.Count, reported.Count);
        Assert.True(most <= slots, $"{most} steps ran at once with {slots} slots");
        if (slots > 1) Assert.True(most > 1, "independent steps did not overlap");
        foreach (var step in steps)
            foreach (var before in prerequisites(step))
                Assert.Contains(before.Index, startedAfter[step.Index]);
        Assert.Equal(warmStart, prerequisites(steps[1]).Any());
    }

    [Fact]
    public void StepsAlreadyDoneAreNotWaitedFor()
    {
        var (steps, prerequisites) = Recipe(replicates: 1, students: 2);
        var ran = new ConcurrentBag<int>();
        // The teacher finished before (a resumed experiment): only the students are left, and they start at once.
        StepScheduler.Run(steps.Skip(2).ToList(), prerequisites, 2, (step, _) => { ran.Add(step.Index); return Task.CompletedTask; }, CancellationToken.None);
        Assert.Equal([2, 3], ran.Order());
    }

    [Fact]
    public void TheFirstFailureStopsTheOthersAndIsRethrown()
    {
        var (steps, prerequisites) = Recipe(replicates: 2, students: 1);
        var cancelled = new ConcurrentBag<int>();
        var started = new ConcurrentBag<int>();
        var error = Assert.Throws<InvalidOperationException>(() => StepScheduler.Run(steps, prerequisites, 2, async (step, token) =>
        {
            started.Add(step.Index);
            if (step.Index == 1) throw new InvalidOperationException("teacher failed");
            try { await Task.Delay(TimeSpan.FromSeconds(30), token); }
            catch (OperationCanceledException) { cancelled.Add(step.Index); throw; }
        }, CancellationToken.None));
        Assert.Equal("teacher failed", error.Message);
        Assert.Equal([0], cancelled);              // the baseline running beside it was stopped
        Assert.Equal([0, 1], started.Order());     // nothing started after the failure
    }

    [Fact]
    public void CancellationStopsEveryStepAndThrowsOperationCanceled()
    {
        var (steps, prerequisites) = Recipe(replicates: 2, students: 1);
        using var cancel = new CancellationTokenSource();
        var started = new ConcurrentBag<int>();
        Assert.ThrowsAny<OperationCanceledException>(() => StepScheduler.Run(steps, prerequisites, 2, async (step, token) =>
        {
            started.Add(step.Index);
            if (started.Count == 2) cancel.Cancel();
            await Task.Delay(TimeSpan.FromSeconds(30), token);
        }, cancel.Token));
        Assert.Equal(2, started.Count);
    }

    [Fact]
    public void NoSlotsIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => StepScheduler.Run([], _ => [], 0, (_, _) => Task.CompletedTask, CancellationToken.None));
}
