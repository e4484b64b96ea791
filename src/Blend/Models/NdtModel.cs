using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Blend.Models;

/// <summary>
/// The Neural Data Transformer as the BLEND reference runs it (the BLEND authors' code, after NDT: Ye &amp; Pandarinath 2021): identity (or linear) embedder
/// scaled by √N, a learned position table, pre-norm encoder layers with a banded attention mask, a final LayerNorm,
/// rate dropout and a linear readout to log-rates. With <c>behaviorDims</c> &gt; 0 it is the reference's teacher:
/// behavior × √D is concatenated to the scaled spikes, so the width grows to N + D while the readout still predicts
/// the N neurons. Submodule and parameter names follow the reference's state dict, so its .pth files load directly.
/// </summary>
public sealed class NdtModel : NeuralDynamicsModel
{
    private readonly Linear? embedder;
    private readonly BehaviorInput? behavior_input;
    private readonly Linear? behavior_embedder;
    private readonly PositionTable pos_encoder;
    private readonly FastDropout embedding_dropout;
    private readonly NdtEncoder transformer_encoder;
    private readonly FastDropout rate_dropout;
    private readonly Sequential decoder;
    private readonly SmoothedInputSkip? readout_skip;

    private readonly int _neurons, _behaviorDims, _width, _padding;
    private readonly NdtOptions _options;
    internal const string ContextMaskBuffer = "context_mask";
    internal const string SmoothingBandBuffer = "input_smoothing_band";

    /// <summary>Builds an NDT for trials of <paramref name="bins"/> bins × <paramref name="neurons"/> neurons; a teacher when <paramref name="behaviorDims"/> &gt; 0.</summary>
    /// <param name="options">The transformer hyper-parameters (<c>model:</c>).</param>
    /// <param name="neurons">Neurons N in the input and the readout (held-in plus held-out).</param>
    /// <param name="bins">Bins per trial (main plus forward): the length of the position table and the attention band.</param>
    /// <param name="behaviorDims">Behavior channels D of a teacher; 0 for a student.</param>
    public NdtModel(NdtOptions options, int neurons, int bins, int behaviorDims = 0) : base("NeuralDataTransformer")
    {
        if (neurons < 1 || bins < 1 || behaviorDims < 0)
            throw new ArgumentOutOfRangeException(nameof(neurons), $"NDT needs neurons ≥ 1, bins ≥ 1, behavior dims ≥ 0; got {neurons}, {bins}, {behaviorDims}");
        _options = options;
        _neurons = neurons;
        _behaviorDims = behaviorDims;
        if (behaviorDims > 0)
            behavior_input = new BehaviorInput(behaviorDims, options.NormalizeBehavior, options.BehaviorMissingIndicator, options.TruncateBehavior);
        bool concat = behavior_input is not null && options.BehaviorFusion == BehaviorFusion.Concat;
        int unpadded = neurons + (concat ? behavior_input!.OutputDims : 0);
        if (unpadded % options.Heads != 0 && !concat)
            throw new HeadsDoNotDivideWidthException($"NDT width {unpadded} (the neurons) is not divisible by model.heads = {options.Heads}");
        // Concat fusion: zero channels pad the width to a multiple of the heads (e.g. 182 + 2 + 1 indicator → 186).
        _padding = concat ? (options.Heads - unpadded % options.Heads) % options.Heads : 0;
        _width = unpadded + _padding;

        embedder = options.LinearEmbedder ? Linear(neurons, neurons) : null;
        pos_encoder = new PositionTable(bins, _width);
        embedding_dropout = new FastDropout(options.DropoutEmbedding);
        transformer_encoder = new NdtEncoder(_width, options);
        rate_dropout = new FastDropout(options.DropoutRates);
        var readout = Linear(_width, neurons);
        using (no_grad())
        {
            init.uniform_(readout.weight, -0.1, 0.1);
            init.zeros_(readout.bias!);
        }
        decoder = Sequential(readout);
        // Built after the shared modules, like the behavior embedder, so a model with and without it draw the same weights.
        readout_skip = SmoothedInputSkip.For(options, neurons, bins);
        if (behavior_input is not null && !concat)
        {
            // Built last, so the shared modules draw the same initial weights as a student with the same seed.
            behavior_embedder = Linear(behavior_input.OutputDims, neurons);
            // Zero start: the teacher begins as the student and learns how much behavior to let in.
            using var _ = no_grad();
            init.zeros_(behavior_embedder.weight!);
            init.zeros_(behavior_embedder.bias!);
        }
        RegisterComponents();
        // Non-persistent: it moves with the model between devices but is not part of the state dict.
        if (!options.FullContext)
            register_buffer(ContextMaskBuffer, ContextMask(bins, options.ContextBackward, options.ContextForward), persistent: false);
        if (options.InputSmoothingBins > 0)
            register_buffer(SmoothingBandBuffer, SmoothingBand(options.InputSmoothingBins, bins, options.Causal), persistent: false);
    }

