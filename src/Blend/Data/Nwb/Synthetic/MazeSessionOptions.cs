namespace Blend.Data.Nwb.Synthetic;

/// <summary>
/// The shape of an MC_Maze-like session (DANDI 000128): delayed center-out reaches around maze barriers, data only
/// inside trials. <see cref="ForSize"/> gives the presets; <c>with</c> changes single knobs.
/// </summary>
public sealed record MazeSessionOptions
{
    /// <summary>The size preset's name (<c>small</c> or <c>large</c>), recorded in the file's identifier and the summary.</summary>
    public string Size { get; init; } = SyntheticNwbOptions.Small;
    /// <summary>Seed of every random draw; each part of the session uses its own stream derived from it.</summary>
    public int Seed { get; init; }
    /// <summary>Number of trials (reaches) in the session.</summary>
    public int Trials { get; init; } = 48;
    /// <summary>Number of units, held-in and held-out together.</summary>
    public int Units { get; init; } = 30;
    /// <summary>How many of <see cref="Units"/> are marked <c>heldout</c> (a random subset, interleaved with the held-in units).</summary>
    public int HeldoutUnits { get; init; } = 8;
    /// <summary>Electrodes, split between an M1 and a PMd array; each carries at most three units, so at least Units / 3 are needed.</summary>
    public int Electrodes { get; init; } = 32;

    /// <summary>(trial_type, trial_version) pairs, drawn about equally often. Version 0 has no barriers, 1 and 2
    /// have two and bend the reach either way, 2 shows three targets.</summary>
    public IReadOnlyList<(int Type, int Version)> Conditions { get; init; } =
        [(3, 0), (3, 1), (7, 0), (7, 1), (12, 1), (12, 2), (21, 1), (21, 2)];

    /// <summary>NLB <c>split</c> values and their fractions of trials; counts are exact (largest remainder), order shuffled.</summary>
    public IReadOnlyList<(string Split, double Fraction)> Splits { get; init; } =
        [(SplitPlan.Train, 0.65), (SplitPlan.Val, 0.25), (SplitPlan.Test, 0.05), (SplitPlan.None, 0.05)];

    /// <summary>Also write cursor_pos and eye_pos, as the DANDI file has.</summary>
    public bool CursorAndEye { get; init; }

    /// <summary>Per-unit baseline rate range, Hz.</summary>
    public (double Low, double High) BaselineHz { get; init; } = (4, 15);
    /// <summary>Per-unit gain on the velocity along the preferred direction, Hz per 100 mm/s.</summary>
    public (double Low, double High) VelocityGain { get; init; } = (4, 12);
    /// <summary>Largest gain of the condition-tuned preparatory ramp after target onset, Hz.</summary>
    public double PrepGainHz { get; init; } = 10;
    /// <summary>Rates follow the hand velocity this much later (the NLB behaviour lag of MC_Maze).</summary>
    public int LagMs { get; init; } = 100;
    /// <summary>Fraction of trials with success = false.</summary>
    public double FailureFraction { get; init; } = 0.03;

    /// <summary>small: 48 trials, 30 units (8 held out), 32 electrodes, hand_pos and hand_vel, like the golden
    /// fixture. large: the DANDI training file's scale: 2000 trials over 108 conditions, 182 units (45 held out),
    /// 192 electrodes, hand, cursor and eye series, rates set for about two million spikes.</summary>
    public static MazeSessionOptions ForSize(string size, int seed) => size switch
    {
        SyntheticNwbOptions.Small => new() { Size = size, Seed = seed },
        SyntheticNwbOptions.Large => new()
        {
            Size = size,
            Seed = seed,
            Trials = 2000,
            Units = 182,
            HeldoutUnits = 45,
            Electrodes = 192,
            Conditions = [.. Enumerable.Range(1, 36).SelectMany(type => Enumerable.Range(0, 3).Select(version => (type, version)))],
            CursorAndEye = true,
            BaselineHz = (1.5, 7),
            VelocityGain = (1, 4),
            PrepGainHz = 3,
        },
        _ => throw new BlendInputException($"--size must be one of {string.Join(", ", SyntheticNwbOptions.Sizes)}, got '{size}'"),
    };

    /// <summary>Throws <see cref="BlendInputException"/> naming the first option that is out of range.</summary>
    public void Validate()
    {
        static void Require(bool ok, string message)
        {
            if (!ok) throw new BlendInputException(message);
        }
        Require(Trials >= 1, $"trials must be at least 1, got {Trials}");
        Require(Units >= 1 && HeldoutUnits >= 0 && HeldoutUnits <= Units, $"held-out units must be in 0..{Units}, got {HeldoutUnits}");
        Require(Electrodes >= 2 && Units <= 3 * Electrodes, $"{Units} units need at least {(Units + 2) / 3} electrodes (and 2 areas), got {Electrodes}");
        Require(Conditions.Count >= 1 && Conditions.All(c => c.Version is >= 0 and <= 2), "conditions need trial versions 0, 1 or 2");
        Require(Splits.Count >= 1 && Splits.All(s => s.Fraction >= 0) && Splits.Sum(s => s.Fraction) > 0, "split fractions must be non-negative");
        Require(BaselineHz.Low >= 0 && BaselineHz.High >= BaselineHz.Low, "baseline rates must be a non-negative range");
        Require(LagMs >= 0, $"lag must be non-negative, got {LagMs}");
    }
}
