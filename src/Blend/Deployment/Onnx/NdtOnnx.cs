using Blend.Models;
using static TorchSharp.torch;

namespace Blend.Deployment.Onnx;

/// <summary>
/// NDT's eval-mode forward pass (<see cref="NdtModel.Forward"/>) as ONNX: the optional smoothed-input skip and input
/// smoothing (the stored T × T bands, their leading block for a shorter trial), the embedder and √N scaling, the
/// learned positions, pre-norm encoder layers with the band mask (multi-head attention written out: packed in-projection,
/// per-head softmax(q·kᵀ/√d + mask)·v, out-projection), the final LayerNorm and the readout. Any trial length up to the
/// trained window: positions, bands and the mask are sliced to it. Latent: the last layer's output ("features").
/// </summary>
internal sealed class NdtOnnx : IOnnxFamily
{
    public bool Writes(NeuralDynamicsModel model) => model is NdtModel;

    public bool FixedTime(NeuralDynamicsModel model) => false;

    public OnnxForward Forward(OnnxGraph g, NeuralDynamicsModel neuralModel, string input)
    {
        var model = (NdtModel)neuralModel;
        var o = model.Options;
        var state = model.state_dict();
        // The bands and the mask are the model's fixed buffers, rebuilt here from the same functions for the trained window.
        int window = (int)state["pos_encoder.pos_embedding.weight"].shape[0];
        string bins = OnnxOps.AxisLength(g, input, 1);

        string? skip = ReadoutSkip(g, input, o, state, window, bins);
        string x = SmoothInput(g, input, o, window, bins);
        if (o.LinearEmbedder) x = OnnxOps.Linear(g, x, state["embedder.weight"], state["embedder.bias"], "embedder");
        if (o.ScaleInput) x = OnnxOps.Scale(g, x, Math.Sqrt(model.Neurons));
        x = g.Node("Add", [x, OnnxOps.Leading(g, g.Weight("pos_encoder.pos_embedding.weight", state["pos_encoder.pos_embedding.weight"]), bins, 0)]);
        string? mask = ContextMask(g, o, window, bins);
        for (int layer = 0; layer < o.Layers; layer++)
            x = EncoderLayer(g, x, mask, state, $"transformer_encoder.layers.{layer}", o.Heads, model.FeatureWidth);
        string normalized = OnnxOps.LayerNorm(g, x, state["transformer_encoder.norm.weight"], state["transformer_encoder.norm.bias"], "transformer_encoder.norm");
        string logRates = OnnxOps.Linear(g, normalized, state["decoder.0.weight"], state["decoder.0.bias"], "decoder.0");
        if (skip is not null) logRates = g.Node("Add", [logRates, skip]);
        return new OnnxForward(logRates, [("features", x)]);
    }

    /// <summary>The smoothed-input skip's log-rate offsets (<c>SmoothedInputSkip</c>), or null when the model has none.</summary>
    internal static string? ReadoutSkip(OnnxGraph g, string input, NdtOptions o, IReadOnlyDictionary<string, Tensor> state, int window, string bins)
    {
        if (o.ReadoutSkipBins <= 0) return null;
        using var skipBand = NdtModel.SmoothingBand(o.ReadoutSkipBins, window, o.Causal);
        string band = OnnxOps.Leading(g, g.Weight("readout_skip.band", skipBand), bins, 0, 1);
        string compressed = g.Node("Log", [g.Node("Add", [g.Node("MatMul", [band, input]), g.Scalar(1)])]);
        return o.ReadoutSkipRank > 0
            ? OnnxOps.Linear(g, OnnxOps.Linear(g, compressed, state["readout_skip.map.0.weight"], null, "readout_skip.map.0"),
                state["readout_skip.map.1.weight"], state["readout_skip.map.1.bias"], "readout_skip.map.1")
            : OnnxOps.Linear(g, compressed, state["readout_skip.map.0.weight"], state["readout_skip.map.0.bias"], "readout_skip.map.0");
    }

