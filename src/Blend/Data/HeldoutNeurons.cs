namespace Blend.Data;

/// <summary>
/// Picks the neurons to hold out for co-smoothing: the first round(fraction · N) of a seeded shuffle (at least 1,
/// at most N − 1, half-way rounding away from zero). Both groups keep ascending column order in the tensors, as NLB
/// keeps ascending unit ids.
/// </summary>
public static class HeldoutNeurons
{
    /// <summary>
    /// How many of <paramref name="neurons"/> to hold out: round(<paramref name="fraction"/> · neurons), half-way away from
    /// zero, clamped to [1, neurons − 1].
    /// </summary>
    public static int Count(int neurons, double fraction) =>
        Math.Clamp((int)Math.Round(fraction * neurons, MidpointRounding.AwayFromZero), 1, neurons - 1);

    /// <summary>
    /// Splits the column indices 0…neurons − 1 into held-in and held-out neurons, each ascending, from a shuffle seeded by
    /// <paramref name="seed"/>; the same arguments always give the same split. Needs at least 2 neurons.
    /// </summary>
    public static (int[] Heldin, int[] Heldout) Choose(int neurons, double fraction, int seed)
    {
        if (neurons < 2) throw new ArgumentOutOfRangeException(nameof(neurons), $"need at least 2 neurons to hold some out, got {neurons}");
        int[] shuffled = SeededShuffle.Permutation(neurons, seed);
        int count = Count(neurons, fraction);
        int[] heldout = shuffled[..count];
        Array.Sort(heldout);
        int[] heldin = Enumerable.Range(0, neurons).Except(heldout).ToArray();
        return (heldin, heldout);
    }
}
