namespace Blend.Models;

/// <summary>
/// The <c>stndt:</c> section: what STNDT adds to the transformer keys of <c>model:</c> (layers, heads, hidden_size,
/// dropouts, context band, fixup_init, behavior_fusion, … shared with NDT). Defaults are STNDT's MC_Maze yaml
/// (Le &amp; Shlizerman 2022). STNDT's embedder is always linear, its positions sinusoidal.
/// </summary>
public sealed record StndtOptions
{
    /// <summary>LAMBDA: weight λ of the contrastive term (0 turns it off).</summary>
    public double ContrastLambda { get; init; } = 0.1;

    /// <summary>TEMPERATURE τ of the NT-Xent loss.</summary>
    public double ContrastTemperature { get; init; } = 0.07;

    /// <summary>CONTRAST_MASK_RATIO: fraction of held-in entries corrupted in each contrastive view (full mode).</summary>
    public double ContrastMaskRatio { get; init; } = 0.05;

    /// <summary>CONTRAST_MASK_TOKEN_RATIO: of the corrupted entries, the fraction zeroed.</summary>
    public double ContrastMaskTokenRatio { get; init; } = 0.5;

    /// <summary>CONTRAST_MASK_RANDOM_RATIO: of the rest, the fraction given a random count.</summary>
    public double ContrastMaskRandomRatio { get; init; } = 0.5;

    /// <summary>
    /// Heads of the spatial attention, whose embedding width is the bins per trial (T + F), so they must divide it;
    /// 0 (the reference: one NUM_HEADS for both) uses <c>model.heads</c>.
    /// </summary>
    public int SpatialHeads { get; init; }
}
