using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using Blend.Data;

namespace Blend.Models;

/// <summary>
/// STNDT, the spatiotemporal Neural Data Transformer (Le &amp; Shlizerman 2022,
/// Part A), as a cleaned port. The masked B × T × N input feeds two streams: a temporal one (tokens = bins: a linear
/// N × N embedder × √N plus sinusoidal positions over time) and a spatial one (tokens = neurons: a linear T × T
/// embedder of each neuron's time series × √T plus sinusoidal positions over the neuron index). Each layer runs a
/// pre-norm temporal transformer block with NDT's band mask, then mixes the neurons' time courses with head-averaged
/// spatial attention weights computed from the spatial input (the embedding for layer 1, the previous layer's output
/// transposed after that), then a feed-forward block. A final LayerNorm, rate dropout and a linear decoder give the
/// log-rates. Training adds λ·(NT-Xent temporal + NT-Xent spatial) over two further corruptions of the held-in spikes.
/// <para>
/// Choices of this port: layers start from independent weights unless <c>model.identical_layer_init</c> (the
/// reference deep-copies one layer); the spatial attention's value and output projections, which never reach the
/// output, are not built; the contrastive views are embedded but not run through the transformer (with the
/// reference's embedder-level features the loss and its gradients are the same: only the two embedders get any);
/// validation selects on the masked Poisson loss only, as the reference's early stopping does (it merely logs the
/// contrastive loss). Patience is the trainer's (configs/stndt.yaml: 3000, not the repository's debugging value 1).
/// </para>
/// <para>
/// As a teacher (behavior dims &gt; 0): <c>model.behavior_fusion: concat</c> (option S1) appends the encoded behavior
/// (z-scored, NaN → 0, plus the missing indicator) to the neural input, so both streams widen to N + D′ (zero
/// channels pad the width to a multiple of the heads) while the decoder still predicts the N neurons; behavior is
/// never masked and both contrastive views carry the same behavior. <c>embed</c> (S2) adds a zero-initialised linear
/// embedding of behavior to the temporal embedding, keeping the width N; built last, so a teacher starts as the
/// student of the same seed.
/// </para>
/// </summary>
public sealed class StndtModel : NeuralDynamicsModel
{
    private readonly BehaviorInput? behavior_input;
    private readonly Linear temporal_embedder, spatial_embedder;
    private readonly FastDropout embedding_dropout;
    private readonly ModuleList<StndtLayer> layers;
    private readonly LayerNorm norm;
    private readonly FastDropout rate_dropout;
    private readonly Linear decoder;
    private readonly SmoothedInputSkip? readout_skip;
    private readonly Linear? behavior_embedder;

    private readonly NdtOptions _transformer;
    private readonly StndtOptions _options;
    private readonly TrialLayout _layout;
    private readonly Masker _contrastMasker;
    private readonly int _behaviorDims, _width, _padding, _spatialHeads;

    private const string TimePositionsBuffer = "time_positions";
    private const string NeuronPositionsBuffer = "neuron_positions";
    private const string ContextMaskBuffer = "context_mask";

