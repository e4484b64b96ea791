using Blend.Data;

namespace Blend.Models.Smoothing;

/// <summary>What <see cref="SmoothingBaseline.Fit"/> returns: the rates, the chosen cell, the whole grid and the chosen cell's validation scores.</summary>
public sealed record SmoothingFit
{
    public required NlbDatasetRates Rates { get; init; }

    public required SmoothingCandidate Chosen { get; init; }

    public required IReadOnlyList<SmoothingCandidate> Grid { get; init; }

    /// <summary>co-bps and (with behavior) vel R² of the chosen cell on the validation trials, from GLMs fitted without them.</summary>
    public required IReadOnlyDictionary<string, double> ValidationMetrics { get; init; }

    public required double BinMs { get; init; }

    public required int ValidationTrials { get; init; }

    /// <summary>GLM fits (of all cells) whose Newton iterations ended before the gradient tolerance; 0 in normal use.</summary>
    public required int UnconvergedFits { get; init; }
}
