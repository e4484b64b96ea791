using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Blend.Models;

/// <summary>
/// lfads-torch's factor map: a bias-free linear map whose weight rows are rescaled to unit L2 norm at every
/// forward pass, so the factors' scale cannot drift against the readout's. Weight ~ N(0, 1/in_features) at init.
/// </summary>
public sealed class KernelNormalizedLinear : nn.Module
{
    private readonly Parameter weight;

    /// <summary>A bias-free map from <paramref name="inputSize"/> to <paramref name="outputSize"/> features (LFADS: generator states to factors).</summary>
    /// <param name="inputSize">Input width (LFADS' <c>gen_dim</c>).</param>
    /// <param name="outputSize">Output width (LFADS' <c>fac_dim</c>).</param>
    public KernelNormalizedLinear(int inputSize, int outputSize) : base("KernelNormalizedLinear")
    {
        weight = new Parameter(randn(outputSize, inputSize) / Math.Sqrt(inputSize));
        RegisterComponents();
    }

    /// <summary>The row-normalised weight (out × in) the map applies.</summary>
    public Tensor NormalizedWeight() => nn.functional.normalize(weight, p: 2, dim: 1);

    /// <summary>Applies the row-normalised weight: … × in → … × out, no bias.</summary>
    public Tensor Forward(Tensor x) => nn.functional.linear(x, NormalizedWeight());
}
