using System.Globalization;
using Blend.Evaluation;
using Blend.Experiments;
using Blend.Reporting;
using Blend.Training;
using Spectre.Console;
using Blend.Evaluation.Results;

namespace Blend.Cli;

/// <summary>
/// Shows an experiment's progress: on an interactive terminal one Spectre progress bar per training run (its result in
/// the description once done); otherwise a line per validation at most every 10 s while a model trains
/// (<see cref="PlainValidationLog"/>), a line per finished run, and the experiment's time left after each.
/// </summary>
public static class ExperimentProgress
{
    public static T Run<T>(TextWriter stdout, Func<IExperimentObserver, T> experiment) where T : class
    {
        var console = Terminal.For(stdout);
        if (!console.Profile.Capabilities.Interactive) return experiment(new PlainLog(stdout));
        T? results = null;
        var notes = new List<string>();
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context => results = experiment(new Bars(context, notes)));
        foreach (string note in notes) stdout.WriteLine(note);
        return results!;
    }

    /// <summary>"[ 3/12] ndt    seed 100  student-hard  40 epochs (best 35)  12 s  co-bps 0.3123  vel R2 0.7012".</summary>
    public static string Line(ExperimentStep step, ModelRun run)
    {
        var inv = CultureInfo.InvariantCulture;
        string metrics = string.Join("  ", run.Metrics
            .Where(m => m.Key is NlbMetricNames.CoBps or NlbMetricNames.VelR2 or NlbMetricNames.PsthR2)
            .Select(m => $"{m.Key} {m.Value.ToString("F4", inv)}"));
        return $"{Position(step)} {step.Architecture,-5}  seed {step.Seed}  {Name(step),-24}  " +
               $"{run.Epochs} epochs (best {run.BestEpoch})  {run.Seconds.ToString("F0", inv)} s  {metrics}";
    }

    /// <summary>"[ 3/12]": the run's place among the family's runs, padded so the lines align.</summary>
    private static string Position(ExperimentStep step)
    {
        string total = step.Total.ToString(CultureInfo.InvariantCulture);
        return $"[{(step.Index + 1).ToString(CultureInfo.InvariantCulture).PadLeft(total.Length)}/{total}]";
    }

    private static string Name(ExperimentStep step) => step.Role == ModelRole.Teacher ? ExperimentTable.TeacherLabel : step.Model;

    private sealed class PlainLog(TextWriter stdout) : IExperimentObserver
    {
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private string _family = "";
        private int _trained; // models this process saw finish, for the family's rate
        private int _skipped; // models before the first one started: reused by a resumed run

        public ITrainingObserver? Starting(ExperimentStep step)
        {
            if (step.Architecture != _family)
            {
                // each family of a comparison counts its own time
                _family = step.Architecture;
                _clock.Restart();
                _trained = 0;
                _skipped = step.Index;
            }
            return new PlainValidationLog(stdout, $"  {Position(step)} {Name(step)}  ", step.Epochs);
        }

        public void Finished(ExperimentStep step, ModelRun run)
        {
            stdout.WriteLine(Line(step, run));
            // Models finish out of order when several train at once: count them rather than trusting the index.
            int done = _skipped + ++_trained;
            if (done < step.Total)
                stdout.WriteLine($"  {done}/{step.Total} models in {_clock.Elapsed.TotalMinutes.ToString("F1", CultureInfo.InvariantCulture)} min; " +
                                 PlainValidationLog.Remaining(_clock.Elapsed / _trained * (step.Total - done)) + " for this family");
        }

        public void Note(string message) => stdout.WriteLine(message);
    }

    private sealed class Bars(ProgressContext context, List<string> notes) : IExperimentObserver
    {
        // One bar per model; several are open when models train at once (--workers).
        private readonly Dictionary<(string, int), ProgressTask> _tasks = [];

        public ITrainingObserver? Starting(ExperimentStep step)
        {
            string label = $"{step.Architecture} seed {step.Seed} {Name(step)}";
            var task = context.AddTask(Markup.Escape(label), maxValue: Math.Max(1, step.Epochs));
            _tasks[(step.Architecture, step.Index)] = task;
            return new Epochs(task, label);
        }

        public void Finished(ExperimentStep step, ModelRun run)
        {
            if (!_tasks.Remove((step.Architecture, step.Index), out var task)) return;
            task.Value = task.MaxValue;
            task.Description = Markup.Escape(Line(step, run));
            task.StopTask();
        }

        public void Note(string message) => notes.Add(message);
    }

    private sealed class Epochs(ProgressTask task, string label) : ITrainingObserver
    {
        private string _losses = "";

        public void EpochCompleted(int epoch, int totalEpochs)
        {
            task.Value = epoch;
            task.Description = Markup.Escape($"{label}  epoch {epoch}/{totalEpochs}{_losses}");
        }

        public void Validated(ValidationRecord r) =>
            _losses = string.Create(CultureInfo.InvariantCulture, $"  val {r.ValLoss:F4} (best {r.BestValLoss:F4})");
    }
}