    /// <summary>Builds an STNDT for trials of <paramref name="layout"/>'s shape; a teacher when <paramref name="behaviorDims"/> &gt; 0.</summary>
    /// <param name="transformer">The transformer keys shared with NDT (<c>model:</c>).</param>
    /// <param name="options">STNDT's own keys (<c>stndt:</c>): contrastive term and spatial heads.</param>
    /// <param name="layout">Trial geometry: neurons N and bins T + F (the spatial tokens' width, which the spatial heads must divide).</param>
    /// <param name="behaviorDims">Behavior channels D of a teacher; 0 for a student.</param>
    public StndtModel(NdtOptions transformer, StndtOptions options, TrialLayout layout, int behaviorDims = 0) : base("STNDT")
    {
        if (layout.Neurons < 1 || layout.Bins < 1 || behaviorDims < 0)
            throw new ArgumentOutOfRangeException(nameof(layout),
                $"STNDT needs neurons ≥ 1, bins ≥ 1, behavior dims ≥ 0; got {layout.Neurons}, {layout.Bins}, {behaviorDims}");
        _transformer = transformer;
        _options = options;
        _layout = layout;
        _behaviorDims = behaviorDims;
        int neurons = layout.Neurons, bins = layout.Bins;
        if (behaviorDims > 0)
            behavior_input = new BehaviorInput(behaviorDims, transformer.NormalizeBehavior, transformer.BehaviorMissingIndicator, transformer.TruncateBehavior);
        bool concat = behavior_input is not null && transformer.BehaviorFusion == BehaviorFusion.Concat;
        int unpadded = neurons + (concat ? behavior_input!.OutputDims : 0);
        if (!concat && unpadded % transformer.Heads != 0)
            throw new HeadsDoNotDivideWidthException($"STNDT width {unpadded} (the neurons) is not divisible by model.heads = {transformer.Heads}");
        // Concat fusion: zero channels pad the width to a multiple of the heads, as NDT's teacher does.
        _padding = concat ? (transformer.Heads - unpadded % transformer.Heads) % transformer.Heads : 0;
        _width = unpadded + _padding;
        _spatialHeads = options.SpatialHeads == 0 ? transformer.Heads : options.SpatialHeads;
        if (bins % _spatialHeads != 0)
            throw new BlendInputException(
                $"STNDT's spatial attention embeds the {bins} bins of a trial, which {(options.SpatialHeads == 0 ? "model.heads" : "stndt.spatial_heads")} = {_spatialHeads} does not divide; set stndt.spatial_heads to a divisor of {bins}");

        temporal_embedder = Linear(_width, _width);
        spatial_embedder = Linear(bins, bins); // PyTorch's default init, as the reference keeps it
        using (no_grad()) init.uniform_(temporal_embedder.weight!, -0.1, 0.1);
        embedding_dropout = new FastDropout(transformer.DropoutEmbedding);
        layers = new ModuleList<StndtLayer>();
        for (int i = 0; i < transformer.Layers; i++) layers.Add(new StndtLayer(_width, bins, _spatialHeads, transformer));
        if (transformer.IdenticalLayerInit)
        {
            // Parity with the reference, whose encoder deep-copies one initialised layer L times.
            var first = layers[0].parameters().ToArray();
            using var _ = no_grad();
            foreach (var layer in layers.Skip(1))
                foreach (var (target, source) in layer.parameters().Zip(first)) target.copy_(source);
        }
        norm = LayerNorm(_width);
        rate_dropout = new FastDropout(transformer.DropoutRates);
        decoder = Linear(_width, neurons);
        using (no_grad())
        {
            init.uniform_(decoder.weight!, -0.1, 0.1);
            init.zeros_(decoder.bias!);
        }
        readout_skip = SmoothedInputSkip.For(transformer, neurons, bins);
        if (behavior_input is not null && !concat)
        {
            // Built last, so the shared modules draw the same initial weights as a student with the same seed; the zero
            // start makes the teacher begin as that student.
            behavior_embedder = Linear(behavior_input.OutputDims, _width);
            using var _ = no_grad();
            init.zeros_(behavior_embedder.weight!);
            init.zeros_(behavior_embedder.bias!);
        }
        RegisterComponents();
        // Non-persistent: fixed tables that move with the model but stay out of the state dict.
        register_buffer(TimePositionsBuffer, SinusoidalPositions.Table(bins, _width), persistent: false);
        register_buffer(NeuronPositionsBuffer, SinusoidalPositions.Table(_width, bins), persistent: false);
        if (!transformer.FullContext)
            register_buffer(ContextMaskBuffer, NdtModel.ContextMask(bins, transformer.ContextBackward, transformer.ContextForward), persistent: false);
        if (transformer.InputSmoothingBins > 0)
            register_buffer(NdtModel.SmoothingBandBuffer, NdtModel.SmoothingBand(transformer.InputSmoothingBins, bins), persistent: false);
        _contrastMasker = new Masker(new MaskingOptions
        {
            Mode = MaskMode.Full,
            Ratio = options.ContrastMaskRatio,
            TokenRatio = options.ContrastMaskTokenRatio,
            RandomRatio = options.ContrastMaskRandomRatio,
        }, layout);
    }

    /// <summary>Neurons N of the layout (held-in plus held-out).</summary>
    public override int Neurons => _layout.Neurons;
    /// <summary>Behavior channels D of a teacher (0 for a student).</summary>
    public override int BehaviorDims => _behaviorDims;
    /// <summary>The temporal width: N, or for a concat teacher N plus the encoded behavior channels, zero-padded to a multiple of the heads.</summary>
    public override int FeatureWidth => _width;
    /// <summary>Layers (<c>model.layers</c>); each layer's output is one feature layer.</summary>
    public override int FeatureLayers => _transformer.Layers;
    /// <summary>The shared transformer keys (<c>model:</c>) the model was built with.</summary>
    public NdtOptions Transformer => _transformer;
    /// <summary>The <c>stndt:</c> options the model was built with.</summary>
    public StndtOptions Options => _options;

    /// <summary>Heads of the spatial attention (<c>stndt.spatial_heads</c>, or <c>model.heads</c> when that is 0).</summary>
    public int SpatialHeads => _spatialHeads;

