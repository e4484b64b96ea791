namespace Blend.Models;

/// <summary>
/// Hyper-parameters of the Neural Data Transformer. Defaults are the BLEND reference's effective MC_Maze values
/// (the BLEND authors' code, after NDT: Ye &amp; Pandarinath 2021).
/// </summary>
public sealed record NdtOptions
{
    /// <summary>NUM_LAYERS: pre-norm encoder layers.</summary>
    public int Layers { get; init; } = 4;
    /// <summary>NUM_HEADS: attention heads; they must divide the model width (the neurons, for a student).</summary>
    public int Heads { get; init; } = 2;
    /// <summary>Feed-forward width inside each layer.</summary>
    public int HiddenSize { get; init; } = 128;
    /// <summary>Dropout on attention probabilities, both residual branches and inside the feed-forward block.</summary>
    public double Dropout { get; init; } = 0.1;
    /// <summary>Dropout on (scaled input + position).</summary>
    public double DropoutEmbedding { get; init; } = 0.2;
    /// <summary>Dropout before the log-rate readout.</summary>
    public double DropoutRates { get; init; } = 0.2;
    /// <summary>Query bin i attends key bins i − backward … i + forward.</summary>
    public int ContextForward { get; init; } = 4;
    /// <summary>Bins before the query bin that attention may read (see <see cref="ContextForward"/>).</summary>
    public int ContextBackward { get; init; } = 8;
    /// <summary>Every bin attends every bin: no band mask, <see cref="ContextForward"/> and <see cref="ContextBackward"/> unused.</summary>
    public bool FullContext { get; init; }
    /// <summary>A learned N → N linear embedder instead of the identity.</summary>
    public bool LinearEmbedder { get; init; }
    /// <summary>
    /// Multiply the embedded input by √width before adding positions (the reference, after Vaswani et al. 2017). False
    /// feeds the embedded counts unscaled, so a bin's Poisson noise does not dominate the residual stream that the readout sees.
    /// </summary>
    public bool ScaleInput { get; init; } = true;
    /// <summary>
    /// A causal model for streaming (<c>blend stream</c>): every output bin depends on the input up to that bin only. It
    /// needs <see cref="ContextForward"/> 0 (and no full context), and it makes the input smoothing and the
    /// smoothed-input skip one-sided: the past half of the Gaussian, renormalised. NDT only (STNDT's spatial attention
    /// reads each neuron's whole time course).
    /// </summary>
    public bool Causal { get; init; }
    /// <summary>
    /// σ, in bins, of a fixed Gaussian filter over time applied to the (masked) input counts before the embedder; 0 (the
    /// reference) feeds the counts as they are. Masked bins enter as zeros, so no hidden count reaches the input.
    /// </summary>
    public double InputSmoothingBins { get; init; }
    /// <summary>
    /// σ, in bins, of a smoothed-input skip to the readout; 0 (the reference) has none. Where &gt; 0, the log-rates add a
    /// zero-initialised linear map of log(1 + Gaussian-smoothed (masked) input counts): a Poisson GLM on smoothed spikes, NLB's
    /// smoothing baseline, runs beside the transformer, so each neuron's own recent counts reach its rate directly instead
    /// of through the low-rank residual stream, which the dominant shared dynamics otherwise claim.
    /// </summary>
    public double ReadoutSkipBins { get; init; }
    /// <summary>
    /// Rank of the smoothed-input skip (<see cref="ReadoutSkipBins"/>); 0: a full N → N map. A low rank reads a few
    /// population factors of the smoothed counts, which averages out their Poisson noise instead of copying it into the rates.
    /// </summary>
    public int ReadoutSkipRank { get; init; }
    /// <summary>T-Fixup rescaling of W1, W2 and the attention output projection by 0.67·L^(−1/4).</summary>
    public bool FixupInit { get; init; } = true;
    /// <summary>Parity switch: start all layers from one identical copy, as the reference (and NDT) does.</summary>
    public bool IdenticalLayerInit { get; init; }
    /// <summary>How a teacher takes behavior: <c>concat</c> (the reference: channels appended to the scaled spikes,
    /// widening the model) or <c>embed</c> (a learned, zero-initialised linear embedding added to the input; width unchanged).</summary>
    public BehaviorFusion BehaviorFusion { get; init; } = BehaviorFusion.Concat;
    /// <summary>Z-score behavior with training statistics (the reference feeds raw values).</summary>
    public bool NormalizeBehavior { get; init; } = true;
    /// <summary>Append a channel marking bins with missing (NaN) behavior, which is zero-filled.</summary>
    public bool BehaviorMissingIndicator { get; init; } = true;
    /// <summary>Parity switch: truncate behavior to integers as the reference does.</summary>
    public bool TruncateBehavior { get; init; }
}
