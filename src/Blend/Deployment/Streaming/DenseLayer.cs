using System.Runtime.CompilerServices;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using static TorchSharp.torch;

namespace Blend.Deployment.Streaming;

/// <summary>
/// A linear map y = W·x + b as plain float arrays (W row-major, out × in, as PyTorch stores it), applied to one vector with
/// SIMD dot products: a streaming step is a handful of small matrix–vector products, for which libtorch's per-call
/// overhead would cost more than the arithmetic.
/// </summary>
internal sealed class DenseLayer
{
    private readonly float[] _weight;
    private readonly float[]? _bias;

    public DenseLayer(float[] weight, float[]? bias, int outputs, int inputs)
    {
        if (weight.Length != outputs * inputs || (bias is not null && bias.Length != outputs))
            throw new ArgumentException($"linear weights of {weight.Length} and bias of {bias?.Length} values do not fit {outputs} × {inputs}");
        _weight = weight;
        _bias = bias;
        Outputs = outputs;
        Inputs = inputs;
    }

    /// <summary>From a PyTorch weight (out × in) and optional bias, or a slice of rows of them.</summary>
    public static DenseLayer From(Tensor weight, Tensor? bias) =>
        new(Values(weight), bias is null ? null : Values(bias), (int)weight.shape[0], (int)weight.shape[1]);

    public int Outputs { get; }

    public int Inputs { get; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Apply(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int o = 0; o < Outputs; o++)
            y[o] = TensorPrimitives.Dot(_weight.AsSpan(o * Inputs, Inputs), x) + (_bias is null ? 0 : _bias[o]);
    }

    /// <summary>y += W·x (no bias).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddTo(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int o = 0; o < Outputs; o++) y[o] += TensorPrimitives.Dot(_weight.AsSpan(o * Inputs, Inputs), x);
    }

    internal static float[] Values(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        return tensor.detach().cpu().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
    }
}

/// <summary>PyTorch's LayerNorm over one vector (biased variance, ε 1e-5, then the affine map).</summary>
internal sealed class VectorLayerNorm(float[] weight, float[] bias, float epsilon = 1e-5f)
{
    public static VectorLayerNorm From(Tensor weight, Tensor bias) => new(DenseLayer.Values(weight), DenseLayer.Values(bias));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Apply(ReadOnlySpan<float> x, Span<float> y)
    {
        float mean = TensorPrimitives.Sum(x) / x.Length;
        float variance = 0;
        for (int i = 0; i < x.Length; i++) variance += (x[i] - mean) * (x[i] - mean);
        variance /= x.Length;
        float scale = 1 / MathF.Sqrt(variance + epsilon);
        for (int i = 0; i < x.Length; i++) y[i] = (x[i] - mean) * scale * weight[i] + bias[i];
    }
}
