namespace Blend.Data.Nwb.Writing;

/// <summary>
/// The integer type of a ragged column's <c>_index</c> (VectorIndex) as hdmf writes it: the narrowest unsigned type
/// that holds the largest end offset (uint8, uint16, uint32, else uint64). The NLB fixtures have uint8 and uint16
/// indexes, the DANDI files uint32 ones.
/// </summary>
public static class VectorIndexWidth
{
    /// <summary>The index values as byte[], ushort[], uint[] or ulong[]; negative values are refused.</summary>
    public static Array Encode(IReadOnlyList<long> ends)
    {
        long max = 0;
        foreach (long end in ends)
        {
            if (end < 0) throw new ArgumentException($"index values cannot be negative, got {end}", nameof(ends));
            max = Math.Max(max, end);
        }
        return max switch
        {
            <= byte.MaxValue => ends.Select(e => (byte)e).ToArray(),
            <= ushort.MaxValue => ends.Select(e => (ushort)e).ToArray(),
            <= uint.MaxValue => ends.Select(e => (uint)e).ToArray(),
            _ => ends.Select(e => (ulong)e).ToArray(),
        };
    }

    /// <summary>numpy's name of the type <see cref="Encode"/> picks for these values ("uint8" … "uint64").</summary>
    public static string DtypeName(IReadOnlyList<long> ends) => Encode(ends) switch
    {
        byte[] => "uint8",
        ushort[] => "uint16",
        uint[] => "uint32",
        _ => "uint64",
    };
}
