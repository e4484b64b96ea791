using static TorchSharp.torch;

namespace Blend.Training;

/// <summary>
/// One batch as a training objective sees it: the model input (B × (T + F) × N: held-in spikes with masked entries
/// replaced, zeros for held-out neurons and forward bins), the labels (true counts where scored,
/// <see cref="Masker.Unscored"/> elsewhere) and the trials' behavior (B × (T + F) × D, NaN where unknown) or null.
/// </summary>
public sealed record MaskedBatch(Tensor Input, Tensor Labels, Tensor? Behavior);
