namespace Blend.Data;

/// <summary>
/// The trainer's host-side random stream (epoch shuffles, span-masking decisions): SplitMix64, identical on every
/// platform, with its whole state in one number so checkpoints can store and restore it exactly.
/// </summary>
public sealed class TrainingRandom
{
    /// <summary>A stream starting at <paramref name="state"/>, e.g. a <see cref="State"/> stored in a checkpoint.</summary>
    public TrainingRandom(ulong state) => State = state;

    /// <summary>A stream for one purpose, derived from a seed (FNV-1a of the purpose mixed with the seed).</summary>
    public static TrainingRandom For(long seed, string purpose)
    {
        ulong hash = 14695981039346656037;
        foreach (char c in purpose) hash = unchecked((hash ^ c) * 1099511628211);
        return new TrainingRandom(unchecked(hash ^ ((ulong)seed * 0x9E3779B97F4A7C15)));
    }

    /// <summary>The complete state: <c>new TrainingRandom(r.State)</c> continues exactly where <c>r</c> is.</summary>
    public ulong State { get; private set; }

    /// <summary>The next 64 random bits (SplitMix64); advances <see cref="State"/>.</summary>
    public ulong NextUInt64()
    {
        unchecked
        {
            ulong z = State += 0x9E3779B97F4A7C15;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, bound), unbiased (rejects the top partial range).</summary>
    public int Below(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        ulong b = (ulong)bound, limit = ulong.MaxValue - ulong.MaxValue % b;
        ulong draw;
        do draw = NextUInt64(); while (draw >= limit);
        return (int)(draw % b);
    }

    /// <summary>A uniformly random permutation of 0 … n − 1 (Fisher–Yates).</summary>
    public int[] Permutation(int n)
    {
        var order = Enumerable.Range(0, n).ToArray();
        for (int i = n - 1; i > 0; i--)
        {
            int j = Below(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
