using static TorchSharp.torch;

namespace Blend.Models;

/// <summary>
/// The neural-only input of <see cref="NeuprintModel"/> for B windows × n sampled neurons × W frames.
/// </summary>
/// <param name="MaskedActivity">B × n × W z-scored activity after masking (what the model reconstructs from).</param>
/// <param name="Embeddings">n × E: the Φ rows of the sampled neurons (with gradient when Φ is being learned).</param>
/// <param name="PopulationActivity">B × 2 × W: mean and SD of the session's z-scored activity per frame.</param>
/// <param name="Neighbours">B × n × 2 × W: mean and SD of each neuron's neighbours per frame.</param>
public sealed record NeuprintInput(Tensor MaskedActivity, Tensor Embeddings, Tensor PopulationActivity, Tensor Neighbours);
