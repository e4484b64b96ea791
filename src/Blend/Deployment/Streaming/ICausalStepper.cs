namespace Blend.Deployment.Streaming;

/// <summary>
/// A causal model run one bin at a time within a window that starts at position 0, as its batch forward sees a trial:
/// <see cref="Step"/> takes the model input of the next bin (N floats: held-in counts, zeros for held-out neurons) and
/// returns that bin's log-rates and latents, equal to the batch forward's at that position. Each step costs one
/// position's work (the past is cached), not a re-run of the window.
/// </summary>
internal interface ICausalStepper
{
    /// <summary>Latent names and widths, in the order <see cref="Step"/> fills them.</summary>
    IReadOnlyList<(string Name, int Width)> Latents { get; }

    /// <summary>Positions a window holds (the bins the model was trained to read).</summary>
    int WindowBins { get; }

    /// <summary>The next position, 0 after <see cref="Reset"/>.</summary>
    int Position { get; }

    /// <summary>Starts a new window: forgets every cached bin.</summary>
    void Reset();

    /// <summary>Advances one position: <paramref name="input"/> (N) → <paramref name="logRates"/> (N) and each latent.</summary>
    void Step(ReadOnlySpan<float> input, Span<float> logRates, IReadOnlyList<float[]> latents);
}
