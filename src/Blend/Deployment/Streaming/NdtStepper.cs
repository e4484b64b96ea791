using System.Runtime.CompilerServices;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Blend.Models;
using static TorchSharp.torch;

namespace Blend.Deployment.Streaming;

/// <summary>
/// A causal NDT (<see cref="NdtOptions.Causal"/>) one bin at a time, in managed code: the one-sided input smoothing and
/// skip over the bins received so far, the embedding with the position's learned row, and per layer the attention of
/// the new bin's query over the cached keys and values of the band (positions p − context_backward … p), the
/// feed-forward block, the final LayerNorm and the readout — what <see cref="NdtModel.Forward"/> computes at position p.
/// </summary>
internal sealed class NdtStepper : ICausalStepper
{
    private readonly NdtOptions _o;
    private readonly int _neurons, _width, _heads, _headWidth, _window;
    private readonly float[]? _inputKernel, _skipKernel; // weight of lag k at index k
    private readonly DenseLayer? _embedder, _skipDown, _skipUp;
    private readonly float[] _positions; // window × width
    private readonly Layer[] _layers;
    private readonly VectorLayerNorm _finalNorm;
    private readonly DenseLayer _readout;
    private readonly float[][] _history; // the raw inputs of the window, by position
    private readonly float[] _x, _normed, _attended, _scratch, _hidden, _smoothed;

    public NdtStepper(NdtModel model)
    {
        _o = model.Options;
        if (!_o.Causal || _o.ContextForward != 0 || _o.FullContext)
            throw new BlendInputException("streaming needs a causal NDT (model.causal: true, context_forward 0): this one reads bins ahead of the one it predicts");
        if (model.BehaviorDims > 0) throw new BlendInputException("streaming: this NDT takes behavior as input (a teacher); stream a baseline or a student");
        var state = model.state_dict();
        _neurons = model.Neurons;
        _width = model.FeatureWidth;
        _heads = _o.Heads;
        _headWidth = _width / _heads;
        _window = (int)state["pos_encoder.pos_embedding.weight"].shape[0];
        _inputKernel = _o.InputSmoothingBins > 0 ? PastKernel(_o.InputSmoothingBins) : null;
        if (_o.ReadoutSkipBins > 0)
        {
            _skipKernel = PastKernel(_o.ReadoutSkipBins);
            if (_o.ReadoutSkipRank > 0)
            {
                _skipDown = DenseLayer.From(state["readout_skip.map.0.weight"], null);
                _skipUp = DenseLayer.From(state["readout_skip.map.1.weight"], state["readout_skip.map.1.bias"]);
            }
            else _skipUp = DenseLayer.From(state["readout_skip.map.0.weight"], state["readout_skip.map.0.bias"]);
        }
        if (_o.LinearEmbedder) _embedder = DenseLayer.From(state["embedder.weight"], state["embedder.bias"]);
        _positions = DenseLayer.Values(state["pos_encoder.pos_embedding.weight"]);
        _layers = [.. Enumerable.Range(0, _o.Layers).Select(l => new Layer(state, $"transformer_encoder.layers.{l}", _window, _width))];
        _finalNorm = VectorLayerNorm.From(state["transformer_encoder.norm.weight"], state["transformer_encoder.norm.bias"]);
        _readout = DenseLayer.From(state["decoder.0.weight"], state["decoder.0.bias"]);
        _history = [.. Enumerable.Range(0, _window).Select(_ => new float[_neurons])];
        _x = new float[_width];
        _normed = new float[_width];
        _attended = new float[_width];
        _scratch = new float[Math.Max(3 * _width, _o.HiddenSize)];
        _hidden = new float[_o.HiddenSize];
        _smoothed = new float[_neurons];
    }

    public IReadOnlyList<(string Name, int Width)> Latents => [("features", _width)];

    public int WindowBins => _window;

    public int Position { get; private set; }

    public void Reset() => Position = 0;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Step(ReadOnlySpan<float> input, Span<float> logRates, IReadOnlyList<float[]> latents)
    {
        int p = Position;
        if (p >= _window) throw new InvalidOperationException($"the window holds {_window} bins; Reset() before bin {p}");
        input.CopyTo(_history[p]);

        // The embedded input: (smoothed) counts, embedder, × √N, + the position's row.
        var source = _inputKernel is null ? (ReadOnlySpan<float>)_history[p] : Smooth(_inputKernel, p, _smoothed);
        if (_embedder is not null) _embedder.Apply(source, _x);
        else source.CopyTo(_x);
        float scale = _o.ScaleInput ? MathF.Sqrt(_neurons) : 1;
        var position = _positions.AsSpan(p * _width, _width);
        for (int i = 0; i < _width; i++) _x[i] = _x[i] * scale + position[i];

        int first = Math.Max(0, p - _o.ContextBackward);
        foreach (var layer in _layers) layer.Step(_x, p, first, _heads, _headWidth, _normed, _attended, _scratch, _hidden);
        _x.CopyTo(latents[0]);
        _finalNorm.Apply(_x, _normed);
        _readout.Apply(_normed, logRates);
        if (_skipKernel is not null)
        {
            var smoothed = Smooth(_skipKernel, p, _smoothed);
            for (int i = 0; i < _neurons; i++) _smoothed[i] = MathF.Log(1 + smoothed[i]);
            if (_skipDown is not null)
            {
                Span<float> low = stackalloc float[_skipDown.Outputs];
                _skipDown.Apply(_smoothed, low);
                Span<float> skip = stackalloc float[_neurons];
                _skipUp!.Apply(low, skip);
                TensorPrimitives.Add(logRates, skip, logRates);
            }
            else
            {
                Span<float> skip = stackalloc float[_neurons];
                _skipUp!.Apply(_smoothed, skip);
                TensorPrimitives.Add(logRates, skip, logRates);
            }
        }
        Position = p + 1;
    }

