namespace Blend.Data;

/// <summary>
/// Picks the neurons to hold out for co-smoothing: the first round(fraction · N) of a seeded shuffle (at least 1,
/// at most N − 1, half-way rounding away from zero). Both groups keep ascending column order in the tensors, as NLB
/// keeps ascending unit ids.
/// </summary>
public static class HeldoutNeurons
{
    public static int Count(int neurons, double fraction) =>
        Math.Clamp((int)Math.Round(fraction * neurons, MidpointRounding.AwayFromZero), 1, neurons - 1);

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
