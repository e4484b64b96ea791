namespace Blend.Data;

/// <summary>
/// A permutation fixed by a seed, identical on every platform and .NET version (System.Random's seeded sequence is
/// not guaranteed to stay the same): Fisher–Yates driven by SplitMix64, with unbiased bounded draws.
/// </summary>
public static class SeededShuffle
{
    /// <summary>A permutation of 0 … n − 1.</summary>
    public static int[] Permutation(int n, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var order = Enumerable.Range(0, n).ToArray();
        ulong state = unchecked((ulong)(long)seed);
        for (int i = n - 1; i > 0; i--)
        {
            int j = (int)Below((ulong)i + 1, ref state);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    /// <summary>Uniform in [0, bound): rejects the top partial range so every value is equally likely.</summary>
    private static ulong Below(ulong bound, ref ulong state)
    {
        ulong limit = ulong.MaxValue - ulong.MaxValue % bound;
        ulong draw;
        do draw = Next(ref state); while (draw >= limit);
        return draw % bound;
    }

    private static ulong Next(ref ulong state)
    {
        unchecked
        {
            ulong z = state += 0x9E3779B97F4A7C15;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }
    }
}
