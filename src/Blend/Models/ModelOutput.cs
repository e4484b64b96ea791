using static TorchSharp.torch;

namespace Blend.Models;

/// <summary>
/// What every neural-dynamics model returns: log-rates (B × T × N, log counts per bin) and the hidden features of
/// each layer (B × T × width), which feature distillation matches between teacher and student.
/// </summary>
public sealed record ModelOutput(Tensor LogRates, IReadOnlyList<Tensor> LayerFeatures);