    /// <summary>Neurons N in the input and the predicted log-rates.</summary>
    public override int Neurons => _neurons;
    /// <summary>Behavior channels D of a teacher (0 for a student).</summary>
    public override int BehaviorDims => _behaviorDims;
    /// <summary>The model width: N, or for a concat teacher N plus the encoded behavior channels, zero-padded to a multiple of the heads.</summary>
    public override int FeatureWidth => _width;
    /// <summary>Encoder layers (<c>model.layers</c>); each layer's output is one feature layer.</summary>
    public override int FeatureLayers => _options.Layers;
    /// <summary>The hyper-parameters the model was built with.</summary>
    public NdtOptions Options => _options;

    /// <summary>For a teacher, sets the behavior z-scoring statistics from the training trials' behavior (B × T × D, NaN ignored); a student (no behavior input) ignores it.</summary>
    public override void FitBehavior(Tensor trainingBehavior) => behavior_input?.Fit(trainingBehavior);

    /// <summary>
    /// One pass: (masked) counts B × T × N and, for a teacher, behavior B × T × D → log-rates B × T × N and each encoder
    /// layer's output (B × T × <see cref="FeatureWidth"/>, before the final LayerNorm). T may be shorter than the trial.
    /// </summary>
    public override ModelOutput Forward(Tensor neural, Tensor? behavior = null)
    {
        long bins = neural.shape[1];
        var skip = readout_skip?.Forward(neural);
        if (_options.InputSmoothingBins > 0) neural = SmoothWithBand(neural, get_buffer(SmoothingBandBuffer)!);
        var x = (embedder is null ? neural : embedder.forward(neural)) * (_options.ScaleInput ? Math.Sqrt(_neurons) : 1);
        if (behavior_input is not null)
        {
            if (behavior is null) throw new ArgumentException("this NDT is a teacher: it needs behavior input");
            var encoded = behavior_input.Forward(behavior);
            if (behavior_embedder is not null) x = x + behavior_embedder.forward(encoded);
            else
            {
                x = cat([x, encoded * Math.Sqrt(behavior_input.OutputDims)], -1);
                if (_padding > 0) x = nn.functional.pad(x, [0, _padding]);
            }
        }
        x = embedding_dropout.forward(x + pos_encoder.Rows(bins));
        var band = _options.FullContext ? null : get_buffer(ContextMaskBuffer);
        var mask = band?[TensorIndex.Slice(0, bins), TensorIndex.Slice(0, bins)];
        var features = transformer_encoder.Forward(x, mask, out var normalized);
        var logRates = decoder.forward(rate_dropout.forward(normalized));
        if (skip is not null) logRates = logRates + skip;
        return new ModelOutput(logRates, features);
    }

    /// <summary>
    /// A normalised Gaussian of standard deviation <paramref name="sigma"/> bins, truncated at ±3σ, as a 1 × 1 × K conv1d
    /// weight; <paramref name="causal"/>: its past half only (the centre and the bins before it, zero after), renormalised.
    /// </summary>
    internal static Tensor GaussianKernel(double sigma, bool causal = false)
    {
        int half = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        var weights = Enumerable.Range(-half, 2 * half + 1).Select(k => causal && k > 0 ? 0f : (float)Math.Exp(-0.5 * k * k / (sigma * sigma))).ToArray();
        float total = weights.Sum();
        return tensor(weights.Select(w => w / total).ToArray()).view(1, 1, -1).DetachFromDisposeScope();
    }

    /// <summary>B × T × N counts filtered along T with <paramref name="kernel"/>, zero-padded at the trial's ends (every channel alike).</summary>
    internal static Tensor SmoothOverTime(Tensor neural, Tensor kernel)
    {
        using var band = SmoothingBand(kernel, neural.shape[1]);
        return SmoothWithBand(neural, band);
    }

    /// <summary>
    /// The zero-padded cross-correlation with <paramref name="kernel"/> over <paramref name="bins"/> bins as one T × T
    /// banded matrix, M[t, s] = w[s − t + half]: applied by a single batched matmul, several times faster on CPU than
    /// conv1d over B·N one-channel rows. Its top-left T' × T' block is the band for any shorter trial.
    /// </summary>
    internal static Tensor SmoothingBand(Tensor kernel, long bins)
    {
        using var scope = NewDisposeScope();
        long width = kernel.shape[2], half = width / 2;
        var offset = arange(bins).unsqueeze(0) - arange(bins).unsqueeze(1) + half;
        var inside = offset.ge(0).logical_and(offset.lt(width));
        var band = kernel.view(-1).take(offset.clamp(0, width - 1)).mul(inside.to_type(kernel.dtype));
        return band.DetachFromDisposeScope();
    }

