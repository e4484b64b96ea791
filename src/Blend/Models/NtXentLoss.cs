using static TorchSharp.torch;

namespace Blend.Models;

/// <summary>
/// SimCLR's normalised-temperature cross-entropy (NT-Xent), as STNDT's contrastive term computes it
/// (Le &amp; Shlizerman 2022; Chen et al. 2020, SimCLR): the two views' features (B × D each) are stacked into 2B vectors and
/// L2-normalised; anchor k's positive is the other view of its trial and the 2B − 2 other vectors are its negatives:
/// ℓ_k = −log[exp(s_k,p(k)/τ) / Σ_{l≠k} exp(s_kl/τ)], averaged over the 2B anchors.
/// </summary>
public static class NtXentLoss
{
    /// <summary>The mean NT-Xent loss (0-d) of two views of the same B trials.</summary>
    /// <param name="firstView">First view's features, B × D.</param>
    /// <param name="secondView">Second view's features, B × D; row k is the positive of <paramref name="firstView"/>'s row k.</param>
    /// <param name="temperature">Temperature τ &gt; 0 dividing the cosine similarities.</param>
    public static Tensor Loss(Tensor firstView, Tensor secondView, double temperature)
    {
        if (firstView.ndim != 2 || !firstView.shape.SequenceEqual(secondView.shape))
            throw new ArgumentException(
                $"NT-Xent needs two B × D views of one shape; got ({string.Join(", ", firstView.shape)}) and ({string.Join(", ", secondView.shape)})");
        if (!(temperature > 0)) throw new ArgumentOutOfRangeException(nameof(temperature), $"temperature must be > 0, got {temperature}");
        using var scope = NewDisposeScope();
        long batch = firstView.shape[0];
        var z = nn.functional.normalize(cat([firstView, secondView], 0), p: 2, dim: 1);
        var logits = z.matmul(z.t()) / temperature;
        // An anchor is never its own negative.
        var self = eye(2 * batch, dtype: ScalarType.Bool, device: z.device);
        logits = logits.masked_fill(self, double.NegativeInfinity);
        var partners = arange(2 * batch, device: z.device).add(batch).remainder(2 * batch);
        return nn.functional.cross_entropy(logits, partners).MoveToOuterDisposeScope();
    }
}
