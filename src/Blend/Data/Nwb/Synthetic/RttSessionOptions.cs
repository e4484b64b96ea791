namespace Blend.Data.Nwb.Synthetic;

/// <summary>
/// The shape of an MC_RTT-like session (DANDI 000129): self-paced random-target reaches recorded in a few
/// continuous chunks, behaviour regularly sampled at 1 kHz over the whole recording (NaN between chunks), and
/// "trials" that are consecutive 600 ms segments of each chunk.
/// </summary>
public sealed record RttSessionOptions
{
    /// <summary>The size preset's name (<c>small</c> or <c>large</c>), recorded in the file's identifier and the summary.</summary>
    public string Size { get; init; } = SyntheticNwbOptions.Small;
    /// <summary>Seed of every random draw; each part of the session uses its own stream derived from it.</summary>
    public int Seed { get; init; }

    /// <summary>600 ms segments in each recording chunk; a chunk runs 300 ms past its last segment.</summary>
    public IReadOnlyList<int> SegmentsPerChunk { get; init; } = [15, 12, 14];
    /// <summary>Unrecorded time between chunks, ms (drawn in this range, so chunk starts fall off the 5 ms grid).</summary>
    public (int Low, int High) GapMs { get; init; } = (150, 350);
    /// <summary>Number of units, held-in and held-out together.</summary>
    public int Units { get; init; } = 22;
    /// <summary>How many of <see cref="Units"/> are marked <c>heldout</c> (a random subset, interleaved with the held-in units).</summary>
    public int HeldoutUnits { get; init; } = 6;
    /// <summary>Electrodes on one M1 array; each carries at most three units, so at least Units / 3 are needed.</summary>
    public int Electrodes { get; init; } = 24;

    /// <summary>NLB <c>split</c> values and their fractions of segments; counts are exact (largest remainder), order shuffled.</summary>
    public IReadOnlyList<(string Split, double Fraction)> Splits { get; init; } =
        [(SplitPlan.Train, 0.65), (SplitPlan.Val, 0.25), (SplitPlan.Test, 0.05), (SplitPlan.None, 0.05)];

    /// <summary>Per-unit baseline rate range, Hz.</summary>
    public (double Low, double High) BaselineHz { get; init; } = (4, 15);
    /// <summary>Hz per 100 mm/s along the preferred direction.</summary>
    public (double Low, double High) VelocityGain { get; init; } = (4, 12);
    /// <summary>Rates follow the finger velocity this much later (the NLB behaviour lag of MC_RTT).</summary>
    public int LagMs { get; init; } = 140;

    /// <summary>Length of one "trial" segment, ms (NLB's MC_RTT trials are 600 ms).</summary>
    public const int SegmentMs = 600;
    /// <summary>Recorded time after a chunk's last segment, ms.</summary>
    public const int TailMs = 300;

    /// <summary>small: 3 chunks of 15, 12 and 14 segments (the golden fixture's), 22 units (6 held out). large: about
    /// the DANDI file's scale, 1350 segments in 6 chunks (13.5 minutes), 130 units (32 held out), 96 electrodes.</summary>
    public static RttSessionOptions ForSize(string size, int seed) => size switch
    {
        SyntheticNwbOptions.Small => new() { Size = size, Seed = seed },
        SyntheticNwbOptions.Large => new()
        {
            Size = size,
            Seed = seed,
            SegmentsPerChunk = [240, 210, 230, 220, 250, 200],
            Units = 130,
            HeldoutUnits = 32,
            Electrodes = 96,
            BaselineHz = (2, 12),
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
        Require(SegmentsPerChunk.Count >= 1 && SegmentsPerChunk.All(s => s >= 1), "every chunk needs at least one segment");
        Require(GapMs.Low >= 1 && GapMs.High >= GapMs.Low, "gaps between chunks must be a positive range");
        Require(Units >= 1 && HeldoutUnits >= 0 && HeldoutUnits <= Units, $"held-out units must be in 0..{Units}, got {HeldoutUnits}");
        Require(Electrodes >= 1 && Units <= 3 * Electrodes, $"{Units} units need at least {(Units + 2) / 3} electrodes, got {Electrodes}");
        Require(Splits.Count >= 1 && Splits.All(s => s.Fraction >= 0) && Splits.Sum(s => s.Fraction) > 0, "split fractions must be non-negative");
        Require(LagMs >= 0, $"lag must be non-negative, got {LagMs}");
    }
}
