using static TorchSharp.torch;

namespace Blend.Models;

/// <summary>A model's own training loss on a batch (0-d, with gradient) and the output it was computed from, which distillation reuses.</summary>
public sealed record ModelLoss(Tensor Loss, ModelOutput Output);