    /// <summary>For a teacher, sets the behavior z-scoring statistics from the training trials' behavior (B × T × D, NaN ignored); a student (no behavior input) ignores it.</summary>
    public override void FitBehavior(Tensor trainingBehavior) => behavior_input?.Fit(trainingBehavior);

    /// <summary>
    /// One pass: (masked) counts B × (T + F) × N and, for a teacher, behavior → log-rates B × (T + F) × N and each layer's
    /// output (B × (T + F) × <see cref="FeatureWidth"/>, before the final LayerNorm). Trials must have the layout's bins.
    /// </summary>
    public override ModelOutput Forward(Tensor neural, Tensor? behavior = null)
    {
        var (temporal, spatial) = Embed(neural, behavior);
        var s = embedding_dropout.forward(temporal + get_buffer(TimePositionsBuffer)!);
        var a = embedding_dropout.forward(spatial + get_buffer(NeuronPositionsBuffer)!);
        var mask = _transformer.FullContext ? null : get_buffer(ContextMaskBuffer);
        var features = new List<Tensor>(layers.Count);
        foreach (var layer in layers)
        {
            s = layer.Forward(s, a, mask);
            features.Add(s);
            a = s.transpose(1, 2); // the next layer's spatial tokens: this output's neuron time courses
        }
        var logRates = decoder.forward(rate_dropout.forward(norm.forward(s)));
        if (readout_skip is not null) logRates = logRates + readout_skip.Forward(neural);
        return new ModelOutput(logRates, features);
    }

    /// <summary>
    /// Masked Poisson NLL of the masked input plus, when <c>stndt.contrast_lambda</c> &gt; 0, λ times the contrastive
    /// term (<see cref="ContrastiveLoss"/>).
    /// </summary>
    public override ModelLoss TrainingLoss(MaskedBatch batch)
    {
        using var scope = NewDisposeScope();
        var output = Forward(batch.Input, BehaviorDims > 0 ? batch.Behavior : null);
        var loss = MaskedPoissonLoss.Mean(output.LogRates, batch.Labels);
        if (_options.ContrastLambda > 0) loss = loss + ContrastiveLoss(batch) * _options.ContrastLambda;
        return MoveOut(loss, output);
    }

