namespace Blend.Models;

/// <summary>What one masking draw covers: a whole time step of a trial, or a single (bin, neuron) entry.</summary>
public enum MaskMode
{
    /// <summary>A draw masks one main bin of a trial across every held-in neuron (NDT, BLEND).</summary>
    Timestep,
    /// <summary>A draw masks one (bin, held-in neuron) entry on its own (STNDT).</summary>
    Full,
}

/// <summary>
/// Masked-modeling settings (NDT's <c>mask.py</c>, timestep mode with zero masking). Defaults are the
/// reference's effective MC_Maze values.
/// </summary>
public sealed record MaskingOptions
{
    /// <summary>MASK_MODE: timestep (BLEND/NDT: a masked bin hides every held-in neuron) or full (STNDT: each entry on its own).</summary>
    public MaskMode Mode { get; init; } = MaskMode.Timestep;

    /// <summary>MASK_RATIO: probability that a time step of a trial (timestep mode) or an entry (full mode) is masked.</summary>
    public double Ratio { get; init; } = 0.25;

    /// <summary>MASK_TOKEN_RATIO: probability that a masked entry's input is replaced by 0.</summary>
    public double TokenRatio { get; init; } = 1.0;

    /// <summary>MASK_RANDOM_RATIO: of the masked entries not zeroed, the fraction given a random count in [0, max(batch)).</summary>
    public double RandomRatio { get; init; } = 0.5;

    /// <summary>MASK_MAX_SPAN: widest span (in bins) of a masked block; 1 turns span masking off.</summary>
    public int MaxSpan { get; init; } = 1;

    /// <summary>MASK_SPAN_RAMP_START / END: epochs over which the chance of span masking rises from 0 to 1.</summary>
    public int RampStart { get; init; } = 8000;

    /// <summary>MASK_SPAN_RAMP_END: epoch at which the chance of span masking reaches 1 (see <see cref="RampStart"/>).</summary>
    public int RampEnd { get; init; } = 12000;
}
