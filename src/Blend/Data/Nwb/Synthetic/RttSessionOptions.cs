namespace Blend.Data.Nwb.Synthetic;

/// <summary>
/// The shape of an MC_RTT-like session (DANDI 000129): self-paced random-target reaches recorded in a few
/// continuous chunks, behaviour regularly sampled at 1 kHz over the whole recording (NaN between chunks), and
/// "trials" that are consecutive 600 ms segments of each chunk.
/// </summary>
public sealed record RttSessionOptions
{
    public string Size { get; init; } = SyntheticNwbOptions.Small;
    public int Seed { get; init; }

    /// <summary>600 ms segments in each recording chunk; a chunk runs 300 ms past its last segment.</summary>
    public IReadOnlyList<int> SegmentsPerChunk { get; init; } = [15, 12, 14];
    /// <summary>Unrecorded time between chunks, ms (drawn in this range, so chunk starts fall off the 5 ms grid).</summary>
    public (int Low, int High) GapMs { get; init; } = (150, 350);
    public int Units { get; init; } = 22;
    public int HeldoutUnits { get; init; } = 6;
    public int Electrodes { get; init; } = 24;

    public IReadOnlyList<(string Split, double Fraction)> Splits { get; init; } =
        [(SplitPlan.Train, 0.65), (SplitPlan.Val, 0.25), (SplitPlan.Test, 0.05), (SplitPlan.None, 0.05)];

    public (double Low, double High) BaselineHz { get; init; } = (4, 15);
    /// <summary>Hz per 100 mm/s along the preferred direction.</summary>
    public (double Low, double High) VelocityGain { get; init; } = (4, 12);
    /// <summary>Rates follow the finger velocity this much later (the NLB behaviour lag of MC_RTT).</summary>
    public int LagMs { get; init; } = 140;

    public const int SegmentMs = 600;
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
