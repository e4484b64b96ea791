using Blend.Models;
using static TorchSharp.torch;

namespace Blend.Deployment.Onnx;

/// <summary>
/// STNDT's eval-mode forward pass (<see cref="StndtModel.Forward"/>) as ONNX: the temporal (bins as tokens) and spatial
/// (neurons as tokens) embeddings with their sinusoidal positions, and per layer NDT's pre-norm temporal block, the
/// head-averaged spatial attention weights of the spatial input mixing the neurons' time courses, and a feed-forward
/// block; then the final LayerNorm, the readout and the optional smoothed-input skip. The time axis is the trained
/// window: the spatial embedder maps each neuron's whole T-bin time course. Latent: the last layer's output ("features").
/// </summary>
internal sealed class StndtOnnx : IOnnxFamily
{
    public bool Writes(NeuralDynamicsModel model) => model is StndtModel;

    public bool FixedTime(NeuralDynamicsModel model) => true;

    public OnnxForward Forward(OnnxGraph g, NeuralDynamicsModel neuralModel, string input)
    {
        var model = (StndtModel)neuralModel;
        var o = model.Transformer;
        var state = model.state_dict();
        int window = (int)state["spatial_embedder.weight"].shape[0], width = model.FeatureWidth;
        string bins = OnnxOps.AxisLength(g, input, 1);

        string? skip = NdtOnnx.ReadoutSkip(g, input, o, state, window, bins);
        string x = NdtOnnx.SmoothInput(g, input, o, window, bins);
        string temporal = OnnxOps.Linear(g, x, state["temporal_embedder.weight"], state["temporal_embedder.bias"], "temporal_embedder");
        string spatial = OnnxOps.Linear(g, Transpose12(g, x), state["spatial_embedder.weight"], state["spatial_embedder.bias"], "spatial_embedder");
        if (o.ScaleInput)
        {
            temporal = OnnxOps.Scale(g, temporal, Math.Sqrt(width));
            spatial = OnnxOps.Scale(g, spatial, Math.Sqrt(window));
        }
        using var timePositions = SinusoidalPositions.Table(window, width);
        using var neuronPositions = SinusoidalPositions.Table(width, window);
        string s = g.Node("Add", [temporal, g.Weight("time_positions", timePositions)]);
        string a = g.Node("Add", [spatial, g.Weight("neuron_positions", neuronPositions)]);
        string? mask = NdtOnnx.ContextMask(g, o, window, bins);
        for (int layer = 0; layer < o.Layers; layer++)
        {
            string p = $"layers.{layer}";
            s = NdtOnnx.EncoderLayer(g, s, mask, state, $"{p}.temporal", o.Heads, width);
            string weights = SpatialWeights(g, OnnxOps.LayerNorm(g, a, state[$"{p}.spatial_norm.weight"], state[$"{p}.spatial_norm.bias"], $"{p}.spatial_norm"),
                state, $"{p}.spatial_attn", model.SpatialHeads, window);
            string mixed = g.Node("MatMul", [OnnxOps.LayerNorm(g, s, state[$"{p}.norm_ts1.weight"], state[$"{p}.norm_ts1.bias"], $"{p}.norm_ts1"), Transpose12(g, weights)]);
            s = g.Node("Add", [s, mixed]);
            string inner = g.Node("Relu", [OnnxOps.Linear(g, OnnxOps.LayerNorm(g, s, state[$"{p}.norm_ts2.weight"], state[$"{p}.norm_ts2.bias"], $"{p}.norm_ts2"),
                state[$"{p}.linear_ts1.weight"], state[$"{p}.linear_ts1.bias"], $"{p}.linear_ts1")]);
            s = g.Node("Add", [s, OnnxOps.Linear(g, inner, state[$"{p}.linear_ts2.weight"], state[$"{p}.linear_ts2.bias"], $"{p}.linear_ts2")]);
            a = Transpose12(g, s);
        }
        string logRates = OnnxOps.Linear(g, OnnxOps.LayerNorm(g, s, state["norm.weight"], state["norm.bias"], "norm"),
            state["decoder.weight"], state["decoder.bias"], "decoder");
        if (skip is not null) logRates = g.Node("Add", [logRates, skip]);
        return new OnnxForward(logRates, [("features", s)]);
    }

    private static string Transpose12(OnnxGraph g, string x) => g.Node("Transpose", [x], null, OnnxAttribute.Ints("perm", 0, 2, 1));

    /// <summary>
    /// <see cref="SpatialAttentionWeights.Forward"/>: the head average of softmax(Q_h·K_hᵀ/√d) over the neuron tokens of a
    /// normalised B × W × T input, B × W × W.
    /// </summary>
    private static string SpatialWeights(OnnxGraph g, string normalized, IReadOnlyDictionary<string, Tensor> state, string prefix, int heads, int features)
    {
        int headWidth = features / heads;
        string qk = OnnxOps.Linear(g, normalized, state[$"{prefix}.in_proj_weight"], state[$"{prefix}.in_proj_bias"], $"{prefix}.in_proj");
        string split = g.Node("Transpose", [g.Node("Reshape", [qk, g.Int64s(0, 0, 2, heads, headWidth)])], null,
            OnnxAttribute.Ints("perm", 2, 0, 3, 1, 4)); // 2 × B × H × W × d
        string q = g.Node("Gather", [split, g.Int64Scalar(0)], null, OnnxAttribute.Int("axis", 0));
        string k = g.Node("Gather", [split, g.Int64Scalar(1)], null, OnnxAttribute.Int("axis", 0));
        string scores = OnnxOps.Scale(g, g.Node("MatMul", [q, g.Node("Transpose", [k], null, OnnxAttribute.Ints("perm", 0, 1, 3, 2))]), 1 / Math.Sqrt(headWidth));
        return g.Node("ReduceMean", [g.Node("Softmax", [scores], null, OnnxAttribute.Int("axis", -1))], null,
            OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 0));
    }
}
