using static TorchSharp.torch;

namespace Blend.Models;

/// <summary>One latent trajectory of a model (B × T × width), by the name it is written under (<c>features</c>, <c>factors</c>, …).</summary>
public sealed record NamedLatent(string Name, Tensor Value);