    /// <summary>Σ_k w_k · input(p − k) over the window's bins so far (the one-sided band of <see cref="NdtModel.SmoothingBand(double, long, bool)"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Span<float> Smooth(float[] kernel, int p, float[] target)
    {
        Array.Clear(target);
        for (int k = 0; k < kernel.Length && p - k >= 0; k++)
            TensorPrimitives.MultiplyAdd(_history[p - k], kernel[k], target, target);
        return target;
    }

    /// <summary>The causal Gaussian's weights by lag (index k: the bin k before), from the same kernel the batch model uses.</summary>
    private static float[] PastKernel(double sigma)
    {
        using var kernel = NdtModel.GaussianKernel(sigma, causal: true);
        var values = DenseLayer.Values(kernel.view(-1));
        int half = values.Length / 2;
        return [.. Enumerable.Range(0, half + 1).Select(k => values[half - k])];
    }

    /// <summary>One pre-norm encoder layer with the keys and values of every position of the window cached.</summary>
    private sealed class Layer
    {
        private readonly VectorLayerNorm _norm1, _norm2;
        private readonly DenseLayer _inProjection, _outProjection, _linear1, _linear2;
        private readonly float[] _keys, _values; // window × width
        private readonly int _width;

        public Layer(IReadOnlyDictionary<string, Tensor> state, string p, int window, int width)
        {
            _width = width;
            _norm1 = VectorLayerNorm.From(state[$"{p}.norm1.weight"], state[$"{p}.norm1.bias"]);
            _norm2 = VectorLayerNorm.From(state[$"{p}.norm2.weight"], state[$"{p}.norm2.bias"]);
            _inProjection = DenseLayer.From(state[$"{p}.self_attn.in_proj_weight"], state[$"{p}.self_attn.in_proj_bias"]);
            _outProjection = DenseLayer.From(state[$"{p}.self_attn.out_proj.weight"], state[$"{p}.self_attn.out_proj.bias"]);
            _linear1 = DenseLayer.From(state[$"{p}.linear1.weight"], state[$"{p}.linear1.bias"]);
            _linear2 = DenseLayer.From(state[$"{p}.linear2.weight"], state[$"{p}.linear2.bias"]);
            _keys = new float[window * width];
            _values = new float[window * width];
        }

        /// <summary>x ← x + MHA(LN1(x)) over positions first…p, then x ← x + W2·ReLU(W1·LN2(x)).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Step(float[] x, int p, int first, int heads, int headWidth, float[] normed, float[] attended, float[] scratch, float[] hidden)
        {
            _norm1.Apply(x, normed);
            var qkv = scratch.AsSpan(0, 3 * _width);
            _inProjection.Apply(normed, qkv);
            qkv.Slice(_width, _width).CopyTo(_keys.AsSpan(p * _width, _width));
            qkv.Slice(2 * _width, _width).CopyTo(_values.AsSpan(p * _width, _width));
            int count = p - first + 1;
            Span<float> scores = stackalloc float[count];
            float scale = 1 / MathF.Sqrt(headWidth);
            Array.Clear(attended);
            for (int h = 0; h < heads; h++)
            {
                var query = qkv.Slice(h * headWidth, headWidth);
                for (int j = 0; j < count; j++)
                    scores[j] = TensorPrimitives.Dot(query, _keys.AsSpan((first + j) * _width + h * headWidth, headWidth)) * scale;
                TensorPrimitives.SoftMax(scores, scores);
                var head = attended.AsSpan(h * headWidth, headWidth);
                for (int j = 0; j < count; j++)
                    TensorPrimitives.MultiplyAdd(_values.AsSpan((first + j) * _width + h * headWidth, headWidth), scores[j], head, head);
            }
            _outProjection.Apply(attended, normed);
            TensorPrimitives.Add(x, normed, x);
            _norm2.Apply(x, normed);
            _linear1.Apply(normed, hidden);
            TensorPrimitives.Max(hidden, 0f, hidden);
            _linear2.Apply(hidden, normed);
            TensorPrimitives.Add(x, normed, x);
        }
    }
}
