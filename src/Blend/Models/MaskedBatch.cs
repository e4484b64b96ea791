using TorchSharp;
using static TorchSharp.torch;

namespace Blend.Models;

/// <summary>
/// One batch as a training objective sees it: the model input (B × (T + F) × N: held-in spikes with masked entries
/// replaced, zeros for held-out neurons and forward bins), the labels (true counts where scored,
/// <see cref="Masker.Unscored"/> elsewhere) and the trials' behavior (B × (T + F) × D, NaN where unknown) or null.
/// Models whose own objective is not plain masked modeling (LFADS' coordinated dropout, STNDT's contrastive views)
/// also read the raw <see cref="Spikes"/> (B × (T + F) × N, NaN where unobserved), draw from <see cref="Generator"/>
/// (the trainer's checkpointed mask stream) and schedule terms by <see cref="Epoch"/>.
/// </summary>
public sealed record MaskedBatch(Tensor Input, Tensor Labels, Tensor? Behavior)
{
    /// <summary>The batch's trials before masking (null only for batches built by hand without them).</summary>
    public Tensor? Spikes { get; init; }

    /// <summary>The model input without masking (held-in main bins, zeros elsewhere), for a teacher that reads clean counts; null unless the objective reads it (the training objective's <c>ReadsUnmaskedInput</c>).</summary>
    public Tensor? Unmasked { get; init; }

    /// <summary>The random stream for any further draws a model's objective makes (null: torch's default generator).</summary>
    public Generator? Generator { get; init; }

    /// <summary>The 0-based epoch the batch belongs to (for loss ramps).</summary>
    public int Epoch { get; init; }

    /// <summary><see cref="Spikes"/>, or an error naming what needs them.</summary>
    public Tensor RequireSpikes(string purpose) =>
        Spikes ?? throw new InvalidOperationException($"{purpose} needs the batch's unmasked spikes (MaskedBatch.Spikes)");
}
