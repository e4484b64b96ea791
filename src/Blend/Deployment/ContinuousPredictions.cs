using Blend.Data;

namespace Blend.Deployment;

/// <summary>
/// A bundle's predictions merged back onto a continuous recording's own time axis: one row per input row (source bins;
/// NaN where no whole model bin covers the row), rates in the recording's neuron order (column j = the recording's
/// neuron j) in counts per input bin, each latent and the decoded behavior per row.
/// </summary>
public sealed record ContinuousPredictions(RowMatrix Rates, IReadOnlyList<(string Name, RowMatrix Values)> Latents, RowMatrix? Behavior)
{
    /// <summary>Model windows chopped from the recording, and where each starts (in model bins).</summary>
    public required int[] WindowStarts { get; init; }
}