    /// <summary>The input smoothed over time (<c>model.input_smoothing_bins</c>), or the input itself.</summary>
    internal static string SmoothInput(OnnxGraph g, string input, NdtOptions o, int window, string bins)
    {
        if (o.InputSmoothingBins <= 0) return input;
        using var inputBand = NdtModel.SmoothingBand(o.InputSmoothingBins, window, o.Causal);
        return g.Node("MatMul", [OnnxOps.Leading(g, g.Weight(NdtModel.SmoothingBandBuffer, inputBand), bins, 0, 1), input]);
    }

    /// <summary>One pre-norm encoder layer (<c>NdtEncoderLayer</c>): x + MHA(LN1(x)), then + W2·ReLU(W1·LN2(·)).</summary>
    internal static string EncoderLayer(OnnxGraph g, string x, string? mask, IReadOnlyDictionary<string, Tensor> state, string p, int heads, int width)
    {
        string normed = OnnxOps.LayerNorm(g, x, state[$"{p}.norm1.weight"], state[$"{p}.norm1.bias"], $"{p}.norm1");
        string h = g.Node("Add", [x, SelfAttention(g, normed, mask, state, $"{p}.self_attn", heads, width)]);
        string inner = g.Node("Relu", [OnnxOps.Linear(g, OnnxOps.LayerNorm(g, h, state[$"{p}.norm2.weight"], state[$"{p}.norm2.bias"], $"{p}.norm2"),
            state[$"{p}.linear1.weight"], state[$"{p}.linear1.bias"], $"{p}.linear1")]);
        return g.Node("Add", [h, OnnxOps.Linear(g, inner, state[$"{p}.linear2.weight"], state[$"{p}.linear2.bias"], $"{p}.linear2")]);
    }

    /// <summary>The band mask for the trained window, sliced to the trial's length; null with full context.</summary>
    internal static string? ContextMask(OnnxGraph g, NdtOptions o, int window, string bins)
    {
        if (o.FullContext) return null;
        using var band = NdtModel.ContextMask(window, o.ContextBackward, o.ContextForward);
        return OnnxOps.Leading(g, g.Weight(NdtModel.ContextMaskBuffer, band), bins, 0, 1);
    }

    /// <summary>PyTorch's packed multi-head attention (batch first), as <c>SelfAttention.Forward</c> runs it in eval mode.</summary>
    internal static string SelfAttention(OnnxGraph g, string x, string? mask, IReadOnlyDictionary<string, Tensor> state, string prefix, int heads, int width)
    {
        int headWidth = width / heads;
        string qkv = OnnxOps.Linear(g, x, state[$"{prefix}.in_proj_weight"], state[$"{prefix}.in_proj_bias"], $"{prefix}.in_proj");
        string split = g.Node("Transpose", [g.Node("Reshape", [qkv, g.Int64s(0, 0, 3, heads, headWidth)])], null,
            OnnxAttribute.Ints("perm", 2, 0, 3, 1, 4)); // 3 × B × H × T × d
        string Part(long index) => g.Node("Gather", [split, g.Int64Scalar(index)], null, OnnxAttribute.Int("axis", 0));
        string q = Part(0), k = Part(1), v = Part(2);
        string scores = OnnxOps.Scale(g, g.Node("MatMul", [q, g.Node("Transpose", [k], null, OnnxAttribute.Ints("perm", 0, 1, 3, 2))]), 1 / Math.Sqrt(headWidth));
        if (mask is not null) scores = g.Node("Add", [scores, mask]);
        string weights = g.Node("Softmax", [scores], null, OnnxAttribute.Int("axis", -1));
        string attended = g.Node("Transpose", [g.Node("MatMul", [weights, v])], null, OnnxAttribute.Ints("perm", 0, 2, 1, 3));
        string merged = g.Node("Reshape", [attended, g.Int64s(0, 0, width)]);
        return OnnxOps.Linear(g, merged, state[$"{prefix}.out_proj.weight"], state[$"{prefix}.out_proj.bias"], $"{prefix}.out_proj");
    }
}
