using Blend.Data;

namespace Blend.Training;

/// <summary>
/// The training budget Blend chooses when no config file is given, so that a plain <c>blend train --data D</c> or
/// <c>blend run --data D</c> finishes in minutes rather than the reference's 50,501 epochs (weeks at MC_Maze scale on a
/// CPU). An epoch's work is taken as trials × bins × (bins + neurons) — attention over the window and the input and
/// output layers per bin — which matched NDT's measured epoch times on two cores within 10 % between the demo dataset
/// (360 trials × 45 bins, 80 neurons: 0.3 s) and an MC_Maze-sized one (1,360 trials × 180 bins, 182 neurons: 12.5 s).
/// The budget allows <see cref="WorkPerThread"/> such units per model and libtorch thread (at most
/// <see cref="MaxThreads"/> counted): about five minutes per model on two cores. The epochs are the shipped schedule's
/// (an upper bound, tuned on the demo) or fewer for larger data, never fewer than <see cref="MinEpochs"/>; warmup,
/// validation interval and patience keep their share of the schedule. The rule depends only on the data's size and the
/// thread count, so a machine gives the same choice every time, and the choice is written to the run's config.yaml like
/// every other key.
/// </summary>
public static class DefaultBudget
{
    /// <summary>Units of work (trial × bin × (bins + neurons)) per model and libtorch thread.</summary>
    public const long WorkPerThread = 1_000_000_000;

    /// <summary>Threads beyond this do not speed up these small models further, so they do not raise the budget.</summary>
    public const int MaxThreads = 8;

    /// <summary>How to get another schedule, said after the chosen one.</summary>
    public const string OtherSchedules = "(a config file sets any other schedule, e.g. --config configs/ndt.yaml the reference's 50,501 epochs)";

    /// <summary>The fewest epochs the budget gives, however large the data.</summary>
    public const int MinEpochs = 10;

    /// <summary>
    /// <paramref name="schedule"/> scaled to <paramref name="trainTrials"/> optimizer trials of <paramref name="layout"/>'s
    /// shape on <paramref name="threads"/> libtorch threads (0: the machine's processor count), and a sentence saying what was chosen.
    /// </summary>
    public static (TrainingOptions Options, string Description) Choose(TrainingOptions schedule, int trainTrials, TrialLayout layout, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(trainTrials);
        int bins = layout.Bins, neurons = layout.HeldinNeurons + layout.HeldoutNeurons;
        int counted = Math.Clamp(threads > 0 ? threads : Environment.ProcessorCount, 1, MaxThreads);
        long budget = WorkPerThread * counted;
        long perEpoch = Math.Max(1, (long)trainTrials * bins * (bins + neurons));
        int epochs = (int)Math.Clamp(budget / perEpoch, Math.Min(MinEpochs, schedule.Epochs), schedule.Epochs);
        double share = (double)epochs / schedule.Epochs;
        int valInterval = Math.Max(1, (int)Math.Round(schedule.ValInterval * share));
        var options = schedule with
        {
            Epochs = epochs,
            Warmup = schedule.Warmup == 0 ? 0 : Math.Max(1, (int)Math.Round(schedule.Warmup * share)),
            ValInterval = valInterval,
            Patience = Math.Max(3 * valInterval, (int)Math.Round(schedule.Patience * share)),
        };
        string description = FormattableString.Invariant(
            $"{epochs} epochs (warmup {options.Warmup}, validation every {options.ValInterval}, patience {options.Patience}) for ") +
            FormattableString.Invariant($"{trainTrials:N0} training trials × {bins} bins × {neurons} neurons on {counted} thread{(counted == 1 ? "" : "s")} ") +
            "(about five minutes per model on two cores)" +
            (epochs == schedule.Epochs ? ", the whole shipped schedule" : FormattableString.Invariant($", of the shipped schedule's {schedule.Epochs}"));
        return (options, description);
    }
}
