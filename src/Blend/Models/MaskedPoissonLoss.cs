using static TorchSharp.torch;

namespace Blend.Models;

/// <summary>
/// The reference's masked MLM loss (NDT's): Poisson negative log-likelihood with log-rate input and no Stirling term,
/// ℓ = exp(r) − y·r, averaged over the label entries that are not <see cref="Masker.Unscored"/>.
/// </summary>
public static class MaskedPoissonLoss
{
    /// <summary>Mean of ℓ over scored entries (a 0-d tensor; NaN when nothing is scored, as PyTorch's mean of an empty set).</summary>
    public static Tensor Mean(Tensor logRates, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var (sum, count) = SumAndCount(logRates, labels);
        return sum.div(count).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Sum of ℓ over scored entries and their number (both 0-d tensors on the device), so losses over several batches
    /// can be pooled into one mean without reading values back to the host.
    /// </summary>
    public static (Tensor Sum, Tensor Count) SumAndCount(Tensor logRates, Tensor labels)
    {
        if (!logRates.shape.SequenceEqual(labels.shape))
            throw new ArgumentException(
                $"log-rates ({string.Join(", ", logRates.shape)}) and labels ({string.Join(", ", labels.shape)}) differ in shape");
        using var scope = NewDisposeScope();
        var scored = labels.ne(Masker.Unscored);
        var counts = labels.masked_fill(scored.logical_not(), 0);
        var nll = logRates.exp().sub(counts.mul(logRates));
        var sum = where(scored, nll, zeros_like(nll)).sum(type: ScalarType.Float64);
        var count = scored.sum(type: ScalarType.Float64);
        return (sum.MoveToOuterDisposeScope(), count.MoveToOuterDisposeScope());
    }
}