    /// <summary>
    /// NT-Xent over the temporal plus NT-Xent over the spatial embedder outputs (before positions, flattened) of two
    /// views of the batch's spikes, each with its held-in main block corrupted in full mode at the
    /// <c>stndt.contrast_mask_*</c> ratios, drawn from the batch's random stream (a teacher's views share its behavior).
    /// </summary>
    public Tensor ContrastiveLoss(MaskedBatch batch)
    {
        var spikes = batch.RequireSpikes("STNDT's contrastive term");
        var generator = batch.Generator
            ?? throw new InvalidOperationException("STNDT's contrastive term needs the batch's random stream (MaskedBatch.Generator)");
        using var scope = NewDisposeScope();
        long trials = spikes.shape[0];
        var (first, _) = _contrastMasker.Mask(spikes, 1, generator);
        var (second, _) = _contrastMasker.Mask(spikes, 1, generator);
        var behavior = BehaviorDims > 0 ? batch.Behavior ?? throw new InvalidOperationException("this STNDT is a teacher: it needs behavior input") : null;
        // Both views in one embedding pass.
        var (temporal, spatial) = Embed(cat([first, second], 0), behavior is null ? null : cat([behavior, behavior], 0));
        var temporalViews = temporal.reshape(2, trials, -1);
        var spatialViews = spatial.reshape(2, trials, -1);
        var loss = NtXentLoss.Loss(temporalViews[0], temporalViews[1], _options.ContrastTemperature)
            + NtXentLoss.Loss(spatialViews[0], spatialViews[1], _options.ContrastTemperature);
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>The temporal (B × T × W, × √W) and spatial (B × W × T, × √T) embeddings, before positions and dropout.</summary>
    private (Tensor Temporal, Tensor Spatial) Embed(Tensor neural, Tensor? behavior)
    {
        if (neural.ndim != 3 || neural.shape[1] != _layout.Bins || neural.shape[2] != _layout.Neurons)
            throw new ArgumentException(
                $"STNDT input of shape ({string.Join(", ", neural.shape)}) does not fit B × {_layout.Bins} × {_layout.Neurons}", nameof(neural));
        Tensor? encoded = null;
        if (behavior_input is not null)
        {
            if (behavior is null) throw new ArgumentException("this STNDT is a teacher: it needs behavior input", nameof(behavior));
            encoded = behavior_input.Forward(behavior);
        }
        var x = _transformer.InputSmoothingBins > 0 ? NdtModel.SmoothWithBand(neural, get_buffer(NdtModel.SmoothingBandBuffer)!) : neural;
        if (encoded is not null && behavior_embedder is null)
        {
            x = cat([x, encoded], -1);
            if (_padding > 0) x = functional.pad(x, [0, _padding]);
        }
        var temporal = temporal_embedder.forward(x) * (_transformer.ScaleInput ? Math.Sqrt(_width) : 1);
        if (behavior_embedder is not null) temporal = temporal + behavior_embedder.forward(encoded!);
        var spatial = spatial_embedder.forward(x.transpose(1, 2)) * (_transformer.ScaleInput ? Math.Sqrt(_layout.Bins) : 1);
        return (temporal, spatial);
    }

    /// <summary>
    /// Parameters of an STNDT with width W (neurons, plus behavior channels and padding for a concat teacher), N
    /// predicted neurons, T bins, L layers and feed-forward width H (without the spatial value and output
    /// projections): embedders W(W+1) + T(T+1); per layer the temporal block 4W² + 4W + 2WH + H + W + 4W and the
    /// spatial block 2T² + 2T + 2T + 4W + 2WH + H + W; final LayerNorm 2W; decoder WN + N; an embed teacher's behavior
    /// embedding D′W + W.
    /// </summary>
    public static long ParameterCount(int width, int neurons, int bins, int layers, int hidden, int embeddedBehaviorDims = 0)
    {
        long w = width, t = bins, h = hidden;
        long temporalBlock = 4 * w * w + 4 * w + 2 * w * h + h + w + 4 * w;
        long spatialBlock = 2 * t * t + 2 * t + 2 * t + 4 * w + 2 * w * h + h + w;
        long embedders = w * (w + 1) + t * (t + 1);
        long behavior = embeddedBehaviorDims > 0 ? embeddedBehaviorDims * w + w : 0;
        return embedders + layers * (temporalBlock + spatialBlock) + 2 * w + w * neurons + neurons + behavior;
    }
}

/// <summary>
/// One spatiotemporal layer (Le &amp; Shlizerman 2022): NDT's pre-norm temporal block (band mask, T-Fixup when configured); spatial
/// weights W_s from LN_s of the spatial input; S ← S + Dropout(W_s·LN_ts1(S)) per trial (neurons mixed by their time
/// courses); S ← S + Dropout(U₂·Dropout(ReLU(U₁·LN_ts2(S)))). The spatial modules keep PyTorch's default init (the
/// reference creates them after its Fixup call).
/// </summary>
internal sealed class StndtLayer : Module
{
    private readonly NdtEncoderLayer temporal;
    private readonly LayerNorm spatial_norm;
    private readonly SpatialAttentionWeights spatial_attn;
    private readonly LayerNorm norm_ts1, norm_ts2;
    private readonly Linear linear_ts1, linear_ts2;
    private readonly FastDropout dropout_ts, dropout_ts1, dropout_ts2;

    public StndtLayer(int width, int bins, int spatialHeads, NdtOptions options) : base("SpatioTemporalLayer")
    {
        temporal = new NdtEncoderLayer(width, options);
        spatial_norm = LayerNorm(bins);
        spatial_attn = new SpatialAttentionWeights(bins, spatialHeads);
        norm_ts1 = LayerNorm(width);
        norm_ts2 = LayerNorm(width);
        linear_ts1 = Linear(width, options.HiddenSize);
        linear_ts2 = Linear(options.HiddenSize, width);
        dropout_ts = new FastDropout(options.Dropout);
        dropout_ts1 = new FastDropout(options.Dropout);
        dropout_ts2 = new FastDropout(options.Dropout);
        RegisterComponents();
    }

    /// <summary>The head-averaged spatial attention weights (B × W × W) for a spatial input (B × W × T).</summary>
    public Tensor SpatialWeights(Tensor spatialInput) => spatial_attn.Forward(spatial_norm.forward(spatialInput));

    /// <summary><paramref name="s"/>: the temporal state B × T × W; <paramref name="a"/>: the spatial input B × W × T.</summary>
    public Tensor Forward(Tensor s, Tensor a, Tensor? mask)
    {
        s = temporal.Forward(s, mask);
        var weights = SpatialWeights(a);
        // Per trial M = W_s·Z with Z the W × T neuron time courses; in the B × T × W layout that is Zᵀ·W_sᵀ.
        var mixed = norm_ts1.forward(s).matmul(weights.transpose(1, 2));
        s = s + dropout_ts1.forward(mixed);
        var inner = dropout_ts.forward(functional.relu(linear_ts1.forward(norm_ts2.forward(s))));
        return s + dropout_ts2.forward(linear_ts2.forward(inner));
    }
}
