using static TorchSharp.torch;

namespace Blend.Models;

/// <summary>
/// What every neural-dynamics model returns: log-rates (B × T × N, log counts per bin) and the hidden features of
/// each layer (B × T × width), which feature distillation matches between teacher and student.
/// </summary>
public sealed record ModelOutput(Tensor LogRates, IReadOnlyList<Tensor> LayerFeatures)
{
    /// <summary>
    /// B × T × N, 1 at the entries the model's own loss scores (the masked entries of masked reconstruction), for
    /// strategies that distil only there; null when the loss scores every entry.
    /// </summary>
    public Tensor? ScoredEntries { get; init; }
}
