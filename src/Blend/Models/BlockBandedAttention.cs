using static TorchSharp.torch;

namespace Blend.Models;

/// <summary>
/// Attention restricted to a band — query t sees keys t − backward … t + forward, as NDT's context mask allows (Ye &amp;
/// Pandarinath 2021) — computed block by block: the queries are cut into blocks of <c>Q</c> consecutive bins, and each
/// block scores only the <c>Q + backward + forward</c> keys its band can reach (slices of its neighbouring blocks)
/// instead of all T. The result is the masked full attention's (the entries outside the band have weight 0 in both),
/// up to floating-point reassociation, at a fraction of its arithmetic and memory when the band is narrow: the
/// reference's 8 back / 4 ahead over 180 bins scores 28 keys per query instead of 180.
/// </summary>
internal static class BlockBandedAttention
{
    /// <summary>The query block length for a band: at least 16 bins, and at least the band's own width, in multiples of 8.</summary>
    public static int BlockFor(int backward, int forward) => (Math.Max(16, backward + forward + 1) + 7) / 8 * 8;

    /// <summary>Whether blocks save enough over the full T × T product to be worth their padding and copies.</summary>
    public static bool Pays(long bins, int backward, int forward)
    {
        int block = BlockFor(backward, forward);
        long blocks = (bins + block - 1) / block;
        return blocks >= 2 && block + backward + forward <= bins / 2;
    }

    /// <summary>
    /// softmax(QKᵀ/√d restricted to the band) · V for <paramref name="query"/>, <paramref name="key"/>,
    /// <paramref name="value"/> of B × H × T × d, with dropout <paramref name="dropout"/> on the probabilities
    /// (<see cref="FastDropout"/>; 0: none). Returns B × H × T × d. <paramref name="mask"/>: <see cref="Mask"/> for these
    /// bins and band, kept by a caller that attends many times (null: built here).
    /// </summary>
    public static Tensor Attend(Tensor query, Tensor key, Tensor value, int backward, int forward, double dropout, Tensor? mask = null)
    {
        long batch = query.shape[0], heads = query.shape[1], bins = query.shape[2], width = query.shape[3];
        int block = BlockFor(backward, forward), window = block + backward + forward;
        long blocks = (bins + block - 1) / block, padded = blocks * block;
        // Queries padded to whole blocks. Keys and values padded by one block before and enough after to make n + 2 whole
        // blocks, so that query block b's window — the last `backward` bins of block b − 1, block b, the first `forward`
        // bins of block b + 1 — is three slices of one reshaped tensor (cheap to take and to differentiate).
        var queries = nn.functional.pad(query, [0, 0, 0, padded - bins]).view(batch, heads, blocks, block, width);
        Tensor Windows(Tensor x)
        {
            var blocked = nn.functional.pad(x, [0, 0, block, padded - bins + block]).view(batch, heads, blocks + 2, block, width);
            return cat([blocked.narrow(2, 0, blocks).narrow(3, block - backward, backward), blocked.narrow(2, 1, blocks),
                        blocked.narrow(2, 2, blocks).narrow(3, 0, forward)], 3); // B × H × n × W × d
        }
        var valueWindows = Windows(value);
        var scores = matmul(queries, Windows(key).transpose(-2, -1)).mul_(1 / Math.Sqrt(width)).add_(mask ?? Mask(bins, backward, forward, query.device));
        var probabilities = nn.functional.softmax(scores, -1);
        if (dropout > 0) probabilities = FastDropout.Apply(probabilities, dropout);
        return matmul(probabilities, valueWindows).view(batch, heads, padded, width).narrow(2, 0, bins);
    }

    /// <summary>
    /// The additive mask of every block (n × Q × W): query t = bQ + i may see window key j (key s = bQ + j − backward)
    /// iff s lies in its band and in the trial. Queries past the trial (padding, discarded) may see their band's padded
    /// keys, so no softmax row is empty.
    /// </summary>
    public static Tensor Mask(long bins, int backward, int forward, Device device)
    {
        using var scope = NewDisposeScope();
        int block = BlockFor(backward, forward);
        long blocks = (bins + block - 1) / block;
        var t = (arange(blocks).view(-1, 1, 1) * block + arange(block).view(1, -1, 1));       // n × Q × 1
        var s = (arange(blocks).view(-1, 1, 1) * block + arange(block + backward + forward).view(1, 1, -1) - backward); // n × 1 × W
        var allowed = s.ge(t - backward).logical_and(s.le(t + forward)).logical_and(s.ge(0)).logical_and(s.lt(bins).logical_or(t.ge(bins)));
        return zeros(allowed.shape).masked_fill(allowed.logical_not(), double.NegativeInfinity).to(device).MoveToOuterDisposeScope();
    }
}
