using System.Globalization;
using Blend.Training;
using Spectre.Console;

namespace Blend.Cli;

/// <summary>
/// Shows training progress: a live Spectre.Console progress bar (epoch, losses, ETA) on an interactive terminal;
/// otherwise (files, pipes, cluster logs, tests) a plain line at the first validation and at most every 10 s after it,
/// with the time left (<see cref="PlainValidationLog"/>).
/// </summary>
public static class TrainingProgress
{
    /// <summary>Runs <paramref name="train"/> with an observer that reports to <paramref name="stdout"/>.</summary>
    public static TrainingResult Run(TextWriter stdout, int startEpoch, int endEpoch, Func<ITrainingObserver, TrainingResult> train)
    {
        var console = Terminal.For(stdout);
        if (!console.Profile.Capabilities.Interactive)
            return train(new PlainValidationLog(stdout, "", endEpoch));

        TrainingResult? result = null;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape($"epoch {startEpoch}/{endEpoch}"), maxValue: Math.Max(1, endEpoch));
                task.Value = startEpoch;
                result = train(new BarObserver(task, endEpoch));
            });
        return result!;
    }

    /// <summary>One validation as a line: epoch, losses, best, learning rate, time.</summary>
    public static string Line(ValidationRecord r, int totalEpochs) => string.Create(CultureInfo.InvariantCulture,
        $"epoch {r.Epoch,6}/{totalEpochs}  train {r.TrainLoss:F5}  val {r.ValLoss:F5}{(r.Improved ? "*" : " ")}  best {r.BestValLoss:F5}  lr {r.Lr:0.00e+00}  {r.Seconds:F0} s");

    private sealed class BarObserver(ProgressTask task, int endEpoch) : ITrainingObserver
    {
        private string _losses = "";

        public void EpochCompleted(int epoch, int totalEpochs)
        {
            task.Value = epoch;
            task.Description = Markup.Escape($"epoch {epoch}/{endEpoch}{_losses}");
        }

        public void Validated(ValidationRecord r) =>
            _losses = string.Create(CultureInfo.InvariantCulture, $"  val {r.ValLoss:F4} (best {r.BestValLoss:F4})");
    }
}
