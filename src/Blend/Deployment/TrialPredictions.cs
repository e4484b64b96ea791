using Blend.Data;

namespace Blend.Deployment;

/// <summary>
/// A bundle's predictions for trial-aligned data: rates (trials × (T + F) × N, counts per bin, neurons in model order:
/// held-in then held-out), each latent (trials × (T + F) × width) and the decoded behavior of the main bins
/// (trials × T × D; null without a decoder).
/// </summary>
public sealed record TrialPredictions(Array3 Rates, IReadOnlyList<(string Name, Array3 Values)> Latents, Array3? Behavior);