    /// <summary>The band of a Gaussian of σ = <paramref name="sigma"/> bins (<see cref="GaussianKernel"/>), built once per model.</summary>
    internal static Tensor SmoothingBand(double sigma, long bins, bool causal = false)
    {
        using var kernel = GaussianKernel(sigma, causal);
        return SmoothingBand(kernel, bins);
    }

    /// <summary>B × T × N counts smoothed along T by a precomputed <see cref="SmoothingBand(Tensor, long)"/>.</summary>
    internal static Tensor SmoothWithBand(Tensor neural, Tensor band)
    {
        long bins = neural.shape[1];
        var block = band.shape[0] == bins ? band : band[TensorIndex.Slice(0, bins), TensorIndex.Slice(0, bins)];
        return matmul(block.dtype == neural.dtype ? block : block.to_type(neural.dtype), neural);
    }

    /// <summary>Additive attention mask: query bin i may attend key bin j iff i − backward ≤ j ≤ i + forward.</summary>
    internal static Tensor ContextMask(int bins, int backward, int forward)
    {
        var offset = arange(bins).unsqueeze(0) - arange(bins).unsqueeze(1); // j − i
        var allowed = offset.ge(-backward).logical_and(offset.le(forward));
        return zeros(bins, bins).masked_fill(allowed.logical_not(), double.NegativeInfinity).DetachFromDisposeScope();
    }

    /// <summary>The reference's learned position table (<c>pos_encoder.pos_embedding</c>), N(0, 1) initialised.</summary>
    private sealed class PositionTable : Module
    {
        private readonly Embedding pos_embedding;

        public PositionTable(int bins, int width) : base("PositionTable")
        {
            pos_embedding = Embedding(bins, width); // PyTorch's default N(0, 1) init, as the reference keeps it
            RegisterComponents();
        }

        public Tensor Rows(long bins) => pos_embedding.weight![TensorIndex.Slice(0, bins)];
    }
}

/// <summary>The stack of pre-norm layers plus the final LayerNorm (<c>transformer_encoder</c> in the reference).</summary>
internal sealed class NdtEncoder : Module
{
    private readonly ModuleList<NdtEncoderLayer> layers;
    private readonly LayerNorm norm;

    public NdtEncoder(int width, NdtOptions options) : base("TransformerEncoder")
    {
        layers = new ModuleList<NdtEncoderLayer>();
        for (int i = 0; i < options.Layers; i++) layers.Add(new NdtEncoderLayer(width, options));
        if (options.IdenticalLayerInit)
        {
            // Parity with the reference: nn.TransformerEncoder deep-copies one initialised layer L times.
            var first = layers[0].parameters().ToArray();
            using var _ = no_grad();
            foreach (var layer in layers.Skip(1))
                foreach (var (target, source) in layer.parameters().Zip(first)) target.copy_(source);
        }
        norm = LayerNorm(width);
        RegisterComponents();
    }

    /// <summary>Runs the layers; returns each layer's output (before the final LN) and the normalised last one.</summary>
    public IReadOnlyList<Tensor> Forward(Tensor x, Tensor? mask, out Tensor normalized)
    {
        var outputs = new List<Tensor>(layers.Count);
        foreach (var layer in layers)
        {
            x = layer.Forward(x, mask);
            outputs.Add(x);
        }
        normalized = norm.forward(x);
        return outputs;
    }
}

/// <summary>
/// One pre-norm layer: h = x + Dropout(MHA(LN1(x))); y = h + Dropout(W2·Dropout(ReLU(W1·LN2(h) + b1)) + b2).
/// Initialised like PyTorch's TransformerEncoderLayer, then T-Fixup scales W1, W2 and the attention output
/// projection by 0.67·L^(−1/4) (the reference's rescaling; its intended value-projection rescale never ran).
/// </summary>
internal sealed class NdtEncoderLayer : Module
{
    private readonly SelfAttention self_attn;
    private readonly Linear linear1, linear2;
    private readonly LayerNorm norm1, norm2;
    private readonly FastDropout dropout, dropout1, dropout2;

    public NdtEncoderLayer(int width, NdtOptions options) : base("TransformerEncoderLayer")
    {
        self_attn = new SelfAttention(width, options.Heads, options.Dropout, options.FullContext ? null : (options.ContextBackward, options.ContextForward));
        linear1 = Linear(width, options.HiddenSize);
        linear2 = Linear(options.HiddenSize, width);
        norm1 = LayerNorm(width);
        norm2 = LayerNorm(width);
        dropout = new FastDropout(options.Dropout);
        dropout1 = new FastDropout(options.Dropout);
        dropout2 = new FastDropout(options.Dropout);
        if (options.FixupInit)
        {
            double scale = 0.67 * Math.Pow(options.Layers, -0.25);
            using var _ = no_grad();
            linear1.weight!.mul_(scale);
            linear2.weight!.mul_(scale);
            self_attn.OutputWeight.mul_(scale);
        }
        RegisterComponents();
    }

