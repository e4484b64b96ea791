using Blend.Data;

namespace Blend.Models.Smoothing;

/// <summary>What <see cref="SmoothingBaseline.Fit"/> returns: the rates, the chosen cell, the whole grid and the chosen cell's validation scores.</summary>
public sealed record SmoothingFit
{
    /// <summary>Train and eval rates (trials × main bins × neurons, spikes per bin): held-in the smoothed spikes, held-out the GLMs' predictions.</summary>
    public required NlbDatasetRates Rates { get; init; }

    /// <summary>The grid cell with the highest validation co-bps.</summary>
    public required SmoothingCandidate Chosen { get; init; }

    /// <summary>Every cell tried, with its validation co-bps, in the order fitted.</summary>
    public required IReadOnlyList<SmoothingCandidate> Grid { get; init; }

    /// <summary>co-bps and (with behavior) vel R² of the chosen cell on the validation trials, from GLMs fitted without them.</summary>
    public required IReadOnlyDictionary<string, double> ValidationMetrics { get; init; }

    /// <summary>Bin width of the data, in ms.</summary>
    public required double BinMs { get; init; }

    /// <summary>Number of training trials used for validation.</summary>
    public required int ValidationTrials { get; init; }

    /// <summary>GLM fits (of all cells) whose Newton iterations ended before the gradient tolerance; 0 in normal use.</summary>
    public required int UnconvergedFits { get; init; }
}