    public Tensor Forward(Tensor x, Tensor? mask)
    {
        // The layer's temporaries are released when it returns (autograd keeps what backward needs), as Python frees
        // them when their last reference goes; kept to the end of the step they raised the peak memory by a third.
        using var scope = NewDisposeScope();
        var h = x + dropout1.forward(self_attn.Forward(norm1.forward(x), mask));
        var inner = dropout.forward(functional.relu(linear1.forward(norm2.forward(h))));
        return (h + dropout2.forward(linear2.forward(inner))).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// Multi-head self-attention with PyTorch's packed parameters (<c>in_proj_weight</c>, <c>in_proj_bias</c>,
/// <c>out_proj</c>) and init (Xavier-uniform in-projection, zero biases), batch-first: libtorch's fused
/// scaled-dot-product attention, and while training the same product with dropout on the attention probabilities.
/// </summary>
internal sealed class SelfAttention : Module
{
    private readonly Parameter in_proj_weight, in_proj_bias;
    private readonly Linear out_proj;
    private readonly int _heads;
    private readonly double _dropout;
    private readonly (int Backward, int Forward)? _band;
    private Tensor? _blockMask; // BlockBandedAttention's mask for the last trial length, built once rather than every step
    private long _blockMaskBins;

    /// <summary>Packed in-projection (Xavier-uniform), output projection and zero biases, as <c>nn.MultiheadAttention</c>.</summary>
    /// <param name="width">Token width; divisible by <paramref name="heads"/>.</param>
    /// <param name="heads">Attention heads.</param>
    /// <param name="dropout">Dropout on the attention probabilities while training.</param>
    /// <param name="band">The context band (bins back, bins ahead) the mask allows, or null for full context: training
    /// computes a narrow band block by block (<see cref="BlockBandedAttention"/>).</param>
    public SelfAttention(int width, int heads, double dropout, (int Backward, int Forward)? band = null) : base("MultiheadAttention")
    {
        _band = band;
        _heads = heads;
        _dropout = dropout;
        in_proj_weight = Parameter(empty(3 * width, width));
        in_proj_bias = Parameter(zeros(3 * width));
        out_proj = Linear(width, width);
        using (no_grad())
        {
            init.xavier_uniform_(in_proj_weight);
            init.zeros_(out_proj.bias!);
        }
        RegisterComponents();
    }

    public Tensor OutputWeight => out_proj.weight!;

    public Tensor Forward(Tensor x, Tensor? mask)
    {
        long batch = x.shape[0], bins = x.shape[1], width = x.shape[2], headWidth = width / _heads;
        var qkv = functional.linear(x, in_proj_weight, in_proj_bias).view(batch, bins, 3, _heads, headWidth).permute(2, 0, 3, 1, 4);
        Tensor attended;
        if (training && _band is var (backward, forward) && BlockBandedAttention.Pays(bins, backward, forward))
            attended = BlockBandedAttention.Attend(qkv[0], qkv[1], qkv[2], backward, forward, _dropout, BlockMask(bins, backward, forward, x.device));
        else if (training && _dropout > 0)
        {
            // What scaled_dot_product_attention computes with dropout (softmax(QKᵀ/√d + mask), dropped, times V), with the
            // probabilities' mask drawn by FastDropout: libtorch's own draw cost more than the attention arithmetic.
            var scores = matmul(qkv[0], qkv[1].transpose(-2, -1)).mul_(1 / Math.Sqrt(headWidth));
            if (mask is not null) scores = scores.add_(mask);
            attended = matmul(FastDropout.Apply(functional.softmax(scores, -1), _dropout), qkv[2]);
        }
        else attended = functional.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2], mask, 0.0);
        return out_proj.forward(attended.transpose(1, 2).reshape(batch, bins, width));
    }

    private Tensor BlockMask(long bins, int backward, int forward, Device device)
    {
        if (_blockMask is { } cached && _blockMaskBins == bins && cached.device_type == device.type && cached.device_index == device.index) return cached;
        _blockMask?.Dispose();
        _blockMaskBins = bins;
        return _blockMask = BlockBandedAttention.Mask(bins, backward, forward, device).DetachFromDisposeScope();
    }

    /// <summary>Releases the cached block mask with the module.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing) _blockMask?.Dispose();
        base.Dispose(disposing);
    }
}
